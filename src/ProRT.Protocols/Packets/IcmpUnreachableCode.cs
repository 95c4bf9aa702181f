namespace ProRT.Protocols.Packets;

/// <summary>Destination-unreachable codes (RFC 792, RFC 1812) that decide filtered versus closed.</summary>
public static class IcmpUnreachableCode
{
    /// <summary>Network unreachable.</summary>
    public const byte Network = 0;
    /// <summary>Host unreachable.</summary>
    public const byte Host = 1;
    /// <summary>Protocol unreachable.</summary>
    public const byte Protocol = 2;
    /// <summary>Port unreachable: a closed UDP port.</summary>
    public const byte Port = 3;
    /// <summary>Fragmentation needed but Don't Fragment set.</summary>
    public const byte FragmentationNeeded = 4;
    /// <summary>Communication with the destination network administratively prohibited.</summary>
    public const byte NetworkProhibited = 9;
    /// <summary>Communication with the destination host administratively prohibited.</summary>
    public const byte HostProhibited = 10;
    /// <summary>Communication administratively prohibited by filtering (RFC 1812).</summary>
    public const byte CommunicationProhibited = 13;
}
