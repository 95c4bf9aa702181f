using System.Net;
using Microsoft.Data.Sqlite;
using ProRT.Actors.Database;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;
using ProRT.Protocols.Scanning;
using ProRT.Protocols.Targets;

namespace ProRT.Actors.Tests.Database;

public sealed class ResultsDatabaseSpecs : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 2, 3, 4, 5, 6, 789, TimeSpan.Zero);

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "prtip-db-specs-" + Guid.NewGuid().ToString("N"));
    private readonly List<IDisposable> _open = new();

    private string DbPath => Path.Combine(_dir, "nested", "results.db");

    public void Dispose()
    {
        foreach (var d in _open) d.Dispose();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private ResultsDatabase Open()
    {
        var db = ResultsDatabase.Open(DbPath);
        _open.Add(db);
        return db;
    }

    private static readonly ScanConfig Config = new()
    {
        Targets = new TargetSet([TargetSpecParser.Parse("198.18.0.1-3")]),
        Ports = new PortList([22, 80, 443], [53]),
        ScanType = ScanType.Syn,
        AlsoUdp = true,
        ResolveNames = false,
    };

    private static ScanInfo Info(DateTimeOffset start, DateTimeOffset? end = null) =>
        new("test", start, end, ["SYN", "UDP"], ["198.18.0.1-3"], "T:22,80,443,U:53");

    private static IPAddress A(int last) => IPAddress.Parse($"198.18.0.{last}");

    private static ScanResult Port(int host, ushort port, PortState state, Protocol protocol = Protocol.Tcp, ServiceInfo? service = null, string? banner = null) =>
        new(A(host), port, protocol, state, "syn-ack", TimeSpan.FromMilliseconds(port % 50 + 0.4), T0, service, banner);

    private static ScanReport Report(DateTimeOffset start, DateTimeOffset end, params HostResult[] hosts) =>
        new(Info(start, end), hosts, ScanReport.Summarize(hosts, start, end));

    /// <summary>Rows as (ip, port, protocol, state), straight from the file.</summary>
    private List<(string Ip, long Port, string Protocol, string State)> PortRows(long? scan = null)
    {
        var rows = new List<(string, long, string, string)>();
        using var c = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT h.ip, p.port, p.protocol, p.state FROM ports p JOIN hosts h ON p.host_id = h.id" +
                          (scan is null ? "" : $" WHERE h.scan_id = {scan}") + " ORDER BY h.ip, p.protocol, p.port";
        using var r = cmd.ExecuteReader();
        while (r.Read()) rows.Add((r.GetString(0), r.GetInt64(1), r.GetString(2), r.GetString(3)));
        return rows;
    }

    private List<object?[]> Rows(string sql)
    {
        var rows = new List<object?[]>();
        using var c = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            var row = new object?[r.FieldCount];
            for (int i = 0; i < row.Length; i++) row[i] = r.IsDBNull(i) ? null : r.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    private static HostResult Host1() => new(A(1), "one.example", HostState.Up, "syn-ack",
    [
        Port(1, 22, PortState.Open, service: new ServiceInfo("ssh", "OpenSSH", "9.6"), banner: "SSH-2.0-OpenSSH_9.6"),
        Port(1, 80, PortState.Closed),
        Port(1, 443, PortState.Filtered),
        Port(1, 53, PortState.OpenFiltered, Protocol.Udp),
    ], TimeSpan.FromMilliseconds(2), new OsMatch("Linux 6.x", 93, null));

    /// <summary>A scan as the coordinator would deliver it: ports as they resolve, then the hosts, then the end.</summary>
    private static void Deliver(DatabaseSink sink, DateTimeOffset start)
    {
        sink.OnScanStarted(Info(start));
        sink.OnPorts([Port(1, 22, PortState.Open, service: new ServiceInfo("ssh", "OpenSSH", "9.6"), banner: "SSH-2.0-OpenSSH_9.6"), Port(1, 80, PortState.Closed), Port(2, 443, PortState.Open)]);
        sink.OnPorts([Port(1, 80, PortState.Closed)]); // the same port again: still one row
        var h1 = Host1();
        sink.OnHost(h1);
        var h2 = new HostResult(A(2), null, HostState.Up, "syn-ack", [], TimedOut: true);
        sink.OnHost(h2);
        var h3 = new HostResult(A(3), null, HostState.Down, "no-response", []);
        sink.OnHost(h3);
        sink.OnScanCompleted(Report(start, start.AddSeconds(42), h1, h2, h3));
    }

    [Fact]
    public void The_schema_has_the_specified_tables_and_indexes()
    {
        Open().Dispose();
        var tables = Rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").Select(r => (string)r[0]!);
        Assert.Equal(["hosts", "ports", "scans"], tables);
        var indexes = Rows("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .Select(r => ((string)r[0]!, (string)r[1]!));
        Assert.Equal([("idx_host_id", "ports"), ("idx_port", "ports"), ("idx_scan_id", "hosts"), ("idx_state", "ports")], indexes);

        var portColumns = Rows("SELECT name FROM pragma_table_info('ports') ORDER BY cid").Select(r => (string)r[0]!);
        Assert.Equal(["id", "host_id", "port", "protocol", "state", "service_name", "service_product", "service_version", "banner", "response_time_ms"], portColumns);

        // Opening again keeps what is there.
        Open();
        Assert.Equal(3, Rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").Count);
    }

    [Fact]
    public void A_sink_writes_scans_hosts_and_ports()
    {
        var db = Open();
        Deliver(new DatabaseSink(db, "scan-a", Config), T0);

        var scan = Assert.Single(Rows("SELECT id, scan_type, targets, ports, end_time, json_extract(config, '$.ScanId') FROM scans"));
        Assert.Equal("SYN,UDP", scan[1]);
        Assert.Equal("198.18.0.1-3", scan[2]);
        Assert.Equal("T:22,80,443,U:53", scan[3]);
        Assert.NotNull(scan[4]);
        Assert.Equal("scan-a", scan[5]);

        var hosts = Rows("SELECT ip, hostname, state, os_name, os_accuracy FROM hosts ORDER BY ip");
        Assert.Equal(3, hosts.Count);
        Assert.Equal(["198.18.0.1", "one.example", "up", "Linux 6.x", 93L], hosts[0]);
        Assert.Equal(["198.18.0.2", null, "up", null, null], hosts[1]);
        Assert.Equal(["198.18.0.3", null, "down", null, null], hosts[2]);

        Assert.Equal(
        [
            ("198.18.0.1", 22L, "tcp", "open"), ("198.18.0.1", 80L, "tcp", "closed"), ("198.18.0.1", 443L, "tcp", "filtered"),
            ("198.18.0.1", 53L, "udp", "open|filtered"),
        ], PortRows());

        var ssh = Assert.Single(Rows("SELECT service_name, service_product, service_version, banner, response_time_ms FROM ports WHERE port = 22"));
        Assert.Equal(["ssh", "OpenSSH", "9.6", "SSH-2.0-OpenSSH_9.6", 22L], ssh);

        var listed = Assert.Single(db.ListScans());
        Assert.Equal("scan-a", listed.ScanId);
        Assert.Equal(3, listed.Hosts);
        Assert.Equal(2, listed.HostsUp);
        Assert.Equal(1, listed.OpenPorts);
        Assert.Equal(T0.AddSeconds(42), listed.End);
        Assert.Equal(T0, listed.Start);
    }

    [Fact]
    public void A_timed_out_host_keeps_no_port_rows()
    {
        var db = Open();
        var sink = new DatabaseSink(db, "scan-timeout", Config);
        sink.OnScanStarted(Info(T0));
        sink.OnPorts([Port(2, 443, PortState.Open), Port(2, 80, PortState.Closed), Port(1, 22, PortState.Open)]);
        Assert.Equal(2, PortRows().Count(r => r.Ip == "198.18.0.2"));
        sink.OnHost(new HostResult(A(2), null, HostState.Up, "syn-ack", [Port(2, 8080, PortState.Open)], TimedOut: true));
        Assert.DoesNotContain(PortRows(), r => r.Ip == "198.18.0.2");
        Assert.Single(PortRows(), r => r.Ip == "198.18.0.1"); // other hosts keep theirs
        Assert.Single(Rows("SELECT id FROM hosts WHERE ip = '198.18.0.2'")); // the host row stays
    }

    [Fact]
    public void A_resumed_scan_rewrites_its_rows_instead_of_adding_to_them()
    {
        var db = Open();
        // The first run dies after some results.
        var first = new DatabaseSink(db, "scan-r", Config);
        first.OnScanStarted(Info(T0));
        first.OnPorts([Port(1, 22, PortState.Open), Port(2, 443, PortState.Open)]);
        first.OnHost(new HostResult(A(2), null, HostState.Up, "syn-ack", [Port(2, 443, PortState.Open), Port(2, 22, PortState.Closed)]));
        var scanId = (long)Assert.Single(Rows("SELECT id FROM scans"))[0]!;

        // The resume gets everything again (replayed from the journal, then the rest); a different scan is untouched.
        var other = new DatabaseSink(db, "scan-other", Config);
        other.OnScanStarted(Info(T0.AddDays(1)));
        other.OnPorts([Port(3, 80, PortState.Open)]);

        Deliver(new DatabaseSink(db, "scan-r", Config), T0);

        var scans = Rows("SELECT id, json_extract(config, '$.ScanId'), end_time FROM scans ORDER BY id");
        Assert.Equal(2, scans.Count);
        Assert.Equal([scanId, "scan-r"], scans[0][..2]);
        Assert.NotNull(scans[0][2]);
        Assert.Equal(3L, Rows($"SELECT COUNT(*) FROM hosts WHERE scan_id = {scanId}")[0][0]);
        Assert.Equal(
        [
            ("198.18.0.1", 22L, "tcp", "open"), ("198.18.0.1", 80L, "tcp", "closed"), ("198.18.0.1", 443L, "tcp", "filtered"),
            ("198.18.0.1", 53L, "udp", "open|filtered"),
        ], PortRows(scanId));
        Assert.Equal([("198.18.0.3", 80L, "tcp", "open")], PortRows((long)scans[1][0]!));

        // And the same sink seeing a second start (an in-process resume) does the same.
        var again = new DatabaseSink(db, "scan-r", Config);
        Deliver(again, T0);
        Deliver(again, T0);
        Assert.Equal(2, Rows("SELECT id FROM scans").Count);
        Assert.Equal(4, PortRows(scanId).Count);
        Assert.Equal(3L, Rows($"SELECT COUNT(*) FROM hosts WHERE scan_id = {scanId}")[0][0]);
    }

    [Fact]
    public void A_stored_scan_loads_back_as_a_report()
    {
        var db = Open();
        Deliver(new DatabaseSink(db, "scan-load", Config), T0);
        var id = Assert.Single(db.ListScans()).Id;

        var report = db.LoadReport(id, "9.9");
        Assert.Equal("9.9", report.Info.Version);
        Assert.Equal(T0, report.Info.StartTime);
        Assert.Equal(T0.AddSeconds(42), report.Info.EndTime);
        Assert.Equal(["SYN", "UDP"], report.Info.ScanTypes);
        Assert.Equal(["198.18.0.1-3"], report.Info.Targets);
        Assert.Equal([A(1), A(2), A(3)], report.Hosts.Select(h => h.Address));
        Assert.Equal([HostState.Up, HostState.Up, HostState.Down], report.Hosts.Select(h => h.State));

        var h1 = report.Hosts[0];
        Assert.Equal("one.example", h1.Hostname);
        Assert.Equal(new OsMatch("Linux 6.x", 93, null), h1.Os);
        Assert.Equal([(Protocol.Tcp, (ushort)22, PortState.Open), (Protocol.Tcp, (ushort)80, PortState.Closed), (Protocol.Tcp, (ushort)443, PortState.Filtered), (Protocol.Udp, (ushort)53, PortState.OpenFiltered)],
            h1.Ports.Select(p => (p.Protocol, p.Port, p.State)));
        var ssh = h1.Ports[0];
        Assert.Equal(new ServiceInfo("ssh", "OpenSSH", "9.6"), ssh.Service);
        Assert.Equal("SSH-2.0-OpenSSH_9.6", ssh.Banner);
        Assert.Equal(TimeSpan.FromMilliseconds(22), ssh.ResponseTime);
        Assert.Empty(report.Hosts[1].Ports);
        Assert.Empty(report.Hosts[2].Ports);

        Assert.Equal(3, report.Statistics.TotalHosts);
        Assert.Equal(2, report.Statistics.HostsUp);
        Assert.Equal(4, report.Statistics.TotalPortsScanned);
        Assert.Equal(1, report.Statistics.PortsOpen);
        Assert.Equal(TimeSpan.FromSeconds(42), report.Statistics.Duration);

        Assert.Throws<ResultsDatabaseException>(() => db.LoadReport(id + 100, "9.9"));
    }

    [Fact]
    public void Diff_reports_ports_whose_state_changed()
    {
        var db = Open();
        var before = new DatabaseSink(db, "scan-before", Config);
        before.OnScanStarted(Info(T0));
        before.OnHost(new HostResult(A(1), null, HostState.Up, "syn-ack", [Port(1, 22, PortState.Open), Port(1, 80, PortState.Closed), Port(1, 443, PortState.Open)]));
        before.OnHost(new HostResult(A(2), null, HostState.Up, "syn-ack", [Port(2, 25, PortState.Open)]));
        before.OnScanCompleted(Report(T0, T0.AddSeconds(1)));

        var after = new DatabaseSink(db, "scan-after", Config);
        after.OnScanStarted(Info(T0.AddDays(1)));
        after.OnHost(new HostResult(A(1), null, HostState.Up, "syn-ack", [Port(1, 22, PortState.Open), Port(1, 80, PortState.Open), Port(1, 443, PortState.Open), Port(1, 53, PortState.Open, Protocol.Udp)]));
        after.OnHost(new HostResult(A(2), null, HostState.Down, "no-response", []));
        after.OnScanCompleted(Report(T0.AddDays(1), T0.AddDays(1).AddSeconds(1)));

        var ids = db.ListScans().ToDictionary(s => s.ScanId!, s => s.Id);
        var diff = db.Diff(ids["scan-before"], ids["scan-after"]);
        Assert.Equal(
        [
            new PortChange("198.18.0.1", 80, "tcp", "closed", "open"),
            new PortChange("198.18.0.1", 53, "udp", null, "open"),
            new PortChange("198.18.0.2", 25, "tcp", "open", null),
        ], diff);
        Assert.Empty(db.Diff(ids["scan-after"], ids["scan-after"]));
        Assert.Equal(new PortChange("198.18.0.1", 80, "tcp", "open", "closed"), db.Diff(ids["scan-after"], ids["scan-before"])[0]);
        Assert.Throws<ResultsDatabaseException>(() => db.Diff(ids["scan-before"], 999));
    }

    [Fact]
    public void Many_ports_are_written_in_chunks()
    {
        var db = Open();
        var sink = new DatabaseSink(db, "scan-many", Config);
        sink.OnScanStarted(Info(T0));
        var ports = Enumerable.Range(1, 1000).Select(p => Port(1 + p % 3, (ushort)p, p % 5 == 0 ? PortState.Open : PortState.Closed)).ToList();
        sink.OnPorts(ports);
        var rows = PortRows();
        Assert.Equal(1000, rows.Count);
        Assert.Equal(200, rows.Count(r => r.State == "open"));
        Assert.Equal(1000, rows.Select(r => (r.Ip, r.Port)).Distinct().Count());
    }

    [Fact]
    public void An_unusable_location_is_a_ResultsDatabaseException()
    {
        Directory.CreateDirectory(_dir);
        var file = Path.Combine(_dir, "a-file");
        File.WriteAllText(file, "x");
        var e = Assert.Throws<ResultsDatabaseException>(() => ResultsDatabase.Open(Path.Combine(file, "r.db")));
        Assert.Contains("cannot open the results database", e.Message);
        var pg = Assert.Throws<ResultsDatabaseException>(() => ResultsDatabase.Open("postgres://h/db?bad"));
        Assert.Contains("database address", pg.Message);
    }

    [Fact]
    public void A_database_that_cannot_be_opened_is_reported_without_its_password()
    {
        // Nothing listens on port 1.
        var e = Assert.Throws<ResultsDatabaseException>(() => ResultsDatabase.Open("postgres://u:hunter2@127.0.0.1:1/db?timeout=2"));
        Assert.StartsWith("cannot open the results database postgres://u:***@127.0.0.1:1/db?timeout=2: ", e.Message);
        Assert.DoesNotContain("hunter2", e.Message);
        e = Assert.Throws<ResultsDatabaseException>(() => ResultsDatabase.Open("Host=127.0.0.1;Port=1;Password=hunter2;Timeout=2;Nosuchkey=1"));
        Assert.DoesNotContain("hunter2", e.Message);
    }
}
