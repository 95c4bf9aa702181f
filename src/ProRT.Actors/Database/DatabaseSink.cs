using System.Net;
using ProRT.Actors.Persistence;
using ProRT.Actors.Results;
using ProRT.Protocols.Results;
using ProRT.Protocols.Scanning;
using ProRT.Protocols.Targets;

namespace ProRT.Actors.Database;

/// <summary>
/// Writes one scan into the <see cref="ResultsDatabase"/> as its results arrive: a port row as soon as its state is
/// final, the host row's verdict when the host is done, the end time last. A crash keeps what was written; a resumed
/// scan rewrites its own rows. A write that fails stops the scan (<see cref="IResultSink.Required"/>).
/// </summary>
public sealed class DatabaseSink(ResultsDatabase database, string scanId, ScanConfig config) : IResultSink, IDisposable
{
    private readonly Dictionary<uint, (long Id, HashSet<int> Written)> _hosts = new();
    private long _scan;

    public bool Required => true;

    public string Name => $"results database {database.Display}";

    public void OnScanStarted(ScanInfo info)
    {
        _hosts.Clear();
        _scan = database.BeginScan(scanId, info, new ScanDefinition(scanId, config, info.StartTime).ToJson());
    }

    public void OnPorts(IReadOnlyList<ScanResult> results) => Write(results, "up");

    public void OnHost(HostResult host)
    {
        var (id, _) = Host(host.Address, ResultsDatabase.HostStateText(host.State));
        database.UpdateHost(id, host);
        if (host.TimedOut)
        {
            // nmap drops a timed-out host's ports; so does every other output.
            database.DeletePorts(id);
            return;
        }
        Write(host.Ports, ResultsDatabase.HostStateText(host.State));
    }

    public void OnScanCompleted(ScanReport report) => database.EndScan(_scan, report.Info.EndTime);

    private void Write(IReadOnlyList<ScanResult> results, string state)
    {
        var rows = new List<(long, ScanResult)>(results.Count);
        foreach (var r in results)
        {
            var (id, written) = Host(r.Target, state);
            if (written.Add(r.Port | (int)r.Protocol << 16)) rows.Add((id, r));
        }
        database.InsertPorts(rows);
    }

    private (long Id, HashSet<int> Written) Host(IPAddress address, string state)
    {
        uint key = Ipv4.ToUInt32(address);
        if (!_hosts.TryGetValue(key, out var host))
            _hosts[key] = host = (database.InsertHost(_scan, address, state), new HashSet<int>());
        return host;
    }

    public void Dispose() => database.Dispose();
}
