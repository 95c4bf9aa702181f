using ProRT.Protocols.Crypto;

namespace ProRT.Actors.PacketIo;

/// <summary>What every PacketIo of one process shares: the cookie key, our source port, and tracing.</summary>
/// <param name="Cookie">Keys the SYN cookies that match replies to probes.</param>
/// <param name="SourcePort">Source port of a port's first probe; its retransmissions use the ports after it (see
/// <see cref="SourcePortFor"/>) unless <paramref name="FixedSourcePort"/>. Replies must come back to one of them.</param>
/// <param name="Trace">--packet-trace output; null for none.</param>
/// <param name="Interface">-e: send and receive on this interface whatever the routing table says.</param>
/// <param name="FixedSourcePort">-g: every probe leaves from <paramref name="SourcePort"/>.</param>
public sealed record PacketIoSettings(SynCookie Cookie, ushort SourcePort, PacketTrace? Trace, string? Interface = null,
    bool FixedSourcePort = false)
{
    /// <summary>
    /// pcap's ring for each interface. 8 MB holds some 5,000 full-size frames (slots are as large as the MTU), far
    /// more replies than arrive between two reads of the capture thread at full speed; scans of more (see
    /// <see cref="For"/>) get 64 MB. A larger ring costs start-up time (the kernel zeroes it as the device opens,
    /// up to 0.3 s for 64 MB here) and its size again in resident memory.
    /// </summary>
    public int CaptureBufferBytes { get; init; } = SmallCaptureBuffer;

    /// <summary>
    /// The longest frame captured whole; null for the interface's largest (MTU and link header). A sweep sends only SYNs
    /// and reads only headers, so its frames are cut at <see cref="HeadersOnly"/>: in immediate mode every slot of the
    /// ring is this long, and a 16 MB ring of short slots holds more replies than a 64 MB one of MTU-sized slots.
    /// </summary>
    public int? SnapshotLength { get; init; }

    /// <summary>Ethernet, the longest IPv4 and TCP headers, and an ICMP error quoting a probe: what a sweep reads.</summary>
    public const int HeadersOnly = 256;

    /// <summary>The ring of a sweep, whose slots are <see cref="HeadersOnly"/> long.</summary>
    public const int SweepCaptureBuffer = 16 << 20;

    /// <summary>The ring of scans up to <see cref="LargeScanProbes"/> probes.</summary>
    public const int SmallCaptureBuffer = 8 << 20;

    /// <summary>The ring of larger scans and of loopback.</summary>
    public const int LargeCaptureBuffer = 64 << 20;

    /// <summary>Probes of the hosts scanned at once from which a scan gets the large ring.</summary>
    public const long LargeScanProbes = 1_000_000;

    /// <summary>The settings of a scan of <paramref name="config"/>: its -g, -e and the ring its size needs.</summary>
    public static PacketIoSettings For(ProRT.Protocols.Scanning.ScanConfig config, PacketTrace? trace = null)
    {
        // What the hosts scanned at once can have outstanding, not the whole scan: forty hosts are scanned ten at a time.
        double probes = Math.Min((double)config.Targets.MaxCount, config.Hostgroup) * config.ScanTypes.Sum(t => config.PortsFor(t).Length);
        return Create(config.SourcePort, trace, config.Interface) with
        {
            CaptureBufferBytes = config.Stateless ? SweepCaptureBuffer : probes > LargeScanProbes ? LargeCaptureBuffer : SmallCaptureBuffer,
            SnapshotLength = config.Stateless ? HeadersOnly : null,
        };
    }

    /// <summary>Source ports reserved for the tries of one port: a try beyond them reuses the last.</summary>
    public const int TryPorts = 64;

    /// <summary>
    /// The source port of a port's <paramref name="tryNumber"/>th probe (1 for the first), as nmap encodes its try
    /// number: each retransmission is a new connection for the target. With one port for every try, a SYN whose
    /// SYN/ACK was lost finds the target's half-open connection, and Linux answers a repeated SYN there at most
    /// twice a second: the retry is met with silence and an open port looks filtered.
    /// </summary>
    public ushort SourcePortFor(int tryNumber) =>
        FixedSourcePort ? SourcePort : (ushort)(SourcePort + Math.Clamp(tryNumber - 1, 0, TryPorts - 1));

    /// <summary>The try number a reply's destination port stands for: 0 when it is none of ours.</summary>
    public byte TryOf(ushort destinationPort)
    {
        if (FixedSourcePort) return destinationPort == SourcePort ? (byte)1 : (byte)0;
        int offset = destinationPort - SourcePort;
        return offset is >= 0 and < TryPorts ? (byte)(offset + 1) : (byte)0;
    }

    /// <summary>The capture filter's clause for replies to our TCP and UDP probes.</summary>
    public string DestinationPortFilter =>
        FixedSourcePort ? $"dst port {SourcePort}" : $"dst portrange {SourcePort}-{SourcePort + TryPorts - 1}";

    /// <summary>UDP payloads per port, read on first use (nmap-payloads when installed).</summary>
    public Lazy<ProRT.Protocols.Payloads.UdpPayloads> UdpPayloads { get; init; } =
        new(() => ProRT.Protocols.Payloads.UdpPayloads.LoadDefault());

    /// <summary>Frames that passed the capture filter but are malformed (cut short, bad lengths): dropped and counted
    /// here, shared by every interface of the scan, so that progress can show them.</summary>
    public PacketCounters Counters { get; init; } = new();

    /// <summary>A fresh random key and a random high source port (as nmap picks one per scan), unless -g gives one.</summary>
    public static PacketIoSettings Create(ushort? sourcePort, PacketTrace? trace, string? iface = null) =>
        new(new SynCookie(), sourcePort ?? (ushort)Random.Shared.Next(40000, 60000), trace, iface, sourcePort is not null);
}
