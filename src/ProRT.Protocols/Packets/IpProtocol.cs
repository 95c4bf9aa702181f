namespace ProRT.Protocols.Packets;

/// <summary>IPv4 protocol numbers (IANA) the scanner sends or expects back; other values pass through unnamed.</summary>
public enum IpProtocol : byte
{
    /// <summary>ICMP (1).</summary>
    Icmp = 1,
    /// <summary>TCP (6).</summary>
    Tcp = 6,
    /// <summary>UDP (17).</summary>
    Udp = 17,
}
