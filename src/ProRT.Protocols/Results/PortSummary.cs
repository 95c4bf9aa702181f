using ProRT.Protocols.Ports;

namespace ProRT.Protocols.Results;

/// <summary>
/// nmap's presentation rule: a non-open state shared by more than 25 ports of a protocol is not listed port by
/// port but summarized ("Not shown: 65530 closed tcp ports (conn-refused)"). Every writer uses this one rule.
/// </summary>
/// <param name="Listed">Ports to list one per line, by protocol then port.</param>
/// <param name="Hidden">Groups summarized on one "Not shown" line, largest first.</param>
public sealed record PortSummary(IReadOnlyList<ScanResult> Listed, IReadOnlyList<PortSummary.Collapsed> Hidden)
{
    /// <summary>A state shared by more than this many ports of one protocol is summarized instead of listed.</summary>
    public const int CollapseThreshold = 25;

    /// <summary>Ports of one state and protocol left out of the listing, with their most common reason.</summary>
    /// <param name="State">The state the ports share.</param>
    /// <param name="Protocol">The protocol the ports share.</param>
    /// <param name="Count">How many ports were left out.</param>
    /// <param name="Reason">The most common reason among them.</param>
    /// <param name="Ports">The ports left out, ascending.</param>
    public sealed record Collapsed(PortState State, Protocol Protocol, int Count, string Reason, IReadOnlyList<ushort> Ports);

    /// <summary>Splits <paramref name="ports"/> by nmap's rule; with <paramref name="openOnly"/> (--open) every non-open state is summarized.</summary>
    public static PortSummary Of(IReadOnlyList<ScanResult> ports, bool openOnly = false)
    {
        var hidden = ports
            .GroupBy(p => (p.State, p.Protocol))
            .Where(g => g.Key.State != PortState.Open && (openOnly || g.Count() > CollapseThreshold))
            .Select(g => new Collapsed(g.Key.State, g.Key.Protocol, g.Count(),
                g.GroupBy(p => p.Reason).OrderByDescending(r => r.Count()).First().Key,
                g.Select(p => p.Port).Order().ToArray()))
            .OrderByDescending(c => c.Count)
            .ToList();
        var hiddenKeys = hidden.Select(h => (h.State, h.Protocol)).ToHashSet();
        var listed = ports.Where(p => !hiddenKeys.Contains((p.State, p.Protocol)))
            .OrderBy(p => p.Protocol).ThenBy(p => p.Port).ToList();
        return new PortSummary(listed, hidden);
    }
}
