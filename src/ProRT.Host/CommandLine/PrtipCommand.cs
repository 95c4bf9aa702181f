using System.CommandLine;
using ProRT.Actors.PacketIo;
using ProRT.Actors.Results;
using ProRT.Actors.Scanning;
using ProRT.Host.Output;
using ProRT.Protocols.Ports;

namespace ProRT.Host.CommandLine;

/// <summary>The `prtip` command line: nmap's flags in, nmap-shaped output out, one clear line on any error.</summary>
public static class PrtipCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, TextReader? stdin = null)
    {
        var options = new ScanOptions();
        var root = new RootCommand("prtip: a network scanner with nmap's flags, masscan's speed and an actor system that survives crashes.");
        options.AddTo(root);
        root.SetAction((parse, ct) => ScanAsync(parse, options, stdout, stderr, stdin ?? Console.In, ct));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            stderr.WriteLine($"prtip: {Describe(parse.Errors[0].Message)} (see prtip --help)");
            return 1;
        }
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"prtip: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("prtip: scan interrupted");
            return 130;
        }
        catch (Exception e)
        {
            stderr.WriteLine($"prtip: error: {e.Message}");
            return 1;
        }
    }

    private static async Task<int> ScanAsync(ParseResult parse, ScanOptions options, TextWriter stdout, TextWriter stderr,
        TextReader stdin, CancellationToken ct)
    {
        var services = ServiceTable.LoadDefault();
        var (config, output) = ScanConfigBuilder.Build(parse, options, stdin, services, RawAccess.IsAvailable(), stderr);
        var sinks = new List<IResultSink>();
        var files = new List<IDisposable>();
        try
        {
            if (output.TerminalToStdout)
                sinks.Add(new NormalOutputSink(stdout, services, output.Verbose, output.ShowReason, output.OpenOnly));
            if (output.NormalFile is { } normal)
            {
                var writer = normal == "-" ? stdout : OpenText(normal, files);
                sinks.Add(new NormalOutputSink(writer, services, false, output.ShowReason, output.OpenOnly));
            }
            if (output.JsonFile is { } json)
            {
                CheckWritable(json);
                sinks.Add(new JsonOutputSink(() => json == "-" ? new StdoutStream(stdout) : File.Create(json)));
            }
            await new Scanner(config, sinks, LoadAkkaConfig(), parse.GetValue(options.PacketTrace) ? stdout : null).ExecuteAsync(ct).ConfigureAwait(false);
            return 0;
        }
        finally
        {
            foreach (var f in files) f.Dispose();
        }
    }

    // System.CommandLine names CLR types in its conversion errors; users should see the flag and the value.
    private static string Describe(string message)
    {
        var m = System.Text.RegularExpressions.Regex.Match(message, "^Cannot parse argument '(.*)' for option '(.*)' as expected type");
        return m.Success ? $"invalid value '{m.Groups[1].Value}' for {m.Groups[2].Value}" : message;
    }

    private static Akka.Configuration.Config? LoadAkkaConfig()
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
