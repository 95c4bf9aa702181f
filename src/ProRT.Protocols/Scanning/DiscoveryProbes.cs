namespace ProRT.Protocols.Scanning;

/// <summary>How hosts are found up before they are scanned (nmap's -P options). None is -Pn.</summary>
[Flags]
public enum DiscoveryProbes
{
    /// <summary>No discovery: every host is treated as up (-Pn).</summary>
    None = 0,

    /// <summary>-PR: ARP request, for hosts on a directly connected Ethernet (where it is used instead of the others).</summary>
    Arp = 1,

    /// <summary>-PE: ICMP echo request.</summary>
    Echo = 2,

    /// <summary>-PS: TCP SYN to port 443.</summary>
    Syn = 4,

    /// <summary>-PA: TCP ACK to port 80.</summary>
    Ack = 8,

    /// <summary>-PP: ICMP timestamp request.</summary>
    Timestamp = 16,

    /// <summary>nmap's default as root: ARP on the local network, else echo, SYN 443, ACK 80 and timestamp.</summary>
    Default = Arp | Echo | Syn | Ack | Timestamp,
}
