using Microsoft.Data.Sqlite;
using ProRT.Actors.Persistence;
using ProRT.Actors.Scanning;
using ProRT.Tests.Journal;

namespace ProRT.Actors.Tests.Persistence;

/// <summary>
/// <see cref="ScanJournal.ForgetAsync"/> and <see cref="ScanJournal.PruneAsync"/> on a SQLite journal, whose rows are
/// counted directly; and the scan's snapshots, which hold totals and leave the events (the results) in place.
/// </summary>
public sealed class ScanJournalForgetSpecs : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private readonly string _dir = Directory.CreateTempSubdirectory("prtip-forget-specs-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private JournalSettings Journal => JournalSettings.Sqlite(Path.Combine(_dir, "journal.db"));

    private Task Write(string scanId, DateTimeOffset start, bool finish, string targets = "127.0.0.1") =>
        JournaledScans.WriteAsync(Journal, JournaledScans.Definition(scanId, start, targets), finish);

    private async Task<string[]> Listed() => (await ScanJournal.ListAsync(Journal)).Select(s => s.ScanId).ToArray();

    /// <summary>Rows of <paramref name="scanId"/> in every table that keys rows by persistence id, by table.</summary>
    private Dictionary<string, long> Rows(string scanId)
    {
        using var c = new SqliteConnection(Journal.ConnectionString);
        c.Open();
        var tables = new List<string>();
        using (var list = c.CreateCommand())
        {
            list.CommandText = "SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) i WHERE m.type = 'table' AND i.name = 'persistence_id'";
            using var r = list.ExecuteReader();
            while (r.Read()) tables.Add(r.GetString(0));
        }
        Assert.Contains("journal", tables);
        Assert.Contains("snapshot", tables);
        var rows = new Dictionary<string, long>();
        foreach (var table in tables)
        {
            using var count = c.CreateCommand();
            count.CommandText = $"SELECT count(*) FROM \"{table}\" WHERE persistence_id = @id";
            count.Parameters.AddWithValue("@id", ScanCoordinator.JournalId(scanId));
            rows[table] = (long)count.ExecuteScalar()!;
        }
        return rows;
    }

    [Fact]
    public async Task Forgetting_a_scan_deletes_every_row_of_it_and_no_other()
    {
        await Write("kept", Now, finish: true);
        await Write("gone", Now, finish: true);
        Assert.True(Rows("gone")["journal"] > 0);

        await ScanJournal.ForgetAsync(Journal, ["gone", "never-was"]);

        Assert.All(Rows("gone"), t => Assert.True(t.Value == 0, $"{t.Value} rows left in {t.Key}"));
        Assert.Equal(["kept"], await Listed());
        Assert.Null(await ScanJournal.FindAsync(Journal, "gone"));
        Assert.Equal(3, (await ScanJournal.FindAsync(Journal, "kept"))!.PortsDone);
    }

    [Fact]
    public async Task Pruning_forgets_finished_scans_started_before_the_cutoff_and_keeps_the_rest()
    {
        await Write("old-done", Now.AddDays(-30), finish: true);
        await Write("old-open", Now.AddDays(-30), finish: false);
        await Write("new-done", Now.AddHours(-1), finish: true);
        await Write("new-open", Now.AddHours(-1), finish: false);
        Assert.Equal(["old-done", "old-open", "new-done", "new-open"], await Listed());

        var pruned = await ScanJournal.PruneAsync(Journal, Now.AddDays(-7));

        Assert.Equal(["old-done"], pruned.Forgotten.Select(s => s.ScanId));
        Assert.Equal(["old-open"], pruned.KeptUnfinished.Select(s => s.ScanId));
        Assert.Equal(["old-open", "new-done", "new-open"], await Listed());
        Assert.All(Rows("old-done"), t => Assert.Equal(0, t.Value));

        // The cutoff is the start: a scan that started exactly then is not older than it.
        pruned = await ScanJournal.PruneAsync(Journal, Now.AddHours(-1));
        Assert.Empty(pruned.Forgotten);

        // An unfinished scan goes only when asked by name.
        await ScanJournal.ForgetAsync(Journal, ["old-open"]);
        Assert.Equal(["new-done", "new-open"], await Listed());
    }

    [Fact]
    public async Task A_forgotten_scans_pages_leave_the_file()
    {
        await Write("small", Now, finish: true);
        long empty = Size();
        await Write("big", Now, finish: true, targets: "127.0.0.0/23");
        Assert.True(Size() > empty + 64 * 1024, $"{Size()} bytes after the big scan, {empty} before");

        await ScanJournal.ForgetAsync(Journal, ["big"]);

        Assert.True(Size() <= empty + 16 * 1024, $"{Size()} bytes after forgetting the big scan, {empty} before it");
        Assert.Equal(["small"], await Listed());
    }

    [Fact]
    public async Task A_journal_made_without_incremental_vacuum_is_converted_by_its_first_forget()
    {
        // As journals made before prtip turned incremental vacuum on.
        using (var c = new SqliteConnection(Journal.ConnectionString))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA auto_vacuum = NONE; CREATE TABLE first(x); DROP TABLE first;";
            cmd.ExecuteNonQuery();
        }
        await Write("a", Now, finish: true, targets: "127.0.0.0/24");
        await Write("b", Now, finish: true);
        Assert.Equal(0L, Pragma("auto_vacuum"));
        long before = Size();

        await ScanJournal.ForgetAsync(Journal, ["a"]);

        Assert.Equal(2L, Pragma("auto_vacuum")); // incremental
        Assert.True(Size() < before, $"{Size()} bytes after forgetting, {before} before");
        Assert.Equal(["b"], await Listed());
    }

    [Fact]
    public async Task A_snapshot_holds_totals_not_hosts_and_the_events_stay_as_the_results()
    {
        // 1,024 hosts, one at a time: over 2,000 events, so snapshots are taken.
        await Write("many", Now, finish: true, targets: "127.0.0.0/22");

        var rows = Rows("many");
        long events = LastSequenceNr("many");
        Assert.True(events > 2000, $"{events} events");
        Assert.Equal(events, rows["journal"]); // a resume writes the outputs again from them
        Assert.Equal(1, rows["snapshot"]);
        using (var c = new SqliteConnection(Journal.ConnectionString))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT length(snapshot) FROM snapshot WHERE persistence_id = @id";
            cmd.Parameters.AddWithValue("@id", ScanCoordinator.JournalId("many"));
            long bytes = (long)cmd.ExecuteScalar()!;
            Assert.True(bytes < 4096, $"a snapshot of {bytes} bytes for 1,024 finished hosts");
        }
        var scan = (await ScanJournal.FindAsync(Journal, "many"))!;
        Assert.True(scan.Completed);
        Assert.Equal(1024, scan.HostsDone);
        Assert.Equal(3 * 1024, scan.PortsDone);
    }

    private long LastSequenceNr(string scanId)
    {
        using var c = new SqliteConnection(Journal.ConnectionString);
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT max(sequence_number) FROM journal WHERE persistence_id = @id";
        cmd.Parameters.AddWithValue("@id", ScanCoordinator.JournalId(scanId));
        return (long)cmd.ExecuteScalar()!;
    }

    private long Size()
    {
        var path = Journal.Display;
        return new FileInfo(path).Length + (File.Exists(path + "-wal") ? new FileInfo(path + "-wal").Length : 0);
    }

    private long Pragma(string name)
    {
        using var c = new SqliteConnection(Journal.ConnectionString);
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"PRAGMA {name}";
        return (long)cmd.ExecuteScalar()!;
    }
}
