using System.CommandLine;
using System.Globalization;
using ProRT.Actors.Persistence;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Timing;

namespace ProRT.Host.CommandLine;

/// <summary>
/// `prtip scans` lists the journal (and `--prune AGE` forgets the finished scans older than AGE); `prtip resume ID`
/// finishes a journaled scan; `prtip forget ID` removes one.
/// </summary>
public static class JournalCommands
{
    /// <summary>`prtip scans [--prune AGE]`: the journaled scans, one line each; or the finished ones older than AGE forgotten.</summary>
    public static Command Scans(TextWriter stdout)
    {
        var journal = JournalOptions.Journal();
        var prune = new Option<string>("--prune")
        {
            Description = "Forget the finished scans that started more than AGE ago (7d, 12h, 30m) and print them; unfinished ones are kept",
            HelpName = "age",
        };
        var command = new Command("scans", "List the scans in the journal: id, start, state, progress, targets") { journal, prune };
        command.SetAction(async (parse, ct) =>
        {
            var settings = JournalOptions.Resolve(parse.GetValue(journal), PrtipCommand.LoadAkkaConfig());
            if (parse.GetValue(prune) is { } age)
                return await PruneAsync(settings, age, stdout, ct).ConfigureAwait(false);
            var scans = await ScanJournal.ListAsync(settings, ct).ConfigureAwait(false);
            stdout.WriteLine($"{"SCAN ID",-22}  {"STARTED (UTC)",-19}  {"STATE",-10}  {"PROGRESS",8}  {"HOSTS",7}  TARGETS");
            foreach (var s in scans)
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{s.ScanId,-22}  {Started(s)}  {(s.Completed ? "complete" : "unfinished"),-10}  {s.Progress * 100,7:F1}%  {s.HostsDone,7}  {Targets(s)}"));
            return 0;
        });
        return command;
    }

    private static async Task<int> PruneAsync(JournalSettings settings, string age, TextWriter stdout, CancellationToken ct)
    {
        if (!TimeSpec.TryParseAge(age, out var span))
            throw new UsageException($"invalid --prune '{age}': use an age like 7d, 12h or 30m");
        var now = DateTimeOffset.UtcNow;
        var cutoff = span >= now - DateTimeOffset.MinValue ? DateTimeOffset.MinValue : now - span;
        var pruned = await ScanJournal.PruneAsync(settings, cutoff, ct).ConfigureAwait(false);
        foreach (var s in pruned.Forgotten)
            stdout.WriteLine($"forgot {s.ScanId,-22}  {Started(s)}  {Targets(s)}");
        var before = string.Create(CultureInfo.InvariantCulture, $"{cutoff.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC");
        stdout.WriteLine(pruned.Forgotten.Count == 0
            ? $"no finished scan started before {before}"
            : $"forgot {Scans(pruned.Forgotten.Count, "finished scan")} started before {before}");
        if (pruned.KeptUnfinished.Count > 0)
            stdout.WriteLine($"kept {Scans(pruned.KeptUnfinished.Count, "unfinished scan")} as old: {string.Join(" ", pruned.KeptUnfinished.Select(s => s.ScanId))}" +
                             " (prtip resume ID finishes one, prtip forget --force ID removes it)");
        return 0;
    }

    /// <summary>`prtip forget ID...`: every journal row of the scans removed; unknown ids and unfinished scans (without --force) refused.</summary>
    public static Command Forget(TextWriter stdout)
    {
        var journal = JournalOptions.Journal();
        var ids = new Argument<string[]>("scan-id") { Description = "The scans to remove (prtip scans lists them)", Arity = ArgumentArity.OneOrMore };
        var force = new Option<bool>("--force", "-f") { Description = "Also remove unfinished scans, which can then no longer be resumed" };
        var command = new Command("forget", "Remove scans from the journal: their events and snapshots, and the space they took") { ids, journal, force };
        command.SetAction(async (parse, ct) =>
        {
            var settings = JournalOptions.Resolve(parse.GetValue(journal), PrtipCommand.LoadAkkaConfig());
            var scanIds = parse.GetValue(ids)!.Distinct().ToList();
            // Every id checked before any is removed: a mistyped one removes nothing.
            var scans = new List<ScanSummary>();
            foreach (var id in scanIds)
            {
                var scan = await ScanJournal.FindAsync(settings, id, ct).ConfigureAwait(false)
                           ?? throw new UsageException($"no scan '{id}' in the journal {settings.Display} (prtip scans lists them)");
                if (!scan.Completed && !parse.GetValue(force))
                    throw new UsageException($"scan '{id}' is unfinished ('prtip resume {id}' finishes it): add --force to forget it anyway");
                scans.Add(scan);
            }
            await ScanJournal.ForgetAsync(settings, scanIds, ct).ConfigureAwait(false);
            foreach (var s in scans)
                stdout.WriteLine($"forgot {s.ScanId,-22}  {Started(s)}  {(s.Completed ? "complete" : "unfinished"),-10}  {Targets(s)}");
            return 0;
        });
        return command;
    }

    private static string Started(ScanSummary s) => string.Create(CultureInfo.InvariantCulture, $"{s.Definition.Start.UtcDateTime:yyyy-MM-dd HH:mm:ss}");

    private static string Targets(ScanSummary s) => string.Join(" ", s.Definition.Config.TargetTexts);

    private static string Scans(int count, string what) => count == 1 ? $"1 {what}" : $"{count} {what}s";

    /// <summary>`prtip resume ID`: a journaled scan finished, or a finished one's outputs written again.</summary>
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
