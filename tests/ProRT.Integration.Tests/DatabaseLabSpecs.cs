using System.Data.Common;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using ProRT.Actors.Persistence;
using ProRT.Host.CommandLine;
using ProRT.Protocols.Ports;

namespace ProRT.Integration.Tests;

/// <summary>--db against the lab: the results database holds exactly what the JSON report says.</summary>
[Trait("Category", "Lab")]
[Collection("Lab")]
public sealed class DatabaseLabSpecs : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("prtip-db-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_results_database_matches_the_json_report_row_for_row(string store)
    {
        Lab.Require();
        var db = store == "sqlite" ? Path.Combine(_dir, "results.db") : Lab.Postgres;
        var json = Path.Combine(_dir, "scan.json");
        var scanId = $"db-{store}-{Guid.NewGuid():N}"[..20];
        var stderr = new StringWriter();
        int code = await PrtipCommand.RunAsync(["-sS", "-sU", "-p", "T:1-1000,8080,8081,U:53,161,162", "-n", "--scan-id", scanId,
            "--db", db, "-oJ", json, Lab.Target, "198.18.1.2-4"], new StringWriter(), stderr);
        Assert.True(code == 0, stderr.ToString());

        var (jsonHosts, jsonPorts) = FromJson(await File.ReadAllTextAsync(json));
        var (dbHosts, dbPorts) = FromDatabase(db, scanId);
        Assert.Equal(4, jsonHosts.Count);
        Assert.Equal(jsonHosts.Order(), dbHosts.Order());
        Assert.True(jsonPorts.Count > 2 * 1000, $"only {jsonPorts.Count} port rows");
        Assert.Equal(jsonPorts.Order(), dbPorts.Order());
    }

    private static (List<string> Hosts, List<string> Ports) FromJson(string text)
    {
        using var doc = JsonDocument.Parse(text);
        var hosts = new List<string>();
        var ports = new List<string>();
        foreach (var host in doc.RootElement.GetProperty("results").EnumerateArray())
        {
            var ip = host.GetProperty("ip").GetString()!;
            hosts.Add($"{ip} {host.GetProperty("hostname")} {host.GetProperty("state").GetString()}");
            foreach (var p in host.GetProperty("ports").EnumerateArray())
            {
                string? service = p.TryGetProperty("service", out var s) ? s.GetProperty("name").GetString() : null;
                ports.Add($"{ip} {p.GetProperty("port").GetInt32()}/{p.GetProperty("protocol").GetString()} {p.GetProperty("state").GetString()} {service} {p.GetProperty("response_time_ms").GetInt64()}ms");
            }
            foreach (var extra in host.GetProperty("extraports").EnumerateArray())
            {
                var list = PortSpecParser.Parse(extra.GetProperty("ports").GetString()!).Tcp;
                foreach (var port in list)
                    ports.Add($"{ip} {port}/{extra.GetProperty("protocol").GetString()} {extra.GetProperty("state").GetString()}");
            }
        }
        return (hosts, ports);
    }

    private static (List<string> Hosts, List<string> Ports) FromDatabase(string location, string scanId)
    {
        using DbConnection c = JournalSettings.IsPostgres(location)
            ? new NpgsqlConnection(JournalSettings.PostgresConnectionString(location))
            : new SqliteConnection($"Data Source={location}");
        c.Open();
        long scan = Convert.ToInt64(Scalar(c, JournalSettings.IsPostgres(location)
            ? $"SELECT id FROM scans WHERE config->>'ScanId' = '{scanId}'"
            : $"SELECT id FROM scans WHERE json_extract(config, '$.ScanId') = '{scanId}'"));
        Assert.NotNull(Scalar(c, $"SELECT end_time FROM scans WHERE id = {scan}"));
        var hosts = Rows(c, $"SELECT ip, hostname, state FROM hosts WHERE scan_id = {scan}",
            r => $"{r.GetString(0)} {(r.IsDBNull(1) ? "" : r.GetString(1))} {r.GetString(2)}");
        // The JSON lists some ports in full (with service and time) and summarizes the rest by state, as nmap does.
        var listed = Rows(c, $"""
            SELECT h.ip, p.port, p.protocol, p.state, p.service_name, p.response_time_ms FROM ports p JOIN hosts h ON p.host_id = h.id
            WHERE h.scan_id = {scan}
            """, r => (Ip: r.GetString(0), Port: r.GetInt32(1), Proto: r.GetString(2), State: r.GetString(3),
                Service: r.IsDBNull(4) ? null : r.GetString(4), Ms: r.GetInt64(5)));
        var summarized = listed.GroupBy(p => (p.Ip, p.Proto, p.State)).Where(g => g.Count() > 25).Select(g => g.Key).ToHashSet();
        var ports = listed.Select(p => summarized.Contains((p.Ip, p.Proto, p.State))
            ? $"{p.Ip} {p.Port}/{p.Proto} {p.State}"
            : $"{p.Ip} {p.Port}/{p.Proto} {p.State} {p.Service} {p.Ms}ms").ToList();
        return (hosts, ports);
    }

    private static object? Scalar(DbConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        var v = cmd.ExecuteScalar();
        return v is DBNull ? null : v;
    }

    private static List<T> Rows<T>(DbConnection c, string sql, Func<DbDataReader, T> read)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var rows = new List<T>();
        while (r.Read()) rows.Add(read(r));
        return rows;
    }
}
