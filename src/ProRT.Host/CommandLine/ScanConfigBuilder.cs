using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using ProRT.Actors.Persistence;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Scanning;
using ProRT.Protocols.Services;
using ProRT.Protocols.Techniques;
using ProRT.Protocols.Targets;
using ProRT.Protocols.Timing;

namespace ProRT.Host.CommandLine;

/// <summary>Turns parsed flags into a validated <see cref="ScanConfig"/>; every mistake becomes a <see cref="UsageException"/>.</summary>
public static class ScanConfigBuilder
{
    public static (ScanConfig Config, OutputSettings Output) Build(ParseResult parse, ScanOptions o, TextReader stdin,
        ServiceTable services, bool rawAllowed, TextWriter notices)
    {
        var targets = BuildTargets(parse, o, stdin);

        PortList ports;
        var portSpec = parse.GetValue(o.Ports);
        var top = parse.GetValue(o.TopPorts);
        if (portSpec is not null && top is not null) throw new UsageException("-p and --top-ports cannot be combined");
        if (top is < 1) throw new UsageException("--top-ports needs a positive number");
        try
        {
            ports = portSpec is not null
                ? PortSpecParser.Parse(portSpec, services)
                : new PortList(services.TopPorts(top ?? 1000, Protocol.Tcp), services.TopPorts(top ?? 1000, Protocol.Udp));
        }
        catch (PortSpecException e)
        {
            throw new UsageException(e.Message);
        }
        if (ports.Tcp.Length == 0 && ports.Udp.Length == 0) throw new UsageException("no ports to scan");

        var timing = TimingTemplate.Normal;
        if (parse.GetValue(o.Timing) is { } t && !TimingTemplate.TryParse(t, out timing))
            throw new UsageException($"unknown timing template '-T{t}': use -T0 to -T5");

        TimeSpan? hostTimeout = null;
        if (parse.GetValue(o.HostTimeout) is { } ht)
        {
            if (!TimeSpec.TryParse(ht, out var value) || value <= TimeSpan.Zero)
                throw new UsageException($"invalid --host-timeout '{ht}': use a time like 500ms, 30s, 5m");
            hostTimeout = value;
        }

        var maxRate = parse.GetValue(o.MaxRate);
        var minRate = parse.GetValue(o.MinRate);
        if (maxRate is <= 0 || minRate is <= 0) throw new UsageException("rates must be positive");
        if (maxRate < minRate) throw new UsageException("--max-rate must not be below --min-rate");
        var retries = parse.GetValue(o.MaxRetries);
        if (retries is < 0 or > 50) throw new UsageException("--max-retries must be 0 to 50");
        var parallelism = parse.GetValue(o.MaxParallelism);
        if (parallelism is < 1 or > 65536) throw new UsageException("--max-parallelism must be 1 to 65536");
        var hostgroup = parse.GetValue(o.MaxHostgroup);
        if (hostgroup is < 1) throw new UsageException("--max-hostgroup must be at least 1");

        var scanType = ChooseScanType(parse, o, rawAllowed, notices);
        bool alsoUdp = parse.GetValue(o.UdpScan) && scanType != ScanType.Udp;
        if (alsoUdp && !rawAllowed) throw new UsageException("-sU needs raw-packet privilege (root or CAP_NET_RAW)");
        Protocols.Packets.TcpFlags? scanFlags = null;
        if (parse.GetValue(o.ScanFlags) is { } flagText)
        {
            if (!CustomFlagsTechnique.TryParseFlags(flagText, out var parsed))
                throw new UsageException($"invalid --scanflags '{flagText}': use flag names (SYNFIN) or a number (0x12)");
            if (scanType == ScanType.Connect) throw new UsageException("--scanflags needs a raw-packet scan (-sS or a stealth scan)");
            scanFlags = parsed;
        }
        var sourcePort = parse.GetValue(o.SourcePort);
        if (sourcePort is < 1 or > 65535) throw new UsageException("-g/--source-port must be 1 to 65535");

        bool pingOnly = parse.GetValue(o.PingOnly), noPing = parse.GetValue(o.NoPing);
        var discovery = noPing ? DiscoveryProbes.None : ChooseDiscovery(parse, o);
        if (!rawAllowed && discovery != DiscoveryProbes.None)
        {
            if (pingOnly) throw new UsageException("-sn needs raw-packet privilege (root or CAP_NET_RAW) for its probes");
            discovery = DiscoveryProbes.None; // without raw packets a host is judged by its ports
        }

        var config = new ScanConfig
        {
            Targets = targets,
            Ports = ports,
            ScanType = scanType,
            AlsoUdp = alsoUdp,
            SourcePort = (ushort?)sourcePort,
            ScanFlags = scanFlags,
            Interface = parse.GetValue(o.Interface),
            Timing = timing,
            MaxRate = maxRate,
            MinRate = minRate,
            MaxRetries = retries,
            HostTimeout = hostTimeout,
            MaxParallelism = parallelism,
            MaxHostgroup = hostgroup ?? 64,
            SkipDiscovery = noPing,
            Discovery = discovery,
            PingOnly = pingOnly,
            ResolveNames = !parse.GetValue(o.NoResolve),
            ServiceDetection = parse.GetValue(o.VersionScan),
            VersionIntensity = VersionIntensity(parse, o),
            ServiceProbes = VersionDb(parse, o),
        };
        var all = parse.GetValue(o.AllOutputs);
        if (all is "-") throw new UsageException("-oA needs a file name base, not '-'");
        if (parse.GetValue(o.Stylesheet) is not null && parse.GetValue(o.NoStylesheet))
            throw new UsageException("--stylesheet and --no-stylesheet cannot be combined");
        var output = new OutputSettings(parse.GetValue(o.NormalOutput) ?? Base(all, ".nmap"), parse.GetValue(o.JsonOutput) ?? Base(all, ".json"),
            parse.GetValue(o.Verbose), parse.GetValue(o.Reason), parse.GetValue(o.OpenOnly), parse.GetValue(o.Database),
            parse.GetValue(o.PacketTrace), AbsolutePaths(parse.GetValue(o.Plugins)), parse.GetValue(o.PluginArgs),
            parse.GetValue(o.XmlOutput) ?? Base(all, ".xml"), parse.GetValue(o.GrepableOutput) ?? Base(all, ".gnmap"),
            parse.GetValue(o.NoStylesheet) ? null : parse.GetValue(o.Stylesheet) ?? ProRT.Protocols.Output.XmlOutputWriter.DefaultStylesheet,
            CommandLineText(PasswordRedaction.RedactArguments(parse.Tokens.Select(t => t.Value))), StatsEvery(parse.GetValue(o.StatsEvery)));
        return (config, output);
    }

