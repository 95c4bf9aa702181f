using Akka.Configuration;
using Akka.Persistence.Sql;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ProRT.Actors.Persistence;

/// <summary>Where a journal is kept.</summary>
public enum JournalKind
{
    /// <summary>Nothing survives the process: for embedding code that does not want resume.</summary>
    InMemory,
    /// <summary>A SQLite file (WAL mode).</summary>
    Sqlite,
    /// <summary>A PostgreSQL database.</summary>
    PostgreSql,
}

/// <summary>
/// Where scans are journaled: a SQLite file (the default, <see cref="DefaultSqlitePath"/>), a PostgreSQL database
/// (a postgres:// URL or an Npgsql connection string; what a cluster needs), or memory.
/// </summary>
/// <param name="Kind">The kind of store.</param>
/// <param name="ConnectionString">ADO.NET connection string; empty in memory.</param>
/// <param name="Display">Where the journal is, for messages (no password).</param>
public sealed record JournalSettings(JournalKind Kind, string ConnectionString, string Display)
{
    /// <summary>No journal on disk: scans cannot be resumed.</summary>
    public static readonly JournalSettings InMemory = new(JournalKind.InMemory, "", "memory");

    /// <summary>$XDG_DATA_HOME/prtip/journal.db, else ~/.local/share/prtip/journal.db.</summary>
    public static string DefaultSqlitePath => Path.Combine(DataDirectory, "journal.db");

