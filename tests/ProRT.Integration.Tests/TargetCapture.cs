using System.Buffers.Binary;
using System.Diagnostics;

namespace ProRT.Integration.Tests;

/// <summary>
/// Records what the lab target receives (tcpdump in the target's namespace: the scanner's own probes bypass the
/// packet taps on its side), to count what a resumed scan sends again or to compare probes byte for byte.
/// </summary>
public sealed class TargetCapture : IAsyncDisposable
{
    private readonly string _file;
    private readonly Process _tcpdump;
    private List<(DateTime Time, byte[] Frame)>? _frames;

    private TargetCapture(Process tcpdump, string file)
    {
        _tcpdump = tcpdump;
        _file = file;
    }

    /// <summary>Captures the frames that pass the pcap <paramref name="filter"/> on the first target's interface.</summary>
    public static async Task<TargetCapture> StartAsync(string filter)
    {
        var file = Path.Combine(Path.GetTempPath(), $"prtip-capture-{Guid.NewGuid():N}.pcap");
        var psi = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "netns", "exec", "prtip-t1", "tcpdump", "-i", "veth-t1", "-n", "-U", "-B", "65536",
                     "-s", "0", "-w", file, filter })
            psi.ArgumentList.Add(a);
        var tcpdump = Process.Start(psi) ?? throw new InvalidOperationException("cannot start tcpdump");
        // tcpdump says "listening on ..." once it captures.
        var line = await tcpdump.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(line?.Contains("listening") == true, $"tcpdump did not start: {line}");
        return new TargetCapture(tcpdump, file);
    }

    /// <summary>The SYN probes to <paramref name="target"/>.</summary>
    public static Task<TargetCapture> SynProbesAsync(string target) =>
        StartAsync($"dst host {target} and tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn");

    /// <summary>Stops the capture and reads it: every frame's arrival time and bytes (Ethernet header first).</summary>
    public async Task<IReadOnlyList<(DateTime Time, byte[] Frame)>> StopAsync()
    {
        if (_frames is not null) return _frames;
        // tcpdump stops reading at the signal: let it drain what the kernel still holds first.
        await Task.Delay(TimeSpan.FromSeconds(1));
        using (var kill = Process.Start("kill", $"-INT {_tcpdump.Id}")) await kill.WaitForExitAsync();
        await _tcpdump.WaitForExitAsync();
        _frames = ReadPcap(await File.ReadAllBytesAsync(_file));
        return _frames;
    }

    /// <summary>The destination port of each captured TCP or UDP probe, with its arrival time.</summary>
    public async Task<IReadOnlyList<(DateTime Time, ushort Port)>> StopAndReadPortsAsync() =>
        (await StopAsync()).Select(f => (f.Time, BinaryPrimitives.ReadUInt16BigEndian(f.Frame.AsSpan(14 + IpHeaderLength(f.Frame) + 2)))).ToList();

    /// <summary>Length of the IPv4 header of an Ethernet frame.</summary>
    public static int IpHeaderLength(byte[] frame) => (frame[14] & 0x0F) * 4;

    public async ValueTask DisposeAsync()
    {
        if (!_tcpdump.HasExited) await StopAsync();
        _tcpdump.Dispose();
        File.Delete(_file);
    }

    // The classic pcap format tcpdump -w writes: a 24-byte file header, then a 16-byte header before each frame.
    private static List<(DateTime, byte[])> ReadPcap(byte[] file)
    {
        var frames = new List<(DateTime, byte[])>();
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(file);
        bool nanos = magic == 0xA1B23C4D;
        Assert.True(magic is 0xA1B2C3D4 or 0xA1B23C4D, "not a little-endian pcap file");
        for (int at = 24; at + 16 <= file.Length;)
        {
            var header = file.AsSpan(at, 16);
            long seconds = BinaryPrimitives.ReadUInt32LittleEndian(header);
            long fraction = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
            int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
            var time = DateTime.UnixEpoch.AddSeconds(seconds).AddTicks(nanos ? fraction / 100 : fraction * 10);
            frames.Add((time, file.AsSpan(at + 16, length).ToArray()));
            at += 16 + length;
        }
        return frames;
    }
}