    /// <summary>
    /// nmap's choice: SYN scan with raw-packet privilege, connect scan without. Asking for -sS without the privilege
    /// falls back to -sT with a notice rather than failing.
    /// </summary>
    private static ScanType ChooseScanType(ParseResult parse, ScanOptions o, bool rawAllowed, TextWriter notices)
    {
        var chosen = new (Option<bool> Flag, ScanType Type)[]
            {
                (o.ConnectScan, ScanType.Connect), (o.SynScan, ScanType.Syn), (o.FinScan, ScanType.Fin),
                (o.NullScan, ScanType.Null), (o.XmasScan, ScanType.Xmas), (o.AckScan, ScanType.Ack),
                (o.WindowScan, ScanType.Window), (o.MaimonScan, ScanType.Maimon), (o.UdpScan, ScanType.Udp),
            }
            .Where(c => parse.GetValue(c.Flag)).Select(c => c.Type).ToList();
        // nmap runs one TCP technique per scan, and UDP beside it.
        var tcp = chosen.Where(t => t != ScanType.Udp).ToList();
        if (tcp.Count > 1)
            throw new UsageException($"only one TCP scan type at a time: {string.Join(", ", tcp.Select(t => t.ToFlag()))}");
        if (chosen.Count > 1) chosen = tcp;
        var type = chosen.Count == 1 ? chosen[0] : ScanType.Syn;
        if (type == ScanType.Connect || rawAllowed) return type;
        if (type != ScanType.Syn)
            throw new UsageException($"{type.ToFlag()} needs raw-packet privilege (root or CAP_NET_RAW)");
        notices.WriteLine("prtip: no raw-packet privilege (root or CAP_NET_RAW): using a TCP connect scan (-sT) instead");
        return ScanType.Connect;
    }

    private static DiscoveryProbes ChooseDiscovery(ParseResult parse, ScanOptions o)
    {
        var chosen = DiscoveryProbes.None;
        if (parse.GetValue(o.PingEcho)) chosen |= DiscoveryProbes.Echo;
        if (parse.GetValue(o.PingSyn)) chosen |= DiscoveryProbes.Syn;
        if (parse.GetValue(o.PingAck)) chosen |= DiscoveryProbes.Ack;
        if (parse.GetValue(o.PingTimestamp)) chosen |= DiscoveryProbes.Timestamp;
        if (parse.GetValue(o.PingArp)) chosen |= DiscoveryProbes.Arp;
        return chosen == DiscoveryProbes.None ? DiscoveryProbes.Default : chosen;
    }

