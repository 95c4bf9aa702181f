using ProRT.Protocols.Ports;
using ProRT.Protocols.Targets;
using ProRT.Protocols.Timing;

namespace ProRT.Protocols.Scanning;

/// <summary>Everything a scan needs to run, as validated data. The command line and the embedding API both build one.</summary>
public sealed record ScanConfig
{
    /// <summary>The hosts to scan (positional targets, -iL, less --exclude).</summary>
    public required TargetSet Targets { get; init; }
    /// <summary>The ports to scan per protocol (-p, --top-ports).</summary>
    public required PortList Ports { get; init; }
    /// <summary>The port-scan technique (-sT, -sS, -sF...); connect by default.</summary>
    public ScanType ScanType { get; init; } = ScanType.Connect;
    /// <summary>The -T timing template; T3 (normal) by default.</summary>
    public TimingTemplate Timing { get; init; } = TimingTemplate.Normal;

    /// <summary>--max-retries: overrides the template's retries.</summary>
    public int? MaxRetries { get; init; }

    /// <summary>--max-rate, probes per second over the whole scan.</summary>
    public double? MaxRate { get; init; }

    /// <summary>--min-rate: keep sending at least this fast; congestion control may not slow below it.</summary>
    public double? MinRate { get; init; }

    /// <summary>--host-timeout: give up on a host after this long; its results are dropped, as nmap does.</summary>
    public TimeSpan? HostTimeout { get; init; }

    /// <summary>--max-parallelism: probes in flight per host; overrides the template's.</summary>
    public int? MaxParallelism { get; init; }

    /// <summary>--max-hostgroup: hosts scanned at once, at most (see <see cref="Hostgroup"/>).</summary>
    public int MaxHostgroup { get; init; } = 64;

    /// <summary>
    /// Port states the hosts scanned at once hold between them, at most: a host in flight keeps some 40 bytes for each
    /// of its ports, so this keeps them near 25 MB however many hosts the scan has. nmap too shrinks its host groups as
    /// port lists grow (64 hosts for a full TCP range). Fewer hosts at once cost no speed here: ten hosts' ports
    /// already fill the send rate (40 full-range lab hosts took 24.5 s with all 40 at once and 24.5 s ten at a time).
    /// </summary>
    public const long PortStatesInFlight = 10 * 65_536;

    /// <summary>
    /// Hosts scanned at once: <see cref="MaxHostgroup"/>, fewer when each host has so many ports that their states
    /// would pass <see cref="PortStatesInFlight"/>; at least one.
    /// </summary>
    public int Hostgroup
    {
        get
        {
            long ports = PingOnly ? 0 : ScanTypes.Sum(t => (long)PortsFor(t).Length);
            return (int)Math.Clamp(ports == 0 ? MaxHostgroup : PortStatesInFlight / ports, 1, MaxHostgroup);
        }
    }

    /// <summary>-sU together with the TCP scan type: UDP ports are scanned in the same run (T:/U: prefixes).</summary>
    public bool AlsoUdp { get; init; }

    /// <summary>Every technique this scan runs, TCP first.</summary>
    public IReadOnlyList<ScanType> ScanTypes => AlsoUdp ? [ScanType, ScanType.Udp] : [ScanType];

    /// <summary>--scanflags: the TCP flags of raw probes, read by the rules of <see cref="ScanType"/>.</summary>
    public Packets.TcpFlags? ScanFlags { get; init; }

    /// <summary>-g/--source-port: the source port of raw probes (random when not given).</summary>
    public ushort? SourcePort { get; init; }

    /// <summary>-e: the interface raw probes use.</summary>
    public string? Interface { get; init; }

    /// <summary>-Pn: treat every host as up.</summary>
    public bool SkipDiscovery { get; init; }

    /// <summary>The probes that find hosts up (raw packets); None without the privilege, when hosts are judged by their ports.</summary>
    public DiscoveryProbes Discovery { get; init; }

    /// <summary>-sn: find the hosts that are up, scan no ports.</summary>
    public bool PingOnly { get; init; }

    /// <summary>-sV: probe open ports (and open|filtered UDP ports) for the service and its version (nmap-service-probes).</summary>
    public bool ServiceDetection { get; init; }

    /// <summary>--versiondb: the nmap-service-probes file for -sV; null for nmap's when installed, else the built-in set
    /// (also chosen by <see cref="Services.ServiceProbeDatabase.BuiltInSource"/>).</summary>
    public string? ServiceProbes { get; init; }

