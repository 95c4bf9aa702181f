namespace ProRT.Protocols.Packets;

/// <summary>Destination-unreachable codes (RFC 792, RFC 1812) that decide filtered versus closed.</summary>
public static class IcmpUnreachableCode
{
    public const byte Network = 0;
    public const byte Host = 1;
    public const byte Protocol = 2;
    public const byte Port = 3;
    public const byte FragmentationNeeded = 4;
    public const byte NetworkProhibited = 9;
    public const byte HostProhibited = 10;
    public const byte CommunicationProhibited = 13;
}
