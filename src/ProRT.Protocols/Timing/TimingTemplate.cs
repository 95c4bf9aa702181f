namespace ProRT.Protocols.Timing;

/// <summary>
/// One row of the -T0..-T5 table. The first four timing columns are the specification's table;
/// the minimum RTT timeout and parallelism are nmap's values for the same levels, which the table leaves out.
/// </summary>
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
    public static readonly TimingTemplate Paranoid = new(0, "paranoid", TimeSpan.FromSeconds(300), TimeSpan.FromSeconds(300), 5, TimeSpan.FromMinutes(5), TimeSpan.FromMilliseconds(100), 1);
    public static readonly TimingTemplate Sneaky = new(1, "sneaky", TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15), 5, TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(100), 1);
    public static readonly TimingTemplate Polite = new(2, "polite", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 5, TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(100), 1);
    public static readonly TimingTemplate Normal = new(3, "normal", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 2, TimeSpan.Zero, TimeSpan.FromMilliseconds(100), 1024);
    public static readonly TimingTemplate Aggressive = new(4, "aggressive", TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(1250), 6, TimeSpan.Zero, TimeSpan.FromMilliseconds(100), 2048);
    public static readonly TimingTemplate Insane = new(5, "insane", TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(300), 2, TimeSpan.Zero, TimeSpan.FromMilliseconds(50), 4096);

    public static IReadOnlyList<TimingTemplate> All { get; } = [Paranoid, Sneaky, Polite, Normal, Aggressive, Insane];

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
