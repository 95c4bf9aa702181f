namespace ProRT.Protocols.Ports;

/// <summary>Transport protocol of a port.</summary>
public enum Protocol
{
    /// <summary>TCP.</summary>
    Tcp,
    /// <summary>UDP.</summary>
    Udp,
}

/// <summary>Names of <see cref="Protocol"/> values.</summary>
public static class ProtocolNames
{
    /// <summary>The protocol as nmap prints it after a port: "tcp" or "udp".</summary>
    public static string ToWire(this Protocol p) => p == Protocol.Tcp ? "tcp" : "udp";
}
