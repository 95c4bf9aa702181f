namespace ProRT.Protocols.Packets;

/// <summary>
/// The SYN probe of a half-open scan: 20 bytes of IPv4 and 24 of TCP, the last 4 an MSS option,
/// since SYNs without any option stand out to IDS signatures and some stacks answer them differently.
/// </summary>
public static class SynProbeTemplate
{
    /// <summary>MSS option value sent in probes.</summary>
    public const ushort DefaultMss = 1460;
    /// <summary>TCP window of probes.</summary>
    public const ushort DefaultWindow = 1024;
    /// <summary>IPv4 time to live of probes.</summary>
    public const byte DefaultTtl = 64;

    /// <summary>Length of a probe's IPv4 and TCP headers together.</summary>
    public const int IpAndTcpLength = Ipv4Header.MinLength + TcpHeader.MinLength + 4;

    /// <summary>A SYN probe template behind <paramref name="linkHeader"/> (see <see cref="TcpProbeTemplate"/>), with an MSS option.</summary>
    public static TcpProbeTemplate Create(ReadOnlySpan<byte> linkHeader, uint sourceIp, byte ttl = DefaultTtl,
        ushort window = DefaultWindow, ushort mss = DefaultMss)
    {
        Span<byte> options = stackalloc byte[4];
        var writer = new TcpOptionsWriter(options);
        writer.WriteMaximumSegmentSize(mss);
        return new TcpProbeTemplate(linkHeader, sourceIp, TcpFlags.Syn, writer.Written, ttl, window);
    }

    /// <summary>A SYN probe template behind an Ethernet header from <paramref name="sourceMac"/> to <paramref name="destinationMac"/> (the next hop).</summary>
    public static TcpProbeTemplate ForEthernet(ReadOnlySpan<byte> sourceMac, ReadOnlySpan<byte> destinationMac,
        uint sourceIp, byte ttl = DefaultTtl, ushort window = DefaultWindow, ushort mss = DefaultMss) =>
        Create(EthernetHeader.Build(destinationMac, sourceMac), sourceIp, ttl, window, mss);

    /// <summary>For raw-IP sockets and link types that carry bare IPv4 datagrams.</summary>
    public static TcpProbeTemplate ForRawIp(uint sourceIp, byte ttl = DefaultTtl, ushort window = DefaultWindow,
        ushort mss = DefaultMss) =>
        Create(ReadOnlySpan<byte>.Empty, sourceIp, ttl, window, mss);
}
