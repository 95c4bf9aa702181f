namespace ProRT.Protocols.Ports;

/// <summary>A port specification that cannot be used; the message is fit for the terminal.</summary>
public sealed class PortSpecException(string message) : FormatException(message);
