using ProRT.Protocols.Crypto;

namespace ProRT.Actors.PacketIo;

/// <summary>What every PacketIo of one process shares: the cookie key, our source port, and tracing.</summary>
/// <param name="Cookie">Keys the SYN cookies that match replies to probes.</param>
/// <param name="SourcePort">Source port of every raw probe; replies must come back to it.</param>
/// <param name="Trace">--packet-trace output; null for none.</param>
/// <param name="Interface">-e: send and receive on this interface whatever the routing table says.</param>
public sealed record PacketIoSettings(SynCookie Cookie, ushort SourcePort, PacketTrace? Trace, string? Interface = null)
{
    /// <summary>UDP payloads per port, read on first use (nmap-payloads when installed).</summary>
    public Lazy<ProRT.Protocols.Payloads.UdpPayloads> UdpPayloads { get; init; } =
        new(() => ProRT.Protocols.Payloads.UdpPayloads.LoadDefault());

    /// <summary>Frames that passed the capture filter but are malformed (cut short, bad lengths): dropped and counted
    /// here, shared by every interface of the scan, so that progress can show them.</summary>
    public PacketCounters Counters { get; init; } = new();

    /// <summary>A fresh random key and a random high source port (as nmap picks one per scan), unless -g gives one.</summary>
    public static PacketIoSettings Create(ushort? sourcePort, PacketTrace? trace, string? iface = null) =>
        new(new SynCookie(), sourcePort ?? (ushort)Random.Shared.Next(40000, 60000), trace, iface);
}
