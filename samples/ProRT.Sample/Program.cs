// Embeds prtip: scans this machine's loopback (never another address) and works on the live result stream with Rx.
// Run: bash samples/run.sh
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using ProRT.Actors.Scanning;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;
using ProRT.Protocols.Scanning;
using ProRT.Protocols.Targets;

var config = new ScanConfig
{
    Targets = new TargetSet([TargetSpecParser.Parse("127.0.0.1")]),
    Ports = PortSpecParser.Parse("1-10000"),
    ScanType = ScanType.Connect, // no privilege needed
    SkipDiscovery = true,
    ResolveNames = false,
};
var scanner = new Scanner(config);

// Open ports as they are found.
using var open = scanner.Results
    .Where(r => r.State == PortState.Open)
    .Subscribe(r => Console.WriteLine($"open: {r.Target}:{r.Port}/{r.Protocol.ToWire()} after {r.ResponseTime.TotalMilliseconds:F1} ms"));

// Every result, counted per host in half-second windows.
using var windows = scanner.Results
    .Buffer(TimeSpan.FromMilliseconds(500))
    .Where(batch => batch.Count > 0)
    .SelectMany(batch => batch.GroupBy(r => r.Target).Select(g => (Host: g.Key, Count: g.Count(), Open: g.Count(r => r.State == PortState.Open))))
    .Subscribe(w => Console.WriteLine($"window: {w.Host} {w.Count} ports resolved, {w.Open} open"));

// Ports per state once the stream completes: GroupBy, then count each group.
var states = scanner.Results
    .GroupBy(r => r.State)
    .SelectMany(g => g.Count().Select(n => $"{g.Key.ToNmap()}: {n}"))
    .ToList()
    .ToTask();

var report = await scanner.ExecuteWithProgressAsync(p => Console.WriteLine($"progress: {p.Percent:F1}% ({p.PortsDone}/{p.PortsPlanned} ports, {p.OpenPorts} open)"));
Console.WriteLine($"states: {string.Join(", ", await states)}");
Console.WriteLine($"done: {report.Statistics.TotalPortsScanned} ports, {report.Statistics.PortsOpen} open, in {report.Statistics.Duration.TotalSeconds:F2} s");