    /// <summary>Where prtip keeps its data: $XDG_DATA_HOME/prtip, else ~/.local/share/prtip.</summary>
    public static string DataDirectory
    {
        get
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
            var root = !string.IsNullOrEmpty(xdg) ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
            return Path.Combine(root, "prtip");
        }
    }

    /// <summary>A journal in the SQLite file at <paramref name="path"/>.</summary>
    public static JournalSettings Sqlite(string path)
    {
        var full = Path.GetFullPath(path);
        var cs = new SqliteConnectionStringBuilder { DataSource = full, Pooling = true, DefaultTimeout = 30 }.ToString();
        return new(JournalKind.Sqlite, cs, full);
    }

    /// <summary>A file path, or a PostgreSQL URL (postgres://user:password@host:port/db, ?host=/run/postgresql for a socket) or Npgsql string (Host=...).</summary>
    /// <exception cref="JournalException">A malformed PostgreSQL address.</exception>
    public static JournalSettings Parse(string spec)
    {
        if (string.IsNullOrWhiteSpace(spec)) throw new JournalException("empty journal location");
        if (IsPostgres(spec))
        {
            var cs = PostgresConnectionString(spec);
            var b = new NpgsqlConnectionStringBuilder(cs);
            return new(JournalKind.PostgreSql, cs, $"postgres://{b.Username}@{b.Host}:{b.Port}/{b.Database}");
        }
        return Sqlite(spec);
    }

    /// <summary>Whether <paramref name="spec"/> names PostgreSQL: a postgres:// or postgresql:// URL, or a connection string with Host or Server.</summary>
    public static bool IsPostgres(string spec) =>
        spec.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || spec.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || System.Text.RegularExpressions.Regex.IsMatch(spec, @"(^|;)\s*(Host|Server)\s*=", System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    /// <summary>
    /// Turns a postgres:// URL into an Npgsql connection string; Npgsql strings pass through. A password of
    /// <see cref="PasswordRedaction.Mask"/> is a recorded one (a resumed scan's --db): it is left out, so Npgsql
    /// takes the password from PGPASSWORD or ~/.pgpass (or the file PGPASSFILE names), as PostgreSQL's own clients do.
    /// </summary>
    public static string PostgresConnectionString(string spec)
    {
        try
        {
            if (!spec.Contains("://", StringComparison.Ordinal)) return WithoutMask(new NpgsqlConnectionStringBuilder(spec));
            var uri = new Uri(spec);
            var b = new NpgsqlConnectionStringBuilder();
            if (!string.IsNullOrEmpty(uri.Host)) b.Host = Uri.UnescapeDataString(uri.Host);
            if (uri.Port > 0) b.Port = uri.Port;
            if (!string.IsNullOrEmpty(uri.UserInfo))
            {
                var parts = uri.UserInfo.Split(':', 2);
                b.Username = Uri.UnescapeDataString(parts[0]);
                if (parts.Length == 2) b.Password = Uri.UnescapeDataString(parts[1]);
            }
            var db = uri.AbsolutePath.Trim('/');
            if (db.Length > 0) b.Database = Uri.UnescapeDataString(db);
            foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var kv = pair.Split('=', 2);
                if (kv.Length != 2) throw new FormatException($"bad parameter '{pair}'");
                b[Uri.UnescapeDataString(kv[0])] = Uri.UnescapeDataString(kv[1]);
            }
            if (string.IsNullOrEmpty(b.Host)) throw new FormatException("no host (use ?host=/var/run/postgresql for a local socket)");
            b.Username ??= Environment.UserName;
            return WithoutMask(b);
        }
        catch (Exception e) when (e is UriFormatException or FormatException or ArgumentException or KeyNotFoundException)
        {
            throw new JournalException(PasswordRedaction.Redact($"invalid PostgreSQL address '{spec}': {e.Message}"), e);
        }
    }

    private static string WithoutMask(NpgsqlConnectionStringBuilder b)
    {
        if (b.Password == PasswordRedaction.Mask) b.Password = null;
        return b.ToString();
    }

    /// <summary>
    /// Why a PostgreSQL connection failed, one line; when the password was missing or refused, also where it goes:
    /// <paramref name="flag"/> (the option that names the database), PGPASSWORD, or the pgpass file.
    /// </summary>
    /// <param name="e">What opening the connection threw.</param>
    /// <param name="flag">The option that names the database: --journal, --db.</param>
    public static string ConnectionFailure(Exception e, string flag)
    {
        // Npgsql's own "No password has been provided but the backend requires one", or the server's 28P01.
        bool missing = e is NpgsqlException and not PostgresException && e.Message.Contains("no password", StringComparison.OrdinalIgnoreCase);
        bool refused = e is PostgresException { SqlState: "28P01" };
        var why = missing ? "no password was given" : PasswordRedaction.Redact(e.Message);
        return missing || refused
            ? $"{why}: give it again with {flag} postgres://USER:PASSWORD@HOST/DB, or set PGPASSWORD, or put it in ~/.pgpass (or the file PGPASSFILE names)"
            : why;
    }

    /// <summary>
    /// Makes the store usable before the actor system touches it, so a bad location is one clear error at start:
    /// creates the SQLite file's directory and turns WAL on (and, for a new file, incremental vacuum, so forgotten scans'
    /// pages can leave the file: see <see cref="ScanJournal.ForgetAsync"/>); opens a PostgreSQL connection once.
    /// </summary>
    /// <exception cref="JournalException">The store cannot be opened or written.</exception>
    public void Prepare()
    {
        try
        {
            switch (Kind)
            {
                case JournalKind.Sqlite:
                    if (Path.GetDirectoryName(Display) is { Length: > 0 } dir) Directory.CreateDirectory(dir);
                    using (var c = new SqliteConnection(ConnectionString))
                    {
                        c.Open();
                        using var cmd = c.CreateCommand();
                        // auto_vacuum takes effect only before the first table is made (or through a VACUUM).
                        cmd.CommandText = "PRAGMA auto_vacuum=INCREMENTAL; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; CREATE TABLE IF NOT EXISTS prtip_probe(x); DROP TABLE prtip_probe;";
                        cmd.ExecuteNonQuery();
                    }
                    break;
                case JournalKind.PostgreSql:
                    using (var c = new NpgsqlConnection(ConnectionString))
                    {
                        c.Open();
                    }
                    break;
            }
        }
        catch (Exception e) when (e is SqliteException or NpgsqlException or IOException or UnauthorizedAccessException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            var why = Kind == JournalKind.PostgreSql ? ConnectionFailure(e, "--journal") : e.Message;
            throw new JournalException($"cannot open the scan journal {Display}: {why}", e);
        }
    }

    /// <summary>The actor-system settings that put Akka.Persistence on this store, with our event serializer.</summary>
    public Config ToAkkaConfig()
    {
        var serialization = ConfigurationFactory.ParseString("""
            akka.actor {
              serializers.prtip-scan = "ProRT.Actors.Persistence.ScanEventSerializer, ProRT.Actors"
              serialization-bindings {
                "ProRT.Actors.Persistence.IScanEvent, ProRT.Actors" = prtip-scan
                "ProRT.Actors.Persistence.ScanState, ProRT.Actors" = prtip-scan
              }
            }
            """);
        if (Kind == JournalKind.InMemory)
            return ConfigurationFactory.ParseString("""
                akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
                akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
                """).WithFallback(serialization);

        string provider = Kind == JournalKind.Sqlite ? "SQLite.MS" : "PostgreSQL.15";
        // SQLite allows one writer at a time.
        int parallelism = Kind == JournalKind.Sqlite ? 1 : 3;
        string cs = Quote(ConnectionString);
        return ConfigurationFactory.ParseString($$"""
            akka.persistence {
              journal {
                plugin = "akka.persistence.journal.sql"
                sql {
                  connection-string = {{cs}}
                  provider-name = "{{provider}}"
                  parallelism = {{parallelism}}
                  auto-initialize = on
                  warn-on-auto-init-fail = off
                }
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql {
                  connection-string = {{cs}}
                  provider-name = "{{provider}}"
                  auto-initialize = on
                  warn-on-auto-init-fail = off
                }
              }
              query.journal.sql {
                connection-string = {{cs}}
                provider-name = "{{provider}}"
              }
            }
            """).WithFallback(serialization).WithFallback(SqlPersistence.DefaultConfiguration);
    }

    /// <summary>The kind and <see cref="Display"/>: never the connection string, which may hold a password.</summary>
    public override string ToString() => $"{nameof(JournalSettings)} {{ Kind = {Kind}, Display = {Display} }}";

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
