namespace ProRT.Actors.PacketIo;

/// <summary>
/// How a probe to one destination leaves this machine: the interface, our address and MAC on it, and the MAC of the
/// next hop (the destination itself on a directly connected network, else the gateway). Loopback uses zero MACs.
/// </summary>
public sealed record NetworkPath(
    string Interface,
    int InterfaceIndex,
    uint SourceIp,
    byte[] SourceMac,
    byte[] NextHopMac,
    uint NextHopIp,
    bool IsLoopback)
{
    /// <summary>Every frame PacketIo writes or reads starts with a 14-byte Ethernet header (loopback's included).</summary>
    public const int LinkHeaderLength = 14;
}
