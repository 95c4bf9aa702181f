using System.CommandLine;
using System.Globalization;
using ProRT.Actors.Persistence;
using ProRT.Protocols.Ports;

namespace ProRT.Host.CommandLine;

/// <summary>`prtip scans` lists the journal; `prtip resume ID` finishes a journaled scan.</summary>
public static class JournalCommands
{
    public static Command Scans(TextWriter stdout)
    {
        var journal = JournalOptions.Journal();
        var command = new Command("scans", "List the scans in the journal: id, start, state, progress, targets") { journal };
        command.SetAction(async (parse, ct) =>
        {
            var settings = JournalOptions.Resolve(parse.GetValue(journal), PrtipCommand.LoadAkkaConfig());
            var scans = await ScanJournal.ListAsync(settings, ct).ConfigureAwait(false);
            stdout.WriteLine($"{"SCAN ID",-22}  {"STARTED (UTC)",-19}  {"STATE",-10}  {"PROGRESS",8}  {"HOSTS",7}  TARGETS");
            foreach (var s in scans)
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{s.ScanId,-22}  {s.Definition.Start.UtcDateTime:yyyy-MM-dd HH:mm:ss}  {(s.Completed ? "complete" : "unfinished"),-10}  {s.Progress * 100,7:F1}%  {s.HostsDone,7}  {string.Join(" ", s.Definition.Config.TargetTexts)}"));
            return 0;
        });
        return command;
    }

    public static Command Resume(TextWriter stdout, TextWriter stderr)
    {
        var journal = JournalOptions.Journal();
        var id = new Argument<string>("scan-id") { Description = "The scan to finish (prtip scans lists them)" };
        // The journal keeps the scan's --db with its password masked: given again, it is written with this one.
        var database = new Option<string>("--db")
        {
            Description = "The scan's results database, given again with its password (else PGPASSWORD or ~/.pgpass)",
            HelpName = "file|url",
        };
        var command = new Command("resume", "Finish a journaled scan: replay its journal, probe only what is left, write its outputs") { id, journal, database };
        command.SetAction(async (parse, ct) =>
        {
            var settings = JournalOptions.Resolve(parse.GetValue(journal), PrtipCommand.LoadAkkaConfig());
            var scanId = parse.GetValue(id)!;
            var scan = await ScanJournal.FindAsync(settings, scanId, ct).ConfigureAwait(false)
                       ?? throw new UsageException($"no scan '{scanId}' in the journal {settings.Display} (prtip scans lists them)");
            stderr.WriteLine(scan.Completed
                ? $"prtip: scan {scanId} is complete; writing its outputs again"
                : string.Create(CultureInfo.InvariantCulture,
                    $"prtip: resuming scan {scanId}: {scan.PortsDone} of {scan.PortsPlanned} ports and {scan.HostsDone} hosts done"));
            var output = OutputSettings.FromJson(scan.Definition.Annotation);
            if (parse.GetValue(database) is { } db) output = output with { Database = db };
            return await PrtipCommand.RunScanAsync(scan.Definition.Config, output, ServiceTable.LoadDefault(), settings, scanId,
                PrtipCommand.LoadAkkaConfig(), stdout, stderr, ct).ConfigureAwait(false);
        });
        return command;
    }
}
