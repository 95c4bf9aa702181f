using System.Diagnostics;
using System.Net.NetworkInformation;

namespace ProRT.Integration.Tests;

/// <summary>
/// The namespaces tests/lab/lab.sh builds. These tests run inside the scanner namespace
/// (`tests/lab/lab.sh exec dotnet test ...`), so whatever they send cannot leave the machine.
/// </summary>
public static partial class Lab
{
    public const string Target = "198.18.0.2";

    /// <summary>Fails with a clear message when the test is not running inside the lab's scanner namespace.</summary>
    public static void Require()
    {
        bool inLab = NetworkInterface.GetAllNetworkInterfaces().Any(i => i.Name == "veth-s1");
        Assert.True(inLab, "lab tests run inside the scanner namespace: sudo tests/lab/lab.sh up && " +
                           "tests/lab/lab.sh exec dotnet test tests/ProRT.Integration.Tests --no-build");
    }

    /// <summary>Drops <paramref name="percent"/>% of what the target sends (lab.sh loss).</summary>
    public static Task LossAsync(int percent) => RunToolAsync("bash", LabScript, "loss", $"{percent}%");

    public static Task LossClearAsync() => RunToolAsync("bash", LabScript, "loss-clear");

    private static string LabScript
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ProRT.Actors.sln"))) dir = dir.Parent;
            return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("repository root not found"), "tests", "lab", "lab.sh");
        }
    }

    /// <summary>Runs a peer tool (nmap) inside the lab and returns its stdout.</summary>
    public static async Task<string> RunToolAsync(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} failed: {await stderr}");
        return await stdout;
    }
}
