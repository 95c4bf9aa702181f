namespace ProRT.Protocols.Services;

/// <summary>
/// A line of an nmap-service-probes file that cannot be read: an unknown directive, a match before any
/// Probe, an unterminated <c>q|...|</c> or <c>m|...|</c>, a bad rarity or port list... The message reads
/// "source:line N: reason".
/// </summary>
public sealed class ServiceProbeFormatException : FormatException
{
    /// <summary>Creates the exception for line <paramref name="line"/> of <paramref name="origin"/>.</summary>
    /// <param name="origin">Where the text came from (a path, or a name such as "built-in").</param>
    /// <param name="line">1-based line number.</param>
    /// <param name="reason">What is wrong with the line.</param>
    public ServiceProbeFormatException(string origin, int line, string reason)
        : base($"{origin}:line {line}: {reason}")
    {
        Origin = origin;
        Line = line;
        Reason = reason;
    }

    /// <summary>Where the text came from (a path, or a name such as "built-in").</summary>
    public string Origin { get; }

    /// <summary>1-based number of the offending line.</summary>
    public int Line { get; }

    /// <summary>What is wrong with the line, without the location.</summary>
    public string Reason { get; }
}
