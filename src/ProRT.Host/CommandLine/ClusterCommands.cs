using System.CommandLine;
using System.Globalization;
using Akka.Configuration;
using ProRT.Actors.Cluster;
using ProRT.Actors.Persistence;
using ProRT.Actors.Scanning;

namespace ProRT.Host.CommandLine;

/// <summary>`prtip node` runs a cluster member; `prtip cluster status` shows the members and what each scans;
/// `prtip scan --cluster SEED` (in <see cref="PrtipCommand"/>) submits a scan to them.</summary>
public static class ClusterCommands
{
    /// <summary>How long a command waits to join the cluster.</summary>
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long a client waits for a member to answer.</summary>
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(30);

    public static Option<string[]> Seeds() => new("--seed") { Description = "A cluster member to join, host:port (repeatable)", HelpName = "host:port", AllowMultipleArgumentsPerToken = false };

    public static Option<string> Bind() => new("--cluster-bind") { Description = "Address remoting binds to (default 127.0.0.1; any other needs TLS)", HelpName = "address" };

    public static Option<string> TlsCert() => new("--cluster-tls-cert") { Description = "PKCS#12 certificate for TLS between members", HelpName = "file.pfx" };

    public static Option<string> TlsPassword() => new("--cluster-tls-password")
    {
        Description = $"Password of --cluster-tls-cert (visible to ps: prefer --cluster-tls-password-file or ${TlsPasswordVariable})",
        HelpName = "password",
    };

    public static Option<string> TlsPasswordFile() => new("--cluster-tls-password-file")
    {
        Description = "A file whose first line is the password of --cluster-tls-cert",
        HelpName = "file",
    };

    /// <summary>The environment variable that holds the password of --cluster-tls-cert when no option gives it.</summary>
    public const string TlsPasswordVariable = "PRTIP_CLUSTER_TLS_PASSWORD";

    public static Command Node(TextWriter stderr)
    {
        var seeds = Seeds();
        var bind = Bind();
        var port = new Option<int?>("--cluster-port") { Description = $"Port remoting listens on (default {ClusterSettings.DefaultPort})", HelpName = "port" };
        var cert = TlsCert();
        var password = TlsPassword();
        var passwordFile = TlsPasswordFile();
        var journal = JournalOptions.Journal();
        var command = new Command("node", "Run a cluster member that scans the hosts the cluster hands it, until interrupted")
            { seeds, bind, port, cert, password, passwordFile, journal };
        command.SetAction(async (parse, ct) =>
        {
            var file = LoadConfig();
            var settings = Settings(parse, file, parse.GetValue(port), seeds, bind, cert, password, passwordFile);
            var store = SharedJournal(parse.GetValue(journal), "prtip node");
            await using var node = await StartNode(settings, store, file).ConfigureAwait(false);
            stderr.WriteLine($"prtip: node {node.Address} up (scanner); journal {store.Display}");
            try
            {
                await Task.WhenAny(node.WhenTerminated, Task.Delay(Timeout.Infinite, ct)).ConfigureAwait(false);
            }
            finally
            {
                if (!node.WhenTerminated.IsCompleted) stderr.WriteLine($"prtip: node {node.Address} leaving the cluster");
            }
            return node.WhenTerminated.IsCompleted && !ct.IsCancellationRequested ? 1 : 0;
        });
        return command;
    }

    public static Command Status(TextWriter stdout)
    {
        var seeds = Seeds();
        var bind = Bind();
        var cert = TlsCert();
        var password = TlsPassword();
        var passwordFile = TlsPasswordFile();
        var status = new Command("status", "Show the cluster's members, the hosts each is scanning, and the scans running")
            { seeds, bind, cert, password, passwordFile };
        status.SetAction(async (parse, ct) =>
        {
            var file = LoadConfig();
            var settings = Settings(parse, file, 0, seeds, bind, cert, password, passwordFile);
            if (settings.Seeds.Count == 0) throw new UsageException("--seed HOST:PORT is needed: a cluster member to ask");
            await using var session = ClusterClientSession.Start(settings, file);
            ClusterStatus state;
            try
            {
                state = await session.StatusAsync(AnswerTimeout, ct).ConfigureAwait(false);
            }
            catch (TimeoutException e)
            {
                throw new UsageException(e.Message);
            }
            int width = state.Members.Select(m => m.Address.Length).Append(6).Max();
            stdout.WriteLine($"{"MEMBER".PadRight(width)}  {"ROLES",-8}  {"STATUS",-11}  {"HOSTS DONE",10}  SCANNING");
            foreach (var m in state.Members)
            {
                var scanning = m.Node is null ? "(no answer)"
                    : m.Node.HostsByScan.Count == 0 ? "-"
                    : string.Join(", ", m.Node.HostsByScan.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value} host{(s.Value == 1 ? "" : "s")}"));
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{m.Address.PadRight(width)}  {m.Roles,-8}  {m.Status,-11}  {(m.Node?.HostsDone.ToString(CultureInfo.InvariantCulture) ?? ""),10}  {scanning}"));
            }
            stdout.WriteLine(state.Scans.Count == 0 ? "scans running: none" : $"scans running: {string.Join(", ", state.Scans)}");
            return 0;
        });
        return new Command("cluster", "Inspect a prtip cluster") { status };
    }

