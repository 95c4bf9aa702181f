namespace ProRT.Protocols.Results;

/// <summary>Port states with nmap's meanings (Unfiltered is what nmap's ACK scan reports).</summary>
public enum PortState
{
    Open,
    Closed,
    Filtered,
    OpenFiltered,
    ClosedFiltered,
    Unfiltered,
    Unknown,
}

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
