using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ProRT.Actors.Persistence;

/// <summary>
/// Deletes whole persistence ids from the journal's tables, and gives the space back. Done in SQL because the plugin's
/// own delete (DeleteMessagesTo) keeps each id's last event, marked deleted, so its sequence numbers are never reused:
/// a forgotten scan would keep a row and its id would still be listed.
/// </summary>
internal static class JournalRows
{
    /// <summary>Deletes every row of <paramref name="persistenceIds"/> (events, tags, snapshots) in one transaction.</summary>
    /// <exception cref="JournalException">The journal cannot be opened or written.</exception>
    public static async Task DeleteAsync(JournalSettings journal, IReadOnlyCollection<string> persistenceIds, CancellationToken ct)
    {
        if (journal.Kind == JournalKind.InMemory || persistenceIds.Count == 0) return;
        try
        {
            await using var connection = Connect(journal);
            await connection.OpenAsync(ct).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            foreach (var (table, column) in Tables(journal))
            {
                // The plugin creates each table on first use: a journal never written may lack some.
                if (!await ExistsAsync(connection, transaction, journal.Kind, table, ct).ConfigureAwait(false)) continue;
                await using var delete = connection.CreateCommand();
                delete.Transaction = transaction;
                delete.CommandText = $"DELETE FROM {Quote(table)} WHERE {Quote(column)} = @id";
                var id = delete.CreateParameter();
                id.ParameterName = "id";
                delete.Parameters.Add(id);
                foreach (var persistenceId in persistenceIds)
                {
                    id.Value = persistenceId;
                    await delete.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }
            }
            await transaction.CommitAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or IOException or System.Net.Sockets.SocketException)
        {
            var why = journal.Kind == JournalKind.PostgreSql ? JournalSettings.ConnectionFailure(e, "--journal") : e.Message;
            throw new JournalException($"cannot delete scans from the journal {journal.Display}: {why}", e);
        }
    }

    /// <summary>
    /// Gives the space of deleted rows back, when nothing else writes the file at that moment. A SQLite file shrinks:
    /// pages are freed by incremental vacuum (a file made before prtip turned it on is rewritten once by VACUUM to turn
    /// it on), then the write-ahead log is emptied into it. PostgreSQL needs nothing: its autovacuum makes the space of
    /// deleted rows reusable, so the tables stop growing.
    /// </summary>
    /// <exception cref="JournalException">The file could not be compacted (a full disk, say); the rows are gone all the same.</exception>
    public static void Reclaim(JournalSettings journal)
    {
        if (journal.Kind != JournalKind.Sqlite) return;
        try
        {
            using var connection = new SqliteConnection(journal.ConnectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA auto_vacuum";
            bool incremental = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 0;
            command.CommandText = incremental
                ? "PRAGMA incremental_vacuum"
                : "PRAGMA auto_vacuum = INCREMENTAL; VACUUM";
            command.ExecuteNonQuery();
            // Freed pages leave the file only once the log is written back into it.
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            command.ExecuteNonQuery();
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED)
        {
            // Another process keeps the file busy: its free pages are reused by the scans to come, and the next forget
            // compacts it.
        }
        catch (SqliteException e)
        {
            throw new JournalException($"the scans are forgotten, but the journal {journal.Display} could not be compacted: {e.Message}", e);
        }
    }

    private static async Task<bool> ExistsAsync(DbConnection connection, DbTransaction transaction, JournalKind kind, string table, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = kind == JournalKind.Sqlite
            ? "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = @table"
            : "SELECT to_regclass(@table) IS NOT NULL";
        var name = command.CreateParameter();
        name.ParameterName = "table";
        name.Value = kind == JournalKind.Sqlite ? table : Quote(table);
        command.Parameters.Add(name);
        return Convert.ToBoolean(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The tables holding rows by persistence id and their id column, as the plugin's default mapping names them.</summary>
    private static IEnumerable<(string Table, string Column)> Tables(JournalSettings journal)
    {
        var config = journal.ToAkkaConfig();
        return new[] { "akka.persistence.journal.sql.default.tag", "akka.persistence.journal.sql.default.journal", "akka.persistence.snapshot-store.sql.default.snapshot" }
            .Select(path => (config.GetString($"{path}.table-name"), config.GetString($"{path}.columns.persistence-id")));
    }

    private static DbConnection Connect(JournalSettings journal) => journal.Kind switch
    {
        JournalKind.Sqlite => new SqliteConnection(journal.ConnectionString),
        JournalKind.PostgreSql => new NpgsqlConnection(journal.ConnectionString),
        _ => throw new ArgumentOutOfRangeException(nameof(journal), journal.Kind, null),
    };

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";
}
