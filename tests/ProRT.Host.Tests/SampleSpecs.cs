using System.Diagnostics;

namespace ProRT.Host.Tests;

/// <summary>The embedding sample, built against the packed NuGet packages (samples/run.sh), scanning loopback.</summary>
public sealed class SampleSpecs
{
    [Fact]
    public async Task The_sample_runs_against_the_packed_packages()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ProRT.Actors.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        var psi = new ProcessStartInfo("bash", [Path.Combine(dir.FullName, "samples", "run.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var run = Process.Start(psi)!;
        var stdout = run.StandardOutput.ReadToEndAsync();
        var stderr = run.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await run.WaitForExitAsync(timeout.Token);
        Assert.True(run.ExitCode == 0, await stderr + await stdout);
        var output = await stdout;
        Assert.Contains("progress: 100.0% (10000/10000 ports", output);
        Assert.Matches(@"states: .*closed: \d+", output);
        Assert.Contains("done: 10000 ports", output);
        // It ran the version just packed, restored from artifacts/nuget.
        var version = System.Text.RegularExpressions.Regex.Match(output, @"packed (\S+)").Groups[1].Value;
        var assets = await File.ReadAllTextAsync(Path.Combine(dir.FullName, "samples", "ProRT.Sample", "obj", "project.assets.json"));
        Assert.Contains($"\"ProRT.Actors/{version}\"", assets);
    }
}
