namespace ProRT.Protocols.Packets;

/// <summary>IPv4 protocol numbers (IANA) the scanner sends or expects back; other values pass through unnamed.</summary>
public enum IpProtocol : byte
{
    Icmp = 1,
    Tcp = 6,
    Udp = 17,
}