    private static TargetSet BuildTargets(ParseResult parse, ScanOptions o, TextReader stdin)
    {
        var tokens = new List<string>(parse.GetValue(o.Targets) ?? []);
        foreach (var token in tokens.Where(t => t.StartsWith('-')))
            throw new UsageException($"unrecognized option '{token}' (see prtip --help)");
        if (parse.GetValue(o.InputList) is { } list)
            tokens.AddRange(ReadList(list, "-iL", stdin));
        if (tokens.Count == 0) throw new UsageException("no targets were specified (give hosts or -iL FILE)");

        var excludes = new List<string>();
        if (parse.GetValue(o.Exclude) is { } ex)
            excludes.AddRange(ex.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (parse.GetValue(o.ExcludeFile) is { } exFile)
            excludes.AddRange(ReadList(exFile, "--excludefile", stdin));

        try
        {
            var set = new TargetSet(
                tokens.Select(t => TargetSpecParser.Parse(t, Resolve)).ToList(),
                excludes.Select(t => TargetSpecParser.Parse(t, Resolve)).ToList());
            if (!set.Enumerate().Any()) throw new UsageException("every target is excluded: nothing to scan");
            return set;
        }
        catch (TargetSpecException e)
        {
            throw new UsageException(e.Message);
        }
    }

    private static IEnumerable<string> ReadList(string path, string flag, TextReader stdin)
    {
        try
        {
            using var reader = path == "-" ? stdin : File.OpenText(path);
            return TargetSet.ReadTokens(reader).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"cannot read {flag} file '{path}': {e.Message}");
        }
    }

    private static uint? Resolve(string hostname)
    {
        try
        {
            var address = Dns.GetHostAddresses(hostname).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork);
            return address is null ? null : Ipv4.ToUInt32(address);
        }
        catch (SocketException)
        {
            return null;
        }
    }

    // Kept in the journal for `prtip resume`, which may run from another directory.
    private static string[]? AbsolutePaths(string[]? paths) => paths?.Select(Path.GetFullPath).ToArray();

    private static string? Base(string? all, string extension) => all is null ? null : all + extension;

    // The command as nmap records it in its outputs: arguments with spaces quoted, passwords masked. The parser splits
    // nmap's "-p-" into "-p" and "-"; it is written back as typed.
    private static string CommandLineText(IEnumerable<string> args) =>
        (string.Join(" ", new[] { "prtip" }.Concat(args.Select(a => a.Length == 0 || a.Any(char.IsWhiteSpace) ? $"'{a}'" : a))) + " ")
            .Replace(" -p - ", " -p- ", StringComparison.Ordinal).TrimEnd();

    private static TimeSpan? StatsEvery(string? text)
    {
        if (text is null) return null;
        if (!TimeSpec.TryParse(text, out var every) || every <= TimeSpan.Zero)
            throw new UsageException($"invalid --stats-every '{text}': use a time like 10s or 1m");
        return every;
    }

    private static string? VersionDb(ParseResult parse, ScanOptions o)
    {
        if (parse.GetValue(o.VersionDb) is not { } path) return null;
        if (path != ServiceProbeDatabase.BuiltInSource && !File.Exists(path))
            throw new UsageException($"--versiondb: '{path}' does not exist");
        // Kept absolute in the journal: a resume may run from another directory.
        return path == ServiceProbeDatabase.BuiltInSource ? path : Path.GetFullPath(path);
    }

    private static int VersionIntensity(ParseResult parse, ScanOptions o)
    {
        var chosen = new List<(string Flag, int Level)>();
        if (parse.GetValue(o.VersionIntensity) is { } n) chosen.Add(("--version-intensity", n));
        if (parse.GetValue(o.VersionLight)) chosen.Add(("--version-light", 2));
        if (parse.GetValue(o.VersionAll)) chosen.Add(("--version-all", 9));
        if (chosen.Count > 1) throw new UsageException($"{string.Join(", ", chosen.Select(c => c.Flag))} cannot be combined");
        if (chosen.Count == 0) return 7;
        if (chosen[0].Level is < 0 or > 9) throw new UsageException("--version-intensity must be 0 to 9");
        return chosen[0].Level;
    }
}
