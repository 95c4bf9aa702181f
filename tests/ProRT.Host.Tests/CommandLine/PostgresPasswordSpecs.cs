using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace ProRT.Host.Tests.CommandLine;

/// <summary>
/// A real PostgreSQL password (tests/postgres.sh's server, over TCP on 127.0.0.1 where Debian's pg_hba checks it with
/// SCRAM): a scan journaled and written there with it leaves it in no output, journal row, listing or message, and
/// `prtip resume` finds it as PostgreSQL's clients do, or says where to put it. prtip runs as a process of its own,
/// so its environment (PGPASSWORD, HOME for ~/.pgpass, PGPASSFILE) is the test's to set. Scans loopback only.
/// </summary>
public sealed class PostgresPasswordSpecs : IAsyncLifetime
{
    private const string Socket = "Host=/var/run/postgresql;Username=root;Database=prtip;Pooling=false";

    private readonly string _dir = Directory.CreateTempSubdirectory("prtip-pgpass-").FullName;
    private readonly string _role = "prtip_secret_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    // Holds : ; @ / as passwords do; the random tail is what must never be seen again.
    private readonly string _tail = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    private string Password => $"Pw:9;x@y/{_tail}";

    private string JournalUrl => $"postgres://{_role}:{Uri.EscapeDataString(Password)}@127.0.0.1/{_role}";

    private string JournalWithoutPassword => $"postgres://{_role}@127.0.0.1/{_role}";

    private string DatabaseString => $"Host=127.0.0.1;Username={_role};Password='{Password}';Database={_role}";

    private string Home => Path.Combine(_dir, "home");

