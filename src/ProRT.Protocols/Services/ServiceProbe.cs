using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;

namespace ProRT.Protocols.Services;

/// <summary>
/// One Probe of an nmap-service-probes file: what to send, where it is worth sending it, how long to wait
/// for an answer and the patterns that recognise the answers.
/// </summary>
/// <param name="Name">Probe name, such as "NULL" or "GetRequest".</param>
/// <param name="Protocol">Transport the probe is sent over.</param>
/// <param name="Payload">Bytes to send once connected (empty for the NULL probe, which only listens).</param>
/// <param name="Rarity">1 (common, always tried) to 9 (rare); 5 when the file gives none, as in nmap.</param>
/// <param name="Ports">Ports on which this probe is most likely to succeed (ports directive).</param>
/// <param name="SslPorts">Ports on which it is likely to succeed inside TLS (sslports directive).</param>
/// <param name="TotalWait">How long to wait for the answer (totalwaitms; 5 s, nmap's default, when absent).</param>
/// <param name="TcpWrappedWait">A connection closed within this time means tcpwrapped (tcpwrappedms); null when absent.</param>
/// <param name="Fallback">Names of probes whose matches also apply to this probe's answers, in order.</param>
/// <param name="Matches">The match and softmatch lines of the probe that compiled, in file order.</param>
/// <param name="Line">Line of the Probe directive.</param>
public sealed record ServiceProbe(
    string Name,
    Protocol Protocol,
    byte[] Payload,
    int Rarity,
    IReadOnlyCollection<ushort> Ports,
    IReadOnlyCollection<ushort> SslPorts,
    TimeSpan TotalWait,
    TimeSpan? TcpWrappedWait,
    IReadOnlyList<string> Fallback,
    IReadOnlyList<ServiceMatch> Matches,
    int Line)
{
    /// <summary>nmap's rarity for a probe without a rarity directive.</summary>
    public const int DefaultRarity = 5;

    /// <summary>nmap's wait for a probe without a totalwaitms directive (DEFAULT_SERVICEWAITMS, 5000 ms).</summary>
    public static readonly TimeSpan DefaultTotalWait = TimeSpan.FromMilliseconds(5000);

    /// <summary>Tries this probe's own matches against <paramref name="response"/>: the first hard match wins, else the first softmatch.</summary>
    /// <param name="response">The answer, raw bytes.</param>
    /// <param name="soft">True when the result comes from a softmatch.</param>
    /// <returns>The service, or null when nothing matches.</returns>
    public ServiceInfo? Match(ReadOnlySpan<byte> response, out bool soft) => Match(ServiceMatch.AsText(response), out soft);

    /// <summary>Same as <see cref="Match(ReadOnlySpan{byte}, out bool)"/> on a response already turned into text by <see cref="ServiceMatch.AsText"/>.</summary>
    /// <param name="response">The answer, one char per byte.</param>
    /// <param name="soft">True when the result comes from a softmatch.</param>
    /// <returns>The service, or null when nothing matches.</returns>
    public ServiceInfo? Match(string response, out bool soft)
    {
        var (info, rule) = FirstMatch(response);
        soft = rule?.Soft ?? false;
        return info;
    }

    internal (ServiceInfo? Info, ServiceMatch? Rule) FirstMatch(string response)
    {
        ServiceInfo? softInfo = null;
        ServiceMatch? softRule = null;
        foreach (var m in Matches)
        {
            if (m.Soft && softRule is not null) continue;
            var info = m.Match(response);
            if (info is null) continue;
            if (!m.Soft) return (info, m);
            softInfo = info;
            softRule = m;
        }
        return (softInfo, softRule);
    }
}
