namespace ProRT.Protocols.Results;

/// <summary>Port states with nmap's meanings (Unfiltered is what nmap's ACK scan reports).</summary>
public enum PortState
{
    /// <summary>Something accepts connections or answers on the port.</summary>
    Open,
    /// <summary>The port is reachable but nothing listens on it.</summary>
    Closed,
    /// <summary>Something (a firewall) keeps probes from telling whether the port is open.</summary>
    Filtered,
    /// <summary>No answer, which an open port and a filter would both explain.</summary>
    OpenFiltered,
    /// <summary>Closed or filtered, undecided (nmap's IP ID idle scan).</summary>
    ClosedFiltered,
    /// <summary>Reachable, open or closed undecided (ACK scan).</summary>
    Unfiltered,
    /// <summary>No state could be read, or an unknown state name.</summary>
    Unknown,
}

/// <summary>Conversions between <see cref="PortState"/> and nmap's state words.</summary>
public static class PortStateNames
{
    /// <summary>The state as nmap prints it: "open", "open|filtered", ...</summary>
    public static string ToNmap(this PortState s) => s switch
    {
        PortState.Open => "open",
        PortState.Closed => "closed",
        PortState.Filtered => "filtered",
        PortState.OpenFiltered => "open|filtered",
        PortState.ClosedFiltered => "closed|filtered",
        PortState.Unfiltered => "unfiltered",
        _ => "unknown",
    };

    /// <summary>The state for one of nmap's words ("open", "open
    /// filtered"...); <see cref="PortState.Unknown"/> for anything else.</summary>
    public static PortState FromNmap(string s) => s switch
    {
        "open" => PortState.Open,
        "closed" => PortState.Closed,
        "filtered" => PortState.Filtered,
        "open|filtered" => PortState.OpenFiltered,
        "closed|filtered" => PortState.ClosedFiltered,
        "unfiltered" => PortState.Unfiltered,
        _ => PortState.Unknown,
    };
}
