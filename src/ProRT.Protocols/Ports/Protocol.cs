namespace ProRT.Protocols.Ports;

/// <summary>Transport protocol of a port.</summary>
public enum Protocol
{
    Tcp,
    Udp,
}

public static class ProtocolNames
{
    public static string ToWire(this Protocol p) => p == Protocol.Tcp ? "tcp" : "udp";
}