    /// <summary>--version-intensity 0-9: probes up to this rarity are tried (--version-light is 2, --version-all 9).</summary>
    public int VersionIntensity { get; init; } = 7;

    /// <summary>Reverse-resolve addresses to names (-n turns it off).</summary>
    public bool ResolveNames { get; init; } = true;

    /// <summary>The original command line text of each target, for reports.</summary>
    public IReadOnlyList<string> TargetTexts => Targets.Include.Select(r => r.Text).ToList();

    /// <summary>Retries per probe: <see cref="MaxRetries"/> if set, else the template's.</summary>
    public int EffectiveRetries => MaxRetries ?? Timing.MaxRetries;

    /// <summary>Probes in flight per host: <see cref="MaxParallelism"/> if set, else the template's.</summary>
    public int EffectiveParallelism => MaxParallelism ?? Timing.MaxParallelism;

    /// <summary>
    /// A raw scan with -Pn and --max-retries 0 keeps no state per probe, so it runs as one masscan-style sweep over a
    /// permuted (host, port) space instead of host by host; only hosts that answer are reported.
    /// </summary>
    public bool Stateless => ScanType.NeedsRawPackets() && ScanType != ScanType.Udp && !AlsoUdp && SkipDiscovery
                             && EffectiveRetries == 0 && !PingOnly;

    /// <summary>Whether hosts are probed for life before their ports (not with -Pn, and only with raw probes to send).</summary>
    public bool Discovers => !SkipDiscovery && Discovery != DiscoveryProbes.None;

    /// <summary>Whether the scan needs the raw-packet path at all.</summary>
    public bool UsesRawPackets => ((ScanType.NeedsRawPackets() || AlsoUdp) && !PingOnly) || Discovers;

    /// <summary>The ports one technique of this scan probes.</summary>
    public ushort[] PortsFor(ScanType type) => type == ScanType.Udp ? Ports.Udp : Ports.Tcp;

    /// <summary>Ports this scan type actually probes.</summary>
    public ushort[] ScannedPorts => PortsFor(ScanType);

    /// <summary>Every problem with this configuration at once (empty when it can run).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Targets is null || Targets.MaxCount == 0) problems.Add("no targets");
        if (Ports is null) problems.Add("no ports");
        else if (!PingOnly && ScanTypes.All(t => PortsFor(t).Length == 0)) problems.Add($"no ports for a {ScanType.ToNmapName()} scan");
        if (ScanType == ScanType.Udp && AlsoUdp) problems.Add("AlsoUdp goes with a TCP scan type");
        if (MaxRate is <= 0 or double.NaN) problems.Add("MaxRate must be positive");
        if (MinRate is <= 0 or double.NaN) problems.Add("MinRate must be positive");
        if (MaxRate < MinRate) problems.Add("MaxRate must not be below MinRate");
        if (MaxRetries is < 0 or > 50) problems.Add("MaxRetries must be 0 to 50");
        if (HostTimeout is { } t && t <= TimeSpan.Zero) problems.Add("HostTimeout must be positive");
        if (MaxParallelism is < 1 or > 65536) problems.Add("MaxParallelism must be 1 to 65536");
        if (MaxHostgroup < 1) problems.Add("MaxHostgroup must be at least 1");
        if (SourcePort is 0) problems.Add("SourcePort must be 1 to 65535");
        if (ScanFlags is not null && !ScanType.NeedsRawPackets()) problems.Add("ScanFlags needs a raw-packet scan type");
        if (Timing is null) problems.Add("no timing template");
        if (VersionIntensity is < 0 or > 9) problems.Add("VersionIntensity must be 0 to 9");
        return problems;
    }

    /// <exception cref="ScanConfigException">Listing every problem.</exception>
    public void EnsureValid()
    {
        var problems = Validate();
        if (problems.Count > 0) throw new ScanConfigException(problems);
    }
}

/// <summary>A <see cref="ScanConfig"/> that cannot run; <see cref="Problems"/> lists every reason.</summary>
/// <param name="problems">Every reason, as <see cref="ScanConfig.Validate"/> lists them.</param>
public sealed class ScanConfigException(IReadOnlyList<string> problems)
    : ArgumentException("invalid scan configuration: " + string.Join("; ", problems))
{
    /// <summary>Every reason the configuration cannot run.</summary>
    public IReadOnlyList<string> Problems { get; } = problems;

}
