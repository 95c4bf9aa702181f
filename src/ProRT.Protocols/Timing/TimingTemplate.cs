namespace ProRT.Protocols.Timing;

/// <summary>
/// One row of the -T0..-T5 table. The first four timing columns are the specification's table;
/// the minimum RTT timeout and parallelism are nmap's values for the same levels, which the table leaves out.
/// </summary>
/// <param name="Level">The template number, 0 to 5.</param>
/// <param name="Name">nmap's name: "paranoid", "sneaky", "polite", "normal", "aggressive" or "insane".</param>
/// <param name="InitialRttTimeout">Probe timeout before the first round-trip sample.</param>
/// <param name="MaxRttTimeout">Longest probe timeout, however slow the replies.</param>
/// <param name="MaxRetries">Retransmissions of an unanswered probe before the port takes its no-response state.</param>
/// <param name="ScanDelay">Minimum delay between two probes; the scan's rate limiter sends at most one per delay.</param>
/// <param name="MinRttTimeout">Shortest probe timeout, however fast the replies.</param>
/// <param name="MaxParallelism">Most probes outstanding at once (the congestion window's ceiling).</param>
public sealed record TimingTemplate(
    int Level,
    string Name,
    TimeSpan InitialRttTimeout,
    TimeSpan MaxRttTimeout,
    int MaxRetries,
    TimeSpan ScanDelay,
    TimeSpan MinRttTimeout,
    int MaxParallelism)
{
    /// <summary>-T0: one probe at a time, five minutes apart (IDS evasion).</summary>
    public static readonly TimingTemplate Paranoid = new(0, "paranoid", TimeSpan.FromSeconds(300), TimeSpan.FromSeconds(300), 5, TimeSpan.FromMinutes(5), TimeSpan.FromMilliseconds(100), 1);
    /// <summary>-T1: one probe at a time, 15 seconds apart.</summary>
    public static readonly TimingTemplate Sneaky = new(1, "sneaky", TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15), 5, TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(100), 1);
    /// <summary>-T2: one probe at a time, 0.4 seconds apart, to spare the network and the target.</summary>
    public static readonly TimingTemplate Polite = new(2, "polite", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 5, TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(100), 1);
    /// <summary>-T3: the default.</summary>
    public static readonly TimingTemplate Normal = new(3, "normal", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 2, TimeSpan.Zero, TimeSpan.FromMilliseconds(100), 1024);
    /// <summary>-T4: shorter timeouts, for fast and reliable networks.</summary>
    public static readonly TimingTemplate Aggressive = new(4, "aggressive", TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(1250), 6, TimeSpan.Zero, TimeSpan.FromMilliseconds(100), 2048);
    /// <summary>-T5: shortest timeouts, at the risk of missing slow answers.</summary>
    public static readonly TimingTemplate Insane = new(5, "insane", TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(300), 2, TimeSpan.Zero, TimeSpan.FromMilliseconds(50), 4096);

    /// <summary>The six templates, indexed by level.</summary>
    public static IReadOnlyList<TimingTemplate> All { get; } = [Paranoid, Sneaky, Polite, Normal, Aggressive, Insane];

    /// <summary>The template for -T<paramref name="level"/>; throws unless 0 to 5.</summary>
    public static TimingTemplate FromLevel(int level) =>
        level is >= 0 and <= 5 ? All[level] : throw new ArgumentOutOfRangeException(nameof(level), level, "timing templates are T0 to T5");

    /// <summary>Accepts "3", "T3", "normal" as nmap's -T does.</summary>
    public static bool TryParse(string text, out TimingTemplate template)
    {
        var t = text.Trim();
        if (t.Length > 0 && (t[0] == 'T' || t[0] == 't')) t = t[1..];
        if (int.TryParse(t, out var level) && level is >= 0 and <= 5) { template = All[level]; return true; }
        template = All.FirstOrDefault(x => x.Name.Equals(t, StringComparison.OrdinalIgnoreCase))!;
        return template is not null;
    }
}
