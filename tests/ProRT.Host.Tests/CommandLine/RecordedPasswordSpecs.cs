using System.CommandLine;
using ProRT.Host.CommandLine;
using ProRT.Protocols.Ports;

namespace ProRT.Host.Tests.CommandLine;

/// <summary>What the command line records of a password (outputs' `args`, the journal's output settings) is masked;
/// what connects keeps it. PostgresPasswordSpecs runs the same against a real server.</summary>
public sealed class RecordedPasswordSpecs
{
    private static (Protocols.Scanning.ScanConfig Config, OutputSettings Output) Build(params string[] args)
    {
        var options = new ScanOptions();
        var root = new RootCommand();
        options.AddTo(root);
        return ScanConfigBuilder.Build(root.Parse(args), options, new StringReader(""), ServiceTable.LoadDefault(), rawAllowed: false, TextWriter.Null);
    }

    [Fact]
    public void The_recorded_command_line_masks_every_password_and_the_settings_keep_the_real_ones()
    {
        var (_, output) = Build("-sT", "-p", "80", "--journal", "postgres://u:hunter1@127.0.0.1/db", "--db", "Host=127.0.0.1;Password='hun;ter2';Database=d",
            "--cluster", "127.0.0.1:4053", "--cluster-tls-cert", "/x.pfx", "--cluster-tls-password", "hunter 3", "127.0.0.1");
        Assert.Equal("prtip -sT -p 80 --journal postgres://u:***@127.0.0.1/db --db Host=127.0.0.1;Password=***;Database=d --cluster 127.0.0.1:4053 "
            + "--cluster-tls-cert /x.pfx --cluster-tls-password *** 127.0.0.1", output.CommandLine);
        Assert.Equal("Host=127.0.0.1;Password='hun;ter2';Database=d", output.Database);
    }

    [Fact]
    public void All_ports_are_recorded_as_typed()
    {
        Assert.Equal("prtip -sT -p- 127.0.0.1", Build("-sT", "-p-", "127.0.0.1").Output.CommandLine);
        Assert.Equal("prtip -sT 127.0.0.1 -p-", Build("-sT", "127.0.0.1", "-p-").Output.CommandLine);
    }

    [Fact]
    public void The_journaled_output_settings_mask_the_database_password()
    {
        var (_, output) = Build("-sT", "-p", "80", "--db", "postgres://u:hunter2@127.0.0.1/db", "-oX", "out.xml", "127.0.0.1");
        var json = output.ToJson();
        Assert.DoesNotContain("hunter2", json);
        var back = OutputSettings.FromJson(json);
        Assert.Equal("postgres://u:***@127.0.0.1/db", back.Database);
        Assert.Equal(output with { Database = back.Database }, back with { Plugins = output.Plugins, PluginArgs = output.PluginArgs });
        Assert.Equal("postgres://u:hunter2@127.0.0.1/db", output.Database);
    }

    [Fact]
    public async Task The_cluster_tls_password_comes_from_the_option_its_file_or_the_environment()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, "from file\nignored second line\n");
            Assert.Equal("from file", ClusterCommands.TlsPasswordOf(null, file));
            Assert.Equal("given", ClusterCommands.TlsPasswordOf("given", null));
            var e = Assert.Throws<UsageException>(() => ClusterCommands.TlsPasswordOf("given", file));
            Assert.Equal("--cluster-tls-password and --cluster-tls-password-file cannot be combined", e.Message);
            e = Assert.Throws<UsageException>(() => ClusterCommands.TlsPasswordOf(null, file + ".missing"));
            Assert.StartsWith($"cannot read --cluster-tls-password-file '{file}.missing'", e.Message);

            // No other test reads this variable.
            Environment.SetEnvironmentVariable(ClusterCommands.TlsPasswordVariable, "from env");
            try
            {
                Assert.Equal("from env", ClusterCommands.TlsPasswordOf(null, null));
                Assert.Equal("from file", ClusterCommands.TlsPasswordOf(null, file));
            }
            finally
            {
                Environment.SetEnvironmentVariable(ClusterCommands.TlsPasswordVariable, null);
            }
            Assert.Null(ClusterCommands.TlsPasswordOf(null, null));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_tls_password_without_a_certificate_is_refused_in_one_line_without_the_password()
    {
        var stderr = new StringWriter();
        var code = await PrtipCommand.RunAsync(["cluster", "status", "--seed", "127.0.0.1:1", "--cluster-tls-password-file", "/nonexistent"], TextWriter.Null, stderr);
        Assert.Equal(1, code);
        Assert.Equal("prtip: --cluster-tls-password and --cluster-tls-password-file need --cluster-tls-cert", stderr.ToString().TrimEnd());

        stderr = new StringWriter();
        code = await PrtipCommand.RunAsync(["-sT", "-p", "80", "--no-journal", "--db", "postgres://u:hunter2@127.0.0.1:1/db?timeout=2", "127.0.0.1"], TextWriter.Null, stderr);
        Assert.Equal(1, code);
        Assert.StartsWith("prtip: cannot open the results database postgres://u:***@127.0.0.1:1/db?timeout=2: ", stderr.ToString());
        Assert.DoesNotContain("hunter2", stderr.ToString());
    }
}
