using Microsoft.Data.Sqlite;
using Npgsql;
using ProRT.Actors.Persistence;

namespace ProRT.Actors.Tests.Persistence;

public sealed class JournalSettingsSpecs : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "prtip-journal-specs-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static NpgsqlConnectionStringBuilder Npgsql(JournalSettings s)
    {
        Assert.Equal(JournalKind.PostgreSql, s.Kind);
        return new NpgsqlConnectionStringBuilder(s.ConnectionString);
    }

    [Fact]
    public void A_path_is_a_sqlite_file_with_its_full_path()
    {
        var path = Path.Combine(_dir, "sub", "journal.db");
        var s = JournalSettings.Parse(path);
        Assert.Equal(JournalKind.Sqlite, s.Kind);
        Assert.Equal(path, s.Display);
        Assert.Equal(path, new SqliteConnectionStringBuilder(s.ConnectionString).DataSource);

        var relative = JournalSettings.Parse("some-dir/j.db");
        Assert.True(Path.IsPathFullyQualified(relative.Display));
        Assert.Equal(Path.GetFullPath("some-dir/j.db"), relative.Display);
        Assert.Equal(relative.Display, new SqliteConnectionStringBuilder(relative.ConnectionString).DataSource);
    }

    [Fact]
    public void A_postgres_url_becomes_an_npgsql_connection_string()
    {
        var s = JournalSettings.Parse("postgres://u:p@localhost:5433/db");
        var b = Npgsql(s);
        Assert.Equal("localhost", b.Host);
        Assert.Equal(5433, b.Port);
        Assert.Equal("u", b.Username);
        Assert.Equal("p", b.Password);
        Assert.Equal("db", b.Database);
        Assert.Equal("postgres://u@localhost:5433/db", s.Display);
        Assert.DoesNotContain(":p@", s.Display); // never show the password
    }

    [Fact]
    public void A_postgres_url_is_unescaped_and_takes_parameters()
    {
        var b = Npgsql(JournalSettings.Parse("postgresql://us%40er:p%3Ass%2F@db.example/my%20db?sslmode=disable&timeout=7"));
        Assert.Equal("db.example", b.Host);
        Assert.Equal("us@er", b.Username);
        Assert.Equal("p:ss/", b.Password);
        Assert.Equal("my db", b.Database);
        Assert.Equal(SslMode.Disable, b.SslMode);
        Assert.Equal(7, b.Timeout);
    }

    [Fact]
    public void A_socket_directory_is_given_as_the_host_parameter()
    {
        var s = JournalSettings.Parse("postgres:///prtip?host=/var/run/postgresql");
        var b = Npgsql(s);
        Assert.Equal("/var/run/postgresql", b.Host);
        Assert.Equal("prtip", b.Database);
        Assert.Equal(Environment.UserName, b.Username); // no user: the login name, as psql does
        Assert.Contains("/var/run/postgresql", s.Display);
    }

    [Fact]
    public void An_npgsql_string_passes_through()
    {
        var s = JournalSettings.Parse("Host=x;Database=y");
        var b = Npgsql(s);
        Assert.Equal("x", b.Host);
        Assert.Equal("y", b.Database);
        Assert.True(JournalSettings.IsPostgres("host=x"));
    }

    [Theory]
    [InlineData("postgres://u:p:ss;w,rd@127.0.0.1/db", "p:ss;w,rd")]
    [InlineData("postgres://u:p%40ss%2F@127.0.0.1/db", "p@ss/")]
    [InlineData("Host=127.0.0.1;Username=u;Password=\"p;w\"\"d\";Database=db", "p;w\"d")]
    public void A_password_holding_at_colon_or_semicolon_reaches_npgsql_whole_and_is_never_displayed(string spec, string password)
    {
        var s = JournalSettings.Parse(spec);
        var b = Npgsql(s);
        Assert.Equal(("u", password, "127.0.0.1", "db"), (b.Username, b.Password, b.Host, b.Database));
        Assert.Equal("postgres://u@127.0.0.1:5432/db", s.Display);
        Assert.DoesNotContain(password, s.ToString());
        Assert.DoesNotContain(password, PasswordRedaction.Redact(spec));
    }

    [Theory]
    [InlineData("postgres://u:***@127.0.0.1/db")]
    [InlineData("Host=127.0.0.1;Username=u;Password=***;Database=db")]
    public void A_masked_password_is_a_recorded_one_and_the_connection_goes_without_it(string spec)
    {
        // Npgsql then takes the password from PGPASSWORD or the pgpass file, as PostgreSQL's clients do.
        Assert.Null(Npgsql(JournalSettings.Parse(spec)).Password);
        Assert.Null(new NpgsqlConnectionStringBuilder(JournalSettings.PostgresConnectionString(spec)).Password);
    }

    [Fact]
    public void A_malformed_address_is_reported_without_its_password()
    {
        // An @ in a URL's password must be written %40, as libpq wants it too; unescaped, it is an error that hides the password.
        var raw = Assert.Throws<JournalException>(() => JournalSettings.Parse("postgres://u:p@ss:w;rd@127.0.0.1/db"));
        Assert.DoesNotContain("ss:w;rd", raw.Message);
        Assert.Contains("postgres://u:***@127.0.0.1/db", raw.Message);

        var e = Assert.Throws<JournalException>(() => JournalSettings.Parse("postgres://u:hunter2@h/db?nosuchkeyword=1"));
        Assert.Contains("postgres://u:***@h/db?nosuchkeyword=1", e.Message);
        Assert.DoesNotContain("hunter2", e.Message);
    }

    [Fact]
    public void A_missing_or_refused_password_says_where_a_password_goes()
    {
        var missing = JournalSettings.ConnectionFailure(new NpgsqlException("No password has been provided but the backend requires one (in SASL/SCRAM-SHA-256)"), "--journal");
        Assert.Equal("no password was given: give it again with --journal postgres://USER:PASSWORD@HOST/DB, or set PGPASSWORD, "
            + "or put it in ~/.pgpass (or the file PGPASSFILE names)", missing);
        var refused = JournalSettings.ConnectionFailure(new PostgresException("password authentication failed for user \"u\"", "FATAL", "FATAL", "28P01"), "--db");
        Assert.StartsWith("28P01: password authentication failed for user \"u\": give it again with --db postgres://USER:PASSWORD@HOST/DB", refused);
        var down = JournalSettings.ConnectionFailure(new NpgsqlException("Failed to connect to 127.0.0.1:1"), "--journal");
        Assert.Equal("Failed to connect to 127.0.0.1:1", down);
    }

    [Theory]
    [InlineData("postgres://", "no host")]
    [InlineData("postgres:///db", "no host")]
    [InlineData("postgres://h/db?bad", "bad")]
    [InlineData("postgres://h/db?nosuchkeyword=1", "nosuchkeyword")]
    [InlineData("postgres://h:notaport/db", "postgres://h:notaport/db")]
    public void A_malformed_postgres_address_is_a_JournalException(string spec, string mentioned)
    {
        var e = Record.Exception(() => JournalSettings.Parse(spec));
        var je = Assert.IsType<JournalException>(e);
        Assert.Contains("PostgreSQL address", je.Message);
        Assert.Contains(spec, je.Message);
        Assert.Contains(mentioned, je.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_location_is_a_JournalException(string spec) =>
        Assert.Throws<JournalException>(() => JournalSettings.Parse(spec));

    [Fact]
    public void Prepare_creates_the_sqlite_file_and_its_directory()
    {
        var path = Path.Combine(_dir, "a", "b", "journal.db");
        Assert.False(Directory.Exists(Path.GetDirectoryName(path)));
        var s = JournalSettings.Parse(path);
        s.Prepare();
        Assert.True(File.Exists(path));
        s.Prepare(); // and again, on the existing file

        using var c = new SqliteConnection(s.ConnectionString);
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", cmd.ExecuteScalar() as string);
        cmd.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE name = 'prtip_probe'";
        Assert.Equal(0L, cmd.ExecuteScalar()); // the probe table is gone again
    }

    [Fact]
    public void Prepare_on_an_unusable_location_is_a_JournalException()
    {
        var e = Assert.Throws<JournalException>(() => JournalSettings.Parse("/proc/prtip/j.db").Prepare());
        Assert.Contains("/proc/prtip/j.db", e.Message);

        // A parent that is a file, not a directory.
        Directory.CreateDirectory(_dir);
        var file = Path.Combine(_dir, "plain-file");
        File.WriteAllText(file, "x");
        var e2 = Assert.Throws<JournalException>(() => JournalSettings.Parse(Path.Combine(file, "j.db")).Prepare());
        Assert.Contains("cannot open the scan journal", e2.Message);
    }

    [Fact]
    public void Akka_config_carries_the_connection_string_verbatim()
    {
        var path = Path.Combine(_dir, "we\"ird \\ dir", "j.db");
        var s = JournalSettings.Parse(path);
        var config = s.ToAkkaConfig();
        Assert.Equal("akka.persistence.journal.sql", config.GetString("akka.persistence.journal.plugin"));
        Assert.Equal(s.ConnectionString, config.GetString("akka.persistence.journal.sql.connection-string"));
        Assert.Equal(s.ConnectionString, config.GetString("akka.persistence.snapshot-store.sql.connection-string"));
        Assert.Equal(1, config.GetInt("akka.persistence.journal.sql.parallelism")); // one SQLite writer
        Assert.StartsWith("SQLite", config.GetString("akka.persistence.journal.sql.provider-name"));

        var pg = JournalSettings.Parse("postgres://u:p@localhost:5433/db").ToAkkaConfig();
        Assert.StartsWith("PostgreSQL", pg.GetString("akka.persistence.journal.sql.provider-name"));
        Assert.Equal("ProRT.Actors.Persistence.ScanEventSerializer, ProRT.Actors", pg.GetString("akka.actor.serializers.prtip-scan"));

        var memory = JournalSettings.InMemory.ToAkkaConfig();
        Assert.Equal("akka.persistence.journal.inmem", memory.GetString("akka.persistence.journal.plugin"));
    }
}