    private string Out(string name) => Path.Combine(_dir, name);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Home);
        await using var c = new NpgsqlConnection(Socket);
        await c.OpenAsync();
        await Execute(c, $"CREATE ROLE {_role} LOGIN PASSWORD '{Password}'");
        await Execute(c, $"CREATE DATABASE {_role} OWNER {_role}");
    }

    public async Task DisposeAsync()
    {
        await using (var c = new NpgsqlConnection(Socket))
        {
            await c.OpenAsync();
            await Execute(c, $"DROP DATABASE IF EXISTS {_role} WITH (FORCE)");
            await Execute(c, $"DROP ROLE IF EXISTS {_role}");
        }
        Directory.Delete(_dir, recursive: true);
    }

    private static async Task Execute(NpgsqlConnection c, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, c);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Runs prtip with no password in its environment but <paramref name="env"/>'s, and HOME without a ~/.pgpass unless one is written.</summary>
    private async Task<(int Code, string Out, string Err)> Prtip(Dictionary<string, string>? env, params string[] args)
    {
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _dir,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "prtip.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var name in new[] { "PGPASSWORD", "PGPASSFILE", "PGUSER", "PGHOST", "PGDATABASE", "PGSERVICE" }) psi.Environment.Remove(name);
        psi.Environment["HOME"] = Home;
        psi.Environment["XDG_DATA_HOME"] = Path.Combine(_dir, "data");
        foreach (var (k, v) in env ?? []) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await p.WaitForExitAsync(timeout.Token);
        return (p.ExitCode, await stdout, await stderr);
    }

    private void AssertNoPassword(string where, string text)
    {
        Assert.False(text.Contains(_tail, StringComparison.Ordinal), $"{where} holds the password: {text}");
        Assert.False(text.Contains(Uri.EscapeDataString(Password), StringComparison.Ordinal), $"{where} holds the escaped password");
    }

    private string[] Outputs => ["scan.xml", "scan.nmap", "scan.gnmap", "scan.json"];

    private string[] OutputFlags => ["-oX", Out("scan.xml"), "-oN", Out("scan.nmap"), "-oG", Out("scan.gnmap"), "-oJ", Out("scan.json")];

    private void AssertOutputsClean()
    {
        foreach (var name in Outputs)
        {
            Assert.True(File.Exists(Out(name)), $"{name} was not written");
            AssertNoPassword(name, File.ReadAllText(Out(name)));
        }
    }

    /// <summary>Every row of every table in the role's database (the journal's and the results database's), bytes as text.</summary>
    private async Task<string> DumpTables()
    {
        var dump = new StringBuilder();
        await using var c = new NpgsqlConnection($"Host=/var/run/postgresql;Username=root;Database={_role};Pooling=false");
        await c.OpenAsync();
        var tables = new List<string>();
        await using (var cmd = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", c))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) tables.Add(r.GetString(0));
        Assert.Contains("journal", tables);
        Assert.Contains("scans", tables);
        foreach (var table in tables)
        {
            await using var cmd = new NpgsqlCommand($"SELECT * FROM \"{table}\"", c);
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync())
                for (int i = 0; i < r.FieldCount; i++)
                    dump.Append(r.IsDBNull(i) ? "" : r.GetValue(i) is byte[] bytes ? Encoding.UTF8.GetString(bytes) : r.GetValue(i).ToString()).Append('\t');
            dump.Append('\n');
        }
        return dump.ToString();
    }

    [Fact]
    public async Task A_scan_with_a_real_password_records_it_nowhere_and_resume_finds_it_as_postgres_clients_do()
    {
        var (code, stdout, stderr) = await Prtip(null, ["-sT", "-p", "1-100", "-n", "--scan-id", "pg-secret", "--journal", JournalUrl, "--db", DatabaseString, .. OutputFlags, "127.0.0.1"]);
        Assert.True(code == 0, stderr);
        AssertNoPassword("stdout", stdout);
        AssertNoPassword("stderr", stderr);
        AssertOutputsClean();
        // The command line is recorded, masked.
        var xml = File.ReadAllText(Out("scan.xml"));
        Assert.Contains($"--journal postgres://{_role}:***@127.0.0.1/{_role}", xml);
        Assert.Contains("Password=***;Database=", File.ReadAllText(Out("scan.gnmap")));

        var rows = await DumpTables();
        Assert.Contains("pg-secret", rows); // the journal and the results database hold the scan...
        AssertNoPassword("the journal and results tables", rows); // ...and not the password

        var withPgPassword = new Dictionary<string, string> { ["PGPASSWORD"] = Password };
        (code, stdout, stderr) = await Prtip(withPgPassword, "scans", "--journal", JournalWithoutPassword);
        Assert.True(code == 0, stderr);
        Assert.Contains("pg-secret", stdout);
        AssertNoPassword("prtip scans", stdout + stderr);
        (code, stdout, stderr) = await Prtip(null, "scans", "--journal", JournalUrl);
        Assert.True(code == 0, stderr);
        AssertNoPassword("prtip scans", stdout + stderr);

        // No password anywhere: one line that says where it goes.
        (code, stdout, stderr) = await Prtip(null, "resume", "pg-secret", "--journal", JournalWithoutPassword);
        Assert.Equal(1, code);
        Assert.Equal($"prtip: cannot open the scan journal postgres://{_role}@127.0.0.1:5432/{_role}: no password was given: give it again with "
            + "--journal postgres://USER:PASSWORD@HOST/DB, or set PGPASSWORD, or put it in ~/.pgpass (or the file PGPASSFILE names)", stderr.TrimEnd());
        // The journal's password given again, the results database's not: the same line for --db.
        (code, stdout, stderr) = await Prtip(null, "resume", "pg-secret", "--journal", JournalUrl);
        Assert.Equal(1, code);
        var line = Assert.Single(stderr.TrimEnd().Split('\n'), l => l.StartsWith("prtip: cannot open", StringComparison.Ordinal));
        Assert.Equal($"prtip: cannot open the results database Host=127.0.0.1;Username={_role};Password=***;Database={_role}: no password was given: "
            + "give it again with --db postgres://USER:PASSWORD@HOST/DB, or set PGPASSWORD, or put it in ~/.pgpass (or the file PGPASSFILE names)", line);
        AssertNoPassword("resume's error", stderr);

        // Each way PostgreSQL's clients find a password lets resume write the outputs again.
        var pgpass = Out("pgpass");
        File.WriteAllText(pgpass, $"127.0.0.1:5432:{_role}:{_role}:{Password.Replace("\\", "\\\\").Replace(":", "\\:")}\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(pgpass, UnixFileMode.UserRead | UnixFileMode.UserWrite); // as libpq wants it
        var ways = new (string How, Dictionary<string, string>? Env, string[] Args)[]
        {
            ("PGPASSWORD", withPgPassword, ["--journal", JournalWithoutPassword]),
            ("PGPASSFILE", new() { ["PGPASSFILE"] = pgpass }, ["--journal", JournalWithoutPassword]),
            ("~/.pgpass", null, ["--journal", JournalWithoutPassword]),
            ("--journal and --db again", null, ["--journal", JournalUrl, "--db", DatabaseString]),
        };
        foreach (var (how, env, args) in ways)
        {
            if (how == "~/.pgpass") File.Copy(pgpass, Path.Combine(Home, ".pgpass"));
            if (how != "~/.pgpass") File.Delete(Path.Combine(Home, ".pgpass"));
            foreach (var name in Outputs) File.Delete(Out(name));
            (code, stdout, stderr) = await Prtip(env, ["resume", "pg-secret", .. args]);
            Assert.True(code == 0, $"resume with {how}: {stderr}");
            Assert.Contains("scan pg-secret is complete; writing its outputs again", stderr);
            AssertNoPassword($"resume with {how}", stdout + stderr);
            AssertOutputsClean();
        }
        AssertNoPassword("the journal and results tables after resuming", await DumpTables());
    }
}