    /// <summary>Submits a scan to the cluster, reports hosts as they finish, then writes the outputs from the shared journal.</summary>
    internal static async Task<int> ScanAsync(ParseResult parse, ScanOptions options, Protocols.Scanning.ScanConfig config, OutputSettings output,
        Protocols.Ports.ServiceTable services, JournalSettings? journal, string? scanId, Config? akka, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (journal is null || journal.Kind != JournalKind.PostgreSql)
            throw new UsageException("--cluster needs the cluster's shared PostgreSQL journal (--journal postgres://...)");
        var file = LoadConfig();
        var settings = Settings(parse, file, 0, options.Cluster, options.ClusterBind, options.ClusterTlsCert, options.ClusterTlsPassword,
            options.ClusterTlsPasswordFile);
        journal.Prepare();
        // A probe database that cannot be read fails here, as a local scan fails, not silently on the members.
        if (config.ServiceDetection) Protocols.Services.ServiceProbeDatabase.Load(config.ServiceProbes);
        scanId ??= ScanJournal.NewScanId();
        var definition = new ScanDefinition(scanId, config, DateTimeOffset.UtcNow, output.ToJson());
        string? error;
        await using (var session = ClusterClientSession.Start(settings, file))
        {
            if (output.Verbose) stderr.WriteLine($"prtip: scan {scanId} submitted to the cluster at {string.Join(", ", settings.Seeds)}");
            try
            {
                error = await session.RunScanAsync(definition, host =>
                {
                    if (output.Verbose)
                        stderr.WriteLine($"prtip: {host.Address} finished: {host.State.ToString().ToLowerInvariant()}, {host.Ports.Count(p => p.State == Protocols.Results.PortState.Open)} open");
                }, AnswerTimeout, ct).ConfigureAwait(false);
            }
            catch (TimeoutException e)
            {
                throw new UsageException(e.Message);
            }
            catch (OperationCanceledException)
            {
                stderr.WriteLine($"prtip: scan {scanId} goes on in the cluster; 'prtip resume {scanId} --journal {journal.Display}' writes its outputs once it is done");
                return 130;
            }
        }
        if (error is not null)
        {
            stderr.WriteLine($"prtip: error: the cluster scan {scanId} failed: {PasswordRedaction.Redact(error)}");
            return 1;
        }
        // Everything is in the shared journal: the outputs come from it, as a resume of a finished scan writes them.
        return await PrtipCommand.RunScanAsync(config, output, services, journal, scanId, akka, stdout, stderr, ct).ConfigureAwait(false);
    }

    private static ClusterSettings Settings(ParseResult parse, Config? file, int? port, Option<string[]> seeds, Option<string> bind,
        Option<string> cert, Option<string> password, Option<string> passwordFile)
    {
        var host = parse.GetValue(bind) ?? file?.GetString("akka.remote.dot-netty.tcp.hostname") ?? "127.0.0.1";
        int listen = port ?? file?.GetInt("akka.remote.dot-netty.tcp.port", ClusterSettings.DefaultPort) ?? ClusterSettings.DefaultPort;
        ClusterTls? tls = null;
        if (parse.GetValue(cert) is { } pfx) tls = new ClusterTls(Path.GetFullPath(pfx), TlsPasswordOf(parse.GetValue(password), parse.GetValue(passwordFile)) ?? "");
        else if (parse.GetValue(password) is not null || parse.GetValue(passwordFile) is not null)
            throw new UsageException("--cluster-tls-password and --cluster-tls-password-file need --cluster-tls-cert");
        var settings = new ClusterSettings(host, listen, parse.GetValue(seeds) ?? [], tls);
        try
        {
            settings.Validate();
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
        return settings;
    }

    /// <summary>The certificate's password: --cluster-tls-password, else the first line of --cluster-tls-password-file,
    /// else $PRTIP_CLUSTER_TLS_PASSWORD, else none. The file and the variable keep it out of ps.</summary>
    internal static string? TlsPasswordOf(string? given, string? path)
    {
        if (path is null) return given ?? Environment.GetEnvironmentVariable(TlsPasswordVariable);
        if (given is not null) throw new UsageException("--cluster-tls-password and --cluster-tls-password-file cannot be combined");
        try
        {
            return File.ReadLines(path).FirstOrDefault() ?? "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"cannot read --cluster-tls-password-file '{path}': {e.Message}");
        }
    }

    private static JournalSettings SharedJournal(string? flag, string what)
    {
        var journal = JournalOptions.Resolve(flag, PrtipCommand.LoadAkkaConfig());
        if (journal.Kind != JournalKind.PostgreSql)
            throw new UsageException($"{what} needs the cluster's shared PostgreSQL journal (--journal postgres://...)");
        journal.Prepare();
        return journal;
    }

    private static async Task<ClusterNode> StartNode(ClusterSettings settings, JournalSettings journal, Config? file)
    {
        try
        {
            return await ClusterNode.StartAsync(settings, journal, file, Scanner.Version, JoinTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>config/cluster.conf over config/akka.conf, as copied next to the program.</summary>
    private static Config? LoadConfig()
    {
        var akka = PrtipCommand.LoadAkkaConfig();
        var path = Path.Combine(AppContext.BaseDirectory, "config", "cluster.conf");
        if (!File.Exists(path)) return akka;
        try
        {
            var cluster = ConfigurationFactory.ParseString(File.ReadAllText(path));
            return akka is null ? cluster : cluster.WithFallback(akka);
        }
        catch (Exception e)
        {
            throw new UsageException($"bad configuration file '{path}': {e.Message}");
        }
    }
}
