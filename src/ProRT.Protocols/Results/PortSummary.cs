using ProRT.Protocols.Ports;

namespace ProRT.Protocols.Results;

/// <summary>
/// nmap's presentation rule: a non-open state shared by more than 25 ports of a protocol is not listed port by
/// port but summarized ("Not shown: 65530 closed tcp ports (conn-refused)"). Every writer uses this one rule.
/// </summary>
public sealed record PortSummary(IReadOnlyList<ScanResult> Listed, IReadOnlyList<PortSummary.Collapsed> Hidden)
{
    public const int CollapseThreshold = 25;

    /// <summary>Ports of one state and protocol left out of the listing, with their most common reason.</summary>
    public sealed record Collapsed(PortState State, Protocol Protocol, int Count, string Reason, IReadOnlyList<ushort> Ports);

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
