namespace ProRT.Protocols.Packets;

/// <summary>ICMPv4 message types (RFC 792) a scanner sees; the error types quote the offending datagram.</summary>
public static class IcmpType
{
    public const byte EchoReply = 0;
    public const byte DestinationUnreachable = 3;
    public const byte SourceQuench = 4;
    public const byte Redirect = 5;
    public const byte EchoRequest = 8;
    public const byte TimeExceeded = 11;
    public const byte ParameterProblem = 12;
    public const byte TimestampReply = 14;

    /// <summary>Error messages carry the original IPv4 header plus at least 8 bytes of its payload.</summary>
    public static bool IsError(byte type) => type is DestinationUnreachable or SourceQuench or Redirect
        or TimeExceeded or ParameterProblem;
}
