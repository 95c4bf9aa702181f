using System.Diagnostics;

namespace ProRT.Integration.Tests;

public static partial class Lab
{
    /// <summary>The PostgreSQL database tests/postgres.sh creates, on its Unix socket (reachable from the lab's namespaces).</summary>
    public static string Postgres =>
        Environment.GetEnvironmentVariable("PRTIP_TEST_POSTGRES") is { Length: > 0 } url ? url : "postgres:///prtip?host=/var/run/postgresql";

    /// <summary>The prtip program built next to the tests.</summary>
    public static string PrtipPath => Path.Combine(AppContext.BaseDirectory, "prtip");

    /// <summary>Starts prtip as its own process (so it can be killed), output redirected.</summary>
    public static Process StartPrtip(params string[] args) => StartPrtip(new Dictionary<string, string>(), args);

    /// <summary>Starts prtip as its own process with extra environment variables, output redirected.</summary>
    public static Process StartPrtip(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var psi = new ProcessStartInfo(PrtipPath) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (name, value) in environment) psi.Environment[name] = value;
        return Process.Start(psi) ?? throw new InvalidOperationException("cannot start prtip");
    }

    /// <summary>Runs prtip to the end (three minutes at most) and returns its exit code and output.</summary>
    public static async Task<(int Code, string Stdout, string Stderr)> RunPrtipAsync(params string[] args)
    {
        using var process = StartPrtip(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Sends a signal (INT, TERM...) to a process.</summary>
    public static void Signal(Process process, string signal)
    {
        using var kill = Process.Start("kill", $"-{signal} {process.Id}");
        kill.WaitForExit();
    }
}
