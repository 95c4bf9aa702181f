using System.CommandLine;

namespace ProRT.Host.CommandLine;

/// <summary>The scan flags, spelled as nmap spells them.</summary>
public sealed class ScanOptions
{
    public readonly Argument<string[]> Targets = new("targets")
    {
        Description = "Hosts, addresses, CIDR blocks or octet ranges (198.18.0.0/24, 198.18.0-3.1-254)",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public readonly Option<string> InputList = new("-iL") { Description = "Read targets from a file ('-' for stdin)", HelpName = "file" };
    public readonly Option<string> Exclude = new("--exclude") { Description = "Exclude hosts (comma-separated)", HelpName = "hosts" };
    public readonly Option<string> ExcludeFile = new("--excludefile") { Description = "Exclude hosts listed in a file", HelpName = "file" };

    public readonly Option<string> Ports = new("-p") { Description = "Ports: 22,80,1000-2000, '-' for all, T:/U: prefixes", HelpName = "ports" };
    public readonly Option<int?> TopPorts = new("--top-ports") { Description = "Scan the N most common ports", HelpName = "N" };

    public readonly Option<bool> ConnectScan = new("-sT") { Description = "TCP connect scan (the default without raw-packet privilege)" };
    public readonly Option<bool> SynScan = new("-sS") { Description = "TCP SYN scan (the default as root)" };
    public readonly Option<bool> UdpScan = new("-sU") { Description = "UDP scan with protocol payloads" };
    public readonly Option<bool> FinScan = new("-sF") { Description = "TCP FIN scan" };
    public readonly Option<bool> NullScan = new("-sN") { Description = "TCP NULL scan (no flags)" };
    public readonly Option<bool> XmasScan = new("-sX") { Description = "TCP Xmas scan (FIN, PSH, URG)" };
    public readonly Option<bool> AckScan = new("-sA") { Description = "TCP ACK scan (maps firewall rules)" };
    public readonly Option<bool> WindowScan = new("-sW") { Description = "TCP Window scan" };
    public readonly Option<bool> MaimonScan = new("-sM") { Description = "TCP Maimon scan (FIN/ACK)" };
    public readonly Option<string> ScanFlags = new("--scanflags") { Description = "Custom TCP flags (SYNFIN, 0x12...)", HelpName = "flags" };
    public readonly Option<int?> SourcePort = new("-g", "--source-port") { Description = "Source port of raw probes", HelpName = "port" };
    public readonly Option<string> Interface = new("-e") { Description = "Send and receive raw packets on this interface", HelpName = "iface" };
    public readonly Option<bool> PacketTrace = new("--packet-trace") { Description = "Show every packet sent and received" };

    public readonly Option<bool> VersionScan = new("-sV") { Description = "Probe open ports to determine service and version (nmap-service-probes)" };
    public readonly Option<int?> VersionIntensity = new("--version-intensity") { Description = "Version probes to try, 0 (light) to 9 (all); default 7", HelpName = "0-9" };
    public readonly Option<bool> VersionLight = new("--version-light") { Description = "Version intensity 2" };
    public readonly Option<bool> VersionAll = new("--version-all") { Description = "Version intensity 9" };
    public readonly Option<string> VersionDb = new("--versiondb") { Description = "Service probes file for -sV (default: nmap's, else built-in); 'built-in' for prtip's own set", HelpName = "file" };
    public readonly Option<string> Timing = new("-T") { Description = "Timing template 0-5 (paranoid .. insane)", HelpName = "0-5" };
    public readonly Option<double?> MaxRate = new("--max-rate") { Description = "Send no more than N probes per second", HelpName = "N" };
    public readonly Option<double?> MinRate = new("--min-rate") { Description = "Send at least N probes per second", HelpName = "N" };
    public readonly Option<int?> MaxRetries = new("--max-retries") { Description = "Retransmissions per port", HelpName = "N" };
    public readonly Option<string> HostTimeout = new("--host-timeout") { Description = "Give up on a host after this long (30s, 5m, 1h, ms)", HelpName = "time" };
    public readonly Option<int?> MaxParallelism = new("--max-parallelism") { Description = "Probes in flight per host", HelpName = "N" };
    public readonly Option<int?> MaxHostgroup = new("--max-hostgroup") { Description = "Hosts scanned in parallel", HelpName = "N" };

    public readonly Option<bool> NoPing = new("-Pn") { Description = "Treat all hosts as online" };
    public readonly Option<bool> PingOnly = new("-sn") { Description = "Host discovery only: no port scan" };
    public readonly Option<bool> PingEcho = new("-PE") { Description = "Discover hosts with ICMP echo" };
    public readonly Option<bool> PingSyn = new("-PS") { Description = "Discover hosts with TCP SYN to port 443" };
    public readonly Option<bool> PingAck = new("-PA") { Description = "Discover hosts with TCP ACK to port 80" };
    public readonly Option<bool> PingTimestamp = new("-PP") { Description = "Discover hosts with ICMP timestamp" };
    public readonly Option<bool> PingArp = new("-PR") { Description = "Discover hosts on the local Ethernet with ARP" };
    public readonly Option<bool> NoResolve = new("-n") { Description = "Never do DNS resolution" };
    public readonly Option<bool> Verbose = new("-v") { Description = "Verbose: report open ports as they are found" };
    public readonly Option<string> StatsEvery = new("--stats-every") { Description = "Print progress at this interval (10s, 1m) when not on a terminal", HelpName = "time" };
    public readonly Option<bool> Reason = new("--reason") { Description = "Show why each port is in its state" };
    public readonly Option<bool> OpenOnly = new("--open") { Description = "Show only open ports" };

    public readonly Option<string> NormalOutput = new("-oN") { Description = "Write normal output to a file ('-' for stdout)", HelpName = "file" };
    public readonly Option<string> JsonOutput = new("-oJ") { Description = "Write JSON output to a file ('-' for stdout)", HelpName = "file" };
    public readonly Option<string> XmlOutput = new("-oX") { Description = "Write nmap XML output to a file ('-' for stdout)", HelpName = "file" };
    public readonly Option<string> GrepableOutput = new("-oG") { Description = "Write grepable output to a file ('-' for stdout)", HelpName = "file" };
    public readonly Option<string> AllOutputs = new("-oA") { Description = "Write normal, XML, grepable and JSON output to BASE.nmap, .xml, .gnmap, .json", HelpName = "base" };
    public readonly Option<string> Stylesheet = new("--stylesheet") { Description = "XSL stylesheet for the XML output (path or URL)", HelpName = "path" };
    public readonly Option<bool> NoStylesheet = new("--no-stylesheet") { Description = "No XSL stylesheet in the XML output" };

    public readonly Option<string> Database = new("--db") { Description = "Write results into a database as they arrive: a SQLite file or postgres://user:pass@host/db", HelpName = "file|url" };
    public readonly Option<string> Journal = JournalOptions.Journal();
    public readonly Option<bool> NoJournal = new("--no-journal") { Description = "Do not journal the scan (it cannot be resumed)" };
    public readonly Option<string[]> Cluster = new("--cluster") { Description = "Run the scan on a prtip cluster: a member to join, host:port (repeatable); needs a PostgreSQL --journal", HelpName = "host:port" };
    public readonly Option<string> ClusterBind = ClusterCommands.Bind();
    public readonly Option<string> ClusterTlsCert = ClusterCommands.TlsCert();
    public readonly Option<string> ClusterTlsPassword = ClusterCommands.TlsPassword();
    public readonly Option<string> ClusterTlsPasswordFile = ClusterCommands.TlsPasswordFile();
    public readonly Option<string> ScanId = new("--scan-id") { Description = "Name the scan in the journal (default: start time and a random tail)", HelpName = "id" };

    public readonly Option<string[]> Plugins = new("--plugin") { Description = "Load scan plugins from this assembly (repeatable)", HelpName = "dll" };
    public readonly Option<string[]> PluginArgs = new("--plugin-arg") { Description = "A plugin setting (repeatable), e.g. file=open.csv", HelpName = "key=value" };

    public void AddTo(Command command)
    {
        command.Arguments.Add(Targets);
        foreach (var option in new Option[]
                 {
                     InputList, Exclude, ExcludeFile, Ports, TopPorts, ConnectScan, SynScan, UdpScan, FinScan, NullScan, XmasScan, AckScan, WindowScan, MaimonScan, ScanFlags, SourcePort, Interface, PacketTrace, VersionScan, VersionIntensity, VersionLight, VersionAll, VersionDb, Timing, MaxRate, MinRate, MaxRetries,
                     HostTimeout, MaxParallelism, MaxHostgroup, NoPing, PingOnly, PingEcho, PingSyn, PingAck, PingTimestamp, PingArp, NoResolve, Verbose, StatsEvery, Reason, OpenOnly, NormalOutput, JsonOutput, XmlOutput, GrepableOutput, AllOutputs, Stylesheet, NoStylesheet, Database, Journal, NoJournal, ScanId, Cluster, ClusterBind, ClusterTlsCert, ClusterTlsPassword, ClusterTlsPasswordFile, Plugins, PluginArgs,
                 })
            command.Options.Add(option);
    }
}
