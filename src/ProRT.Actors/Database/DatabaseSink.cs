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
/// <param name="database">The open database; disposed with the sink.</param>
/// <param name="scanId">The prtip scan id, which finds the scan's row again on resume.</param>
/// <param name="config">The scan's configuration, stored as JSON in the scan's row.</param>
public sealed class DatabaseSink(ResultsDatabase database, string scanId, ScanConfig config) : IResultSink, IDisposable
{
    private readonly Dictionary<uint, long> _hosts = new();
    private readonly SeenPorts _written = new();
    private long _scan;

    /// <summary>Always true: a failed write stops the scan, which can then be resumed.</summary>
    public bool Required => true;

    /// <summary>"results database" and where it is.</summary>
    public string Name => $"results database {database.Display}";

    /// <summary>Creates the scan's row, or empties it of hosts and ports when the scan is resumed.</summary>
    public void OnScanStarted(ScanInfo info)
    {
        _hosts.Clear();
        _written.Clear();
        _scan = database.BeginScan(scanId, info, new ScanDefinition(scanId, config, info.StartTime).ToJson());
    }

    /// <summary>Inserts a row for each port not written yet, creating host rows as needed.</summary>
    public void OnPorts(IReadOnlyList<ScanResult> results) => Write(results, "up");

    /// <summary>Sets the host row's verdict and writes its remaining ports; a timed-out host loses its ports.</summary>
    public void OnHost(HostResult host)
    {
        var id = Host(host.Address, ResultsDatabase.HostStateText(host.State));
        database.UpdateHost(id, host);
        if (host.TimedOut)
            database.DeletePorts(id); // nmap drops a timed-out host's ports; so does every other output
        else
            Write(host.Ports, ResultsDatabase.HostStateText(host.State));
        // Nothing comes after a host's end: what was kept to write it goes.
        _written.Forget(host.Address);
        _hosts.Remove(Ipv4.ToUInt32(host.Address));
    }

    /// <summary>Sets the scan's end time.</summary>
    public void OnScanCompleted(ScanReport report) => database.EndScan(_scan, report.Info.EndTime);

    private void Write(IReadOnlyList<ScanResult> results, string state)
    {
        var rows = new List<(long, ScanResult)>(results.Count);
        foreach (var r in results)
        {
            if (_written.Add(r)) rows.Add((Host(r.Target, state), r));
        }
        database.InsertPorts(rows);
    }

    private long Host(IPAddress address, string state)
    {
        uint key = Ipv4.ToUInt32(address);
        if (!_hosts.TryGetValue(key, out var id)) _hosts[key] = id = database.InsertHost(_scan, address, state);
        return id;
    }

    /// <summary>Closes the database.</summary>
    public void Dispose() => database.Dispose();
}
