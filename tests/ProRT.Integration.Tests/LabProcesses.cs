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

    /// <summary>
    /// Starts prtip with --stats-every and returns once a stats line reports ports done, so that a test which interrupts
    /// it does so mid-scan however slow start-up is on this machine; stdout is drained from then on.
    /// </summary>
    public static async Task<Process> StartPrtipScanningAsync(params string[] args)
    {
        var process = StartPrtip([.. args, "--stats-every", "100ms"]);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            var done = System.Text.RegularExpressions.Regex.Match(line, @"^Stats: .* ([0-9]+) ports done");
            if (done.Success && long.Parse(done.Groups[1].Value) > 0)
            {
                _ = process.StandardOutput.ReadToEndAsync();
                return process;
            }
        }
        throw new InvalidOperationException($"prtip ended before it scanned a port: {await process.StandardError.ReadToEndAsync()}");
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
