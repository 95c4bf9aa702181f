using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ProRT.Integration.Tests;

/// <summary>
/// Records the SYN probes the lab target receives (tcpdump in the target's namespace: the scanner's own probes
/// bypass the packet taps on its side), to count what a resumed scan sends again.
/// </summary>
public sealed partial class SynCapture : IAsyncDisposable
{
    private readonly string _file;
    private readonly Process _tcpdump;
    private List<(DateTime Time, ushort Port)>? _probes;

    private SynCapture(Process tcpdump, string file)
    {
        _tcpdump = tcpdump;
        _file = file;
    }

    public static async Task<SynCapture> StartAsync(string target)
    {
        var file = Path.Combine(Path.GetTempPath(), $"prtip-syn-{Guid.NewGuid():N}.pcap");
        var psi = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "netns", "exec", "prtip-t1", "tcpdump", "-i", "veth-t1", "-n", "-U", "-B", "65536", "-w", file,
                     $"dst host {target} and tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn" })
            psi.ArgumentList.Add(a);
        var tcpdump = Process.Start(psi) ?? throw new InvalidOperationException("cannot start tcpdump");
        // tcpdump says "listening on ..." once it captures.
        var line = await tcpdump.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(line?.Contains("listening") == true, $"tcpdump did not start: {line}");
        return new SynCapture(tcpdump, file);
    }

    /// <summary>Stops the capture and reads it: every probe's arrival time and destination port.</summary>
    public async Task<IReadOnlyList<(DateTime Time, ushort Port)>> StopAsync()
    {
        if (_probes is not null) return _probes;
        // tcpdump stops reading at the signal: let it drain what the kernel still holds first.
        await Task.Delay(TimeSpan.FromSeconds(1));
        using (var kill = Process.Start("kill", $"-INT {_tcpdump.Id}")) await kill.WaitForExitAsync();
        await _tcpdump.WaitForExitAsync();
        var text = await Lab.RunToolAsync("tcpdump", "-r", _file, "-n", "-tt");
        _probes = [];
        foreach (Match m in Probe().Matches(text))
            _probes.Add((DateTime.UnixEpoch.AddSeconds(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)), ushort.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)));
        return _probes;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_tcpdump.HasExited) await StopAsync();
        _tcpdump.Dispose();
        File.Delete(_file);
    }

    // 1764102000.123456 IP 198.18.0.1.40000 > 198.18.0.2.80: Flags [S], ...
    [GeneratedRegex(@"^(\d+\.\d+) IP \S+ > \d+\.\d+\.\d+\.\d+\.(\d+): Flags \[S\]", RegexOptions.Multiline)]
    private static partial Regex Probe();
}
