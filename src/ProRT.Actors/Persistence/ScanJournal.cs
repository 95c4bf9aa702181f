using System.Security.Cryptography;
using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using ProRT.Actors.Scanning;

namespace ProRT.Actors.Persistence;

/// <summary>A journaled scan as `prtip scans` lists it.</summary>
/// <param name="Definition">What the scan was asked to do.</param>
/// <param name="HostsDone">Hosts finished.</param>
/// <param name="HostsInFlight">Hosts handed out and not finished (a resume probes these again).</param>
/// <param name="PortsDone">Port results journaled.</param>
/// <param name="PortsPlanned">Port probes the whole scan plans.</param>
/// <param name="End">When the scan ended; null while it is unfinished (interrupted or still running).</param>
public sealed record ScanSummary(
    ScanDefinition Definition,
    long HostsDone,
    long HostsInFlight,
    long PortsDone,
    long PortsPlanned,
    DateTimeOffset? End)
{
    /// <summary>The scan's id, as `prtip resume` takes it.</summary>
    public string ScanId => Definition.ScanId;

    /// <summary>True when the scan ran to its end.</summary>
    public bool Completed => End is not null;

    /// <summary>Share of the planned ports resolved, 0 to 1 (1 once completed).</summary>
    public double Progress => Completed ? 1 : PortsPlanned == 0 ? 0 : Math.Min(1, (double)PortsDone / PortsPlanned);
}

/// <summary>What <see cref="ScanJournal.PruneAsync"/> did.</summary>
/// <param name="Forgotten">The finished scans it removed, oldest first.</param>
/// <param name="KeptUnfinished">Unfinished scans as old, kept: `prtip resume` may still finish them.</param>
public sealed record JournalPruning(IReadOnlyList<ScanSummary> Forgotten, IReadOnlyList<ScanSummary> KeptUnfinished);

/// <summary>
/// Reads scans back from a journal without running them: the list, and one scan's definition and progress; and
/// removes them (<see cref="ForgetAsync"/>, <see cref="PruneAsync"/>), so the journal does not grow without end.
/// </summary>
public static class ScanJournal
{
    /// <summary>A new scan id: UTC start time, sortable, and a random tail so two scans started together differ.</summary>
    public static string NewScanId() =>
        $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2))}";

    /// <summary>Every scan in the journal, oldest first.</summary>
    public static async Task<IReadOnlyList<ScanSummary>> ListAsync(JournalSettings journal, CancellationToken ct = default)
    {
        if (journal.Kind == JournalKind.InMemory) return [];
        journal.Prepare();
        return await WithSystem(journal, async system =>
        {
            var ids = await PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier)
                .CurrentPersistenceIds()
                .Where(id => id.StartsWith("scan-", StringComparison.Ordinal))
                .RunWith(Sink.Seq<string>(), system.Materializer())
                .WaitAsync(ct).ConfigureAwait(false);
            var scans = new List<ScanSummary>();
            foreach (var id in ids)
                if (await RecoverAsync(system, id["scan-".Length..], ct).ConfigureAwait(false) is { } s)
                    scans.Add(s);
            return (IReadOnlyList<ScanSummary>)scans.OrderBy(s => s.Definition.Start).ToList();
        }).ConfigureAwait(false);
    }

    /// <summary>One scan, or null when the journal does not hold it.</summary>
    public static async Task<ScanSummary?> FindAsync(JournalSettings journal, string scanId, CancellationToken ct = default)
    {
        journal.Prepare();
        return await WithSystem(journal, system => RecoverAsync(system, scanId, ct)).ConfigureAwait(false);
    }

    /// <summary>
    /// Removes scans from the journal, whatever their state: every row of theirs (events, snapshots, tags), so they are
    /// no longer listed nor resumable. Then gives the space back: a SQLite file shrinks (incremental vacuum, then the
    /// write-ahead log is emptied into it); PostgreSQL's autovacuum makes the space reusable. An id the journal does
    /// not hold is no error. A scan still running elsewhere would go on journaling under the same id: check first.
    /// </summary>
    /// <exception cref="JournalException">The journal cannot be opened or written.</exception>
    public static async Task ForgetAsync(JournalSettings journal, IReadOnlyCollection<string> scanIds, CancellationToken ct = default)
    {
        if (journal.Kind == JournalKind.InMemory || scanIds.Count == 0) return;
        journal.Prepare();
        await JournalRows.DeleteAsync(journal, scanIds.Select(ScanCoordinator.JournalId).ToList(), ct).ConfigureAwait(false);
        JournalRows.Reclaim(journal);
    }

    /// <summary>
    /// Forgets (<see cref="ForgetAsync"/>) every finished scan that started before <paramref name="startedBefore"/>.
    /// Unfinished scans are kept, however old: they are interrupted (`prtip resume` finishes them) or still running.
    /// </summary>
    /// <exception cref="JournalException">The journal cannot be read or written.</exception>
    public static async Task<JournalPruning> PruneAsync(JournalSettings journal, DateTimeOffset startedBefore, CancellationToken ct = default)
    {
        var old = (await ListAsync(journal, ct).ConfigureAwait(false)).Where(s => s.Definition.Start < startedBefore).ToList();
        var forgotten = old.Where(s => s.Completed).ToList();
        await ForgetAsync(journal, forgotten.Select(s => s.ScanId).ToList(), ct).ConfigureAwait(false);
        return new JournalPruning(forgotten, old.Where(s => !s.Completed).ToList());
    }

    private static async Task<T> WithSystem<T>(JournalSettings journal, Func<ActorSystem, Task<T>> work)
    {
        using var system = ActorSystem.Create("prtip-journal", Scanner.DefaultAkkaConfig.WithFallback(journal.ToAkkaConfig()));
        try
        {
            return await work(system).ConfigureAwait(false);
        }
        finally
        {
            await system.Terminate().ConfigureAwait(false);
        }
    }

    private static async Task<ScanSummary?> RecoverAsync(ActorSystem system, string scanId, CancellationToken ct)
    {
        var done = new TaskCompletionSource<ScanState>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = system.ActorOf(Props.Create(() => new Reader(ScanCoordinator.JournalId(scanId), done)));
        var watch = reader.WatchAsync(ct);
        var first = await Task.WhenAny(done.Task, watch).ConfigureAwait(false);
        if (first != done.Task && !done.Task.IsCompleted)
        {
            ct.ThrowIfCancellationRequested(); // Ctrl-C while reading is an interruption, not a bad journal
            throw new JournalException($"the journal's entries for scan {scanId} cannot be read (see the log above)");
        }
        var state = await done.Task.ConfigureAwait(false);
        return state.Definition is null ? null
            : new ScanSummary(state.Definition, state.HostsDone, state.InFlight.Count, state.PortsDone, state.PortsPlanned, state.End);
    }

    /// <summary>Replays one scan's journal into a <see cref="ScanState"/> and stops; never writes.</summary>
    private sealed class Reader : ReceivePersistentActor
    {
        private ScanState _state = ScanState.Empty;

        public Reader(string persistenceId, TaskCompletionSource<ScanState> done)
        {
            PersistenceId = persistenceId;
            Recover<SnapshotOffer>(o =>
            {
                if (o.Snapshot is ScanState s) _state = s;
            });
            Recover<IScanEvent>(e => _state = _state.Apply(e));
            Recover<RecoveryCompleted>(_ =>
            {
                done.TrySetResult(_state);
                Context.Stop(Self);
            });
        }

        public override string PersistenceId { get; }
    }
}
