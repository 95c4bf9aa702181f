using System.CommandLine;
using System.Globalization;
using ProRT.Actors.Database;
using ProRT.Actors.Persistence;
using ProRT.Actors.Scanning;
using ProRT.Protocols.Output;

namespace ProRT.Host.CommandLine;

/// <summary>`prtip db list|show|diff|export`: reads the results database that `--db` writes.</summary>
public static class DbCommand
{
    public static string DefaultPath => Path.Combine(JournalSettings.DataDirectory, "results.db");

    public static Command Create(TextWriter stdout)
    {
        var command = new Command("db", "Read the results database written with --db");

        var list = new Command("list", "List the scans in the database");
        var listDb = DbOption();
        list.Options.Add(listDb);
        list.SetAction(parse => With(parse.GetValue(listDb), db =>
        {
            stdout.WriteLine($"{"ID",5}  {"STARTED (UTC)",-19}  {"TYPE",-8}  {"HOSTS",6}  {"UP",5}  {"OPEN",6}  {"SCAN ID",-22}  TARGETS");
            foreach (var s in db.ListScans())
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{s.Id,5}  {s.Start.UtcDateTime:yyyy-MM-dd HH:mm:ss}  {s.ScanType,-8}  {s.Hosts,6}  {s.HostsUp,5}  {s.OpenPorts,6}  {s.ScanId,-22}  {s.Targets}{(s.End is null ? "  (unfinished)" : "")}"));
        }));

        var show = new Command("show", "Show one scan as nmap's normal output");
        var showId = ScanArgument("id");
        var showDb = DbOption();
        show.Arguments.Add(showId);
        show.Options.Add(showDb);
        show.SetAction(parse => With(parse.GetValue(showDb), db =>
        {
            var report = db.LoadReport(parse.GetValue(showId), Scanner.Version);
            var writer = new NormalOutputWriter(stdout, Protocols.Ports.ServiceTable.LoadDefault(), showReason: false, openOnly: false);
            writer.WriteHeader(report.Info);
            foreach (var host in report.Hosts) writer.WriteHost(host);
            writer.WriteFooter(report);
        }));

        var diff = new Command("diff", "Ports whose state changed between two scans");
        var before = ScanArgument("before");
        var after = ScanArgument("after");
        var diffDb = DbOption();
        diff.Arguments.Add(before);
        diff.Arguments.Add(after);
        diff.Options.Add(diffDb);
        diff.SetAction(parse => With(parse.GetValue(diffDb), db =>
        {
            var changes = db.Diff(parse.GetValue(before), parse.GetValue(after));
            foreach (var c in changes)
                stdout.WriteLine($"{c.Ip} {c.Port}/{c.Protocol}: {c.Before ?? "not scanned"} -> {c.After ?? "not scanned"}");
            if (changes.Count == 0) stdout.WriteLine("no port changed state");
        }));

        var export = new Command("export", "Write one scan as the JSON report");
        var exportId = ScanArgument("id");
        var exportDb = DbOption();
        var file = new Option<string>("-o") { Description = "Write to this file instead of stdout", HelpName = "file" };
        export.Arguments.Add(exportId);
        export.Options.Add(exportDb);
        export.Options.Add(file);
        export.SetAction(parse => With(parse.GetValue(exportDb), db =>
        {
            var report = db.LoadReport(parse.GetValue(exportId), Scanner.Version);
            if (parse.GetValue(file) is { } path)
            {
                using var stream = File.Create(path);
                JsonReportWriter.Write(stream, report);
            }
            else
            {
                stdout.WriteLine(JsonReportWriter.ToString(report));
            }
        }));

        command.Subcommands.Add(list);
        command.Subcommands.Add(show);
        command.Subcommands.Add(diff);
        command.Subcommands.Add(export);
        return command;
    }

    private static Option<string> DbOption() => new("--db")
    {
        Description = $"The database: a SQLite file (default {DefaultPath}) or postgres://user:pass@host/db",
        HelpName = "file|url",
    };

    private static Argument<long> ScanArgument(string name) => new(name) { Description = "A scan's number in the database (prtip db list)" };

    private static int With(string? location, Action<ResultsDatabase> use)
    {
        if (location is null && !File.Exists(DefaultPath)) throw new UsageException($"no results database at {DefaultPath}: give one with --db");
        using var db = ResultsDatabase.Open(location ?? DefaultPath);
        use(db);
        return 0;
    }
}
