namespace ProRT.Protocols.Packets;

/// <summary>ICMPv4 message types (RFC 792) a scanner sees; the error types quote the offending datagram.</summary>
public static class IcmpType
{
    /// <summary>Echo reply: answer to a ping (-PE).</summary>
    public const byte EchoReply = 0;
    /// <summary>Destination unreachable (error).</summary>
    public const byte DestinationUnreachable = 3;
    /// <summary>Source quench (error, deprecated).</summary>
    public const byte SourceQuench = 4;
    /// <summary>Redirect (error).</summary>
    public const byte Redirect = 5;
    /// <summary>Echo request: a ping.</summary>
    public const byte EchoRequest = 8;
    /// <summary>Time exceeded in transit (error).</summary>
    public const byte TimeExceeded = 11;
    /// <summary>Parameter problem (error).</summary>
    public const byte ParameterProblem = 12;
    /// <summary>Timestamp reply: answer to a timestamp request (-PP).</summary>
    public const byte TimestampReply = 14;

    /// <summary>Error messages carry the original IPv4 header plus at least 8 bytes of its payload.</summary>
    public static bool IsError(byte type) => type is DestinationUnreachable or SourceQuench or Redirect
        or TimeExceeded or ParameterProblem;
}
