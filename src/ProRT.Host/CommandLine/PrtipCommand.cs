using System.CommandLine;
using System.Text.RegularExpressions;
using ProRT.Actors.Database;
using ProRT.Actors.PacketIo;
using ProRT.Actors.Plugins;
using ProRT.Actors.Persistence;
using ProRT.Actors.Results;
using ProRT.Actors.Scanning;
using ProRT.Host.Output;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Scanning;

namespace ProRT.Host.CommandLine;

/// <summary>The `prtip` command line: nmap's flags in, nmap-shaped output out, one clear line on any error.</summary>
public static partial class PrtipCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, TextReader? stdin = null)
    {
        StartupTrace.Mark("main");
        var options = new ScanOptions();
        var root = new RootCommand("prtip: a network scanner with nmap's flags, masscan's speed and an actor system that survives crashes.");
        options.AddTo(root);
        root.SetAction((parse, ct) => ScanAsync(parse, options, stdout, stderr, stdin ?? Console.In, ct));
        root.Subcommands.Add(JournalCommands.Scans(stdout));
        root.Subcommands.Add(JournalCommands.Resume(stdout, stderr));
        root.Subcommands.Add(JournalCommands.Forget(stdout));
        root.Subcommands.Add(DbCommand.Create(stdout));
        root.Subcommands.Add(ClusterCommands.Node(stderr));
        root.Subcommands.Add(ClusterCommands.Status(stdout));

        var parse = root.Parse(args);
        StartupTrace.Mark("command line parsed");
        if (parse.Errors.Count > 0)
        {
            stderr.WriteLine($"prtip: {PasswordRedaction.Redact(Describe(parse.Errors[0].Message))} (see prtip --help)");
            return 1;
        }
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false,
                // Ctrl-C pauses: the journal is flushed and the actor system stopped before the process exits.
                ProcessTerminationTimeout = TimeSpan.FromSeconds(20),
            }).ConfigureAwait(false);
        }
        catch (Exception e) when (e is UsageException or JournalException or ResultsDatabaseException)
        {
            // prtip's own messages, made with their passwords masked (and they may show where a password goes).
            stderr.WriteLine($"prtip: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("prtip: interrupted");
            return 130;
        }
        catch (Exception e)
        {
            stderr.WriteLine($"prtip: error: {PasswordRedaction.Redact(e.Message)}");
            return 1;
        }
    }

    private static async Task<int> ScanAsync(ParseResult parse, ScanOptions options, TextWriter stdout, TextWriter stderr,
        TextReader stdin, CancellationToken ct)
    {
        var services = ServiceTable.LoadDefault();
        StartupTrace.Mark("service table loaded");
        var (config, output) = ScanConfigBuilder.Build(parse, options, stdin, services, RawAccess.IsAvailable(), stderr);
        StartupTrace.Mark("scan configured");
        var akka = LoadAkkaConfig();
        JournalSettings? journal = parse.GetValue(options.NoJournal) ? null : JournalOptions.Resolve(parse.GetValue(options.Journal), akka);
        var scanId = parse.GetValue(options.ScanId);
        if (scanId is not null)
        {
            if (!ScanIdPattern().IsMatch(scanId)) throw new UsageException($"invalid --scan-id '{scanId}': use 1-64 letters, digits, '.', '_' or '-'");
            if (journal is not null && await ScanJournal.FindAsync(journal, scanId, ct).ConfigureAwait(false) is not null)
                throw new UsageException($"scan '{scanId}' is already in the journal: 'prtip resume {scanId}' continues it");
        }
        if (parse.GetValue(options.Cluster) is { Length: > 0 })
            return await ClusterCommands.ScanAsync(parse, options, config, output, services, journal, scanId, akka, stdout, stderr, ct).ConfigureAwait(false);
        return await RunScanAsync(config, output, services, journal, scanId, akka, stdout, stderr, ct, newScan: true).ConfigureAwait(false);
    }

    /// <summary>Runs a new or journaled scan with the outputs <paramref name="output"/> asks for; shared by scan and resume.</summary>
    /// <param name="newScan">The journal is known not to hold <paramref name="scanId"/>: the scan need not wait for it.</param>
    internal static async Task<int> RunScanAsync(ScanConfig config, OutputSettings output, ServiceTable services, JournalSettings? journal,
        string? scanId, Akka.Configuration.Config? akka, TextWriter stdout, TextWriter stderr, CancellationToken ct, bool newScan = false)
    {
        journal?.Prepare(); // a journal that cannot be opened is a plain error: no scan started, nothing to resume
        scanId ??= ScanJournal.NewScanId();
        var journalOptions = journal is null ? null : new ScanJournalOptions(journal, scanId, output.ToJson(), newScan);
        var sinks = new List<IResultSink>();
        var files = new List<IDisposable>();
        try
        {
            if (output.TerminalToStdout)
                sinks.Add(new NormalOutputSink(stdout, services, output.Verbose, output.ShowReason, output.OpenOnly));
            if (output.NormalFile is { } normal)
            {
                var writer = normal == "-" ? stdout : OpenText(normal, files);
                sinks.Add(new NormalOutputSink(writer, services, false, output.ShowReason, output.OpenOnly, required: normal != "-"));
            }
            if (output.JsonFile is { } json)
            {
                CheckWritable(json);
                sinks.Add(new JsonOutputSink(() => json == "-" ? new StdoutStream(stdout) : File.Create(json)));
            }
            if (output.XmlFile is { } xml)
            {
                var writer = xml == "-" ? stdout : OpenText(xml, files);
                sinks.Add(new XmlOutputSink(writer, config, services, output.CommandLine, output.Stylesheet, output.Verbose ? 1 : 0));
            }
            if (output.GrepableFile is { } grep)
            {
                var writer = grep == "-" ? stdout : OpenText(grep, files);
                sinks.Add(new GrepableOutputSink(writer, services, output.CommandLine, output.Verbose ? 1 : 0));
            }
            if (output.Database is { } location)
            {
                var db = new DatabaseSink(ResultsDatabase.Open(location), scanId, config);
                files.Add(db);
                sinks.Add(db);
            }
            sinks.AddRange(LoadPlugins(output, config, stderr));
            StartupTrace.Mark("outputs opened");
            var scanner = new Scanner(config, sinks, LoadAkkaConfig(), output.PacketTrace ? stdout : null, journalOptions);
            if (output.Verbose && journal is not null) stderr.WriteLine($"prtip: scan {scanId}, journaled in {journal.Display}");
            // A live bar only when both streams are a terminal: piped or redirected output stays clean.
            bool interactive = ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected && !Console.IsErrorRedirected;
            using (ProgressDisplay.Start(scanner.Progress, interactive, output.StatsEvery, stdout))
                await scanner.ExecuteAsync(ct).ConfigureAwait(false);
            StartupTrace.Mark("scan done");
            return 0;
        }
        catch (ScanPausedException)
        {
            stderr.WriteLine(journal is null ? "prtip: scan interrupted" : $"prtip: scan {scanId} paused; resume with: {ResumeCommand(scanId, journal)}");
            return 130;
        }
        catch (Exception e) when (e is JournalException or ResultSinkException)
        {
            stderr.WriteLine($"prtip: error: {PasswordRedaction.Redact(e.Message)}");
            if (journal is not null) stderr.WriteLine($"prtip: once that is fixed, resume with: {ResumeCommand(scanId, journal)}");
            return 1;
        }
        finally
        {
            foreach (var f in files) f.Dispose();
        }
    }

    private static IEnumerable<IResultSink> LoadPlugins(OutputSettings output, ScanConfig config, TextWriter stderr)
    {
        var settings = new Dictionary<string, string>();
        foreach (var arg in output.PluginArgs ?? [])
        {
            int eq = arg.IndexOf('=');
            if (eq <= 0) throw new UsageException($"invalid --plugin-arg '{arg}': use key=value");
            settings[arg[..eq]] = arg[(eq + 1)..];
        }
        var sinks = new List<IResultSink>();
        foreach (var path in output.Plugins ?? [])
        {
            try
            {
                foreach (var plugin in PluginLoader.Load(path))
                    sinks.Add(new PluginSink(plugin, config, settings, message => stderr.WriteLine($"prtip: {message}")));
            }
            catch (PluginLoadException e)
            {
                throw new UsageException(e.Message);
            }
        }
        return sinks;
    }

    private static string ResumeCommand(string scanId, JournalSettings journal) =>
        journal.Kind == JournalKind.Sqlite && journal.Display == Path.GetFullPath(JournalSettings.DefaultSqlitePath)
            ? $"prtip resume {scanId}"
            : $"prtip resume {scanId} --journal {journal.Display}";

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex ScanIdPattern();

    // System.CommandLine names CLR types in its conversion errors; users should see the flag and the value.
    private static string Describe(string message)
    {
        var m = Regex.Match(message, "^Cannot parse argument '(.*)' for option '(.*)' as expected type");
        return m.Success ? $"invalid value '{m.Groups[1].Value}' for {m.Groups[2].Value}" : message;
    }

    internal static Akka.Configuration.Config? LoadAkkaConfig()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "config", "akka.conf");
        if (!File.Exists(path)) return null;
        try
        {
            return Akka.Configuration.ConfigurationFactory.ParseString(File.ReadAllText(path));
        }
        catch (Exception e)
        {
            throw new UsageException($"bad configuration file '{path}': {e.Message}");
        }
    }

    private static StreamWriter OpenText(string path, List<IDisposable> files)
    {
        try
        {
            var writer = new StreamWriter(path, append: false);
            files.Add(writer);
            return writer;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new UsageException($"cannot write '{path}': {e.Message}");
        }
    }

    private static void CheckWritable(string path)
    {
        if (path == "-") return;
        try
        {
            using var _ = File.Create(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new UsageException($"cannot write '{path}': {e.Message}");
        }
    }
}
