namespace ProRT.Protocols.Targets;

/// <summary>A target specification the user gave that cannot be scanned; the message is fit for the terminal.</summary>
public sealed class TargetSpecException(string message) : FormatException(message);
