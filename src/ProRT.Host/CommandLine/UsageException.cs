namespace ProRT.Host.CommandLine;

/// <summary>Something the user asked for that cannot be done; printed as one line, exit code 1.</summary>
public sealed class UsageException(string message) : Exception(message);
