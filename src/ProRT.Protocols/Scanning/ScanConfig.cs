using ProRT.Protocols.Ports;
using ProRT.Protocols.Targets;
using ProRT.Protocols.Timing;

namespace ProRT.Protocols.Scanning;

/// <summary>Everything a scan needs to run, as validated data. The command line and the embedding API both build one.</summary>
public sealed record ScanConfig
{
    public required TargetSet Targets { get; init; }
    public required PortList Ports { get; init; }
    public ScanType ScanType { get; init; } = ScanType.Connect;
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

    /// <summary>--max-hostgroup: hosts scanned at once.</summary>
    public int MaxHostgroup { get; init; } = 64;

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

    /// <summary>Reverse-resolve addresses to names (-n turns it off).</summary>
    public bool ResolveNames { get; init; } = true;

    /// <summary>The original command line text of each target, for reports.</summary>
    public IReadOnlyList<string> TargetTexts => Targets.Include.Select(r => r.Text).ToList();

    public int EffectiveRetries => MaxRetries ?? Timing.MaxRetries;

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

}
