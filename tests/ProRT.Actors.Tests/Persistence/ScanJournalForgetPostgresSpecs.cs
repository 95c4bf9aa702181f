using System.Security.Cryptography;
using Npgsql;
using ProRT.Actors.Persistence;
using ProRT.Actors.Scanning;
using ProRT.Tests.Journal;

namespace ProRT.Actors.Tests.Persistence;

/// <summary>
/// <see cref="ScanJournal.ForgetAsync"/> and <see cref="ScanJournal.PruneAsync"/> on PostgreSQL (tests/postgres.sh's
/// server, through its socket), in a database of the test's own that is dropped afterwards.
/// </summary>
public sealed class ScanJournalForgetPostgresSpecs : IAsyncLifetime
{
    private const string Server = "Host=/var/run/postgresql;Username=root;Database=prtip;Pooling=false";

    private readonly string _database = "prtip_forget_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    private JournalSettings Journal => JournalSettings.Parse($"Host=/var/run/postgresql;Username=root;Database={_database}");

    public async Task InitializeAsync() => await Execute(Server, $"CREATE DATABASE {_database}");

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await Execute(Server, $"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
    }

    private static async Task Execute(string connectionString, string sql)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Rows of <paramref name="scanId"/> in every table that keys rows by persistence id.</summary>
    private async Task<long> Rows(string scanId)
    {
        await using var c = new NpgsqlConnection(Journal.ConnectionString);
        await c.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'persistence_id'", c))
        await using (var r = await list.ExecuteReaderAsync())
            while (await r.ReadAsync()) tables.Add(r.GetString(0));
        Assert.Contains("journal", tables);
        Assert.Contains("snapshot", tables);
        long rows = 0;
        foreach (var table in tables)
        {
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\" WHERE persistence_id = @id", c);
            count.Parameters.AddWithValue("id", ScanCoordinator.JournalId(scanId));
            rows += (long)(await count.ExecuteScalarAsync())!;
        }
        return rows;
    }

    [Fact]
    public async Task Forgetting_and_pruning_delete_every_row_of_the_scans_they_remove()
    {
        var now = DateTimeOffset.UtcNow;
        await JournaledScans.WriteAsync(Journal, JournaledScans.Definition("old-done", now.AddDays(-30)), finish: true);
        await JournaledScans.WriteAsync(Journal, JournaledScans.Definition("old-open", now.AddDays(-30)), finish: false);
        await JournaledScans.WriteAsync(Journal, JournaledScans.Definition("new-done", now.AddHours(-1)), finish: true);
        Assert.True(await Rows("old-done") > 0);

        var pruned = await ScanJournal.PruneAsync(Journal, now.AddDays(-7));

        Assert.Equal(["old-done"], pruned.Forgotten.Select(s => s.ScanId));
        Assert.Equal(["old-open"], pruned.KeptUnfinished.Select(s => s.ScanId));
        Assert.Equal(0, await Rows("old-done"));

        await ScanJournal.ForgetAsync(Journal, ["old-open"]);
        Assert.Equal(0, await Rows("old-open"));
        Assert.Equal(["new-done"], (await ScanJournal.ListAsync(Journal)).Select(s => s.ScanId));
    }
}
