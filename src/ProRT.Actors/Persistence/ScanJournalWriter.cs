using Akka.Actor;
using Akka.Persistence;

namespace ProRT.Actors.Persistence;

/// <summary>
/// The journal of one scan, as a child of its coordinator: it recovers the scan's <see cref="ScanState"/> and writes
/// the coordinator's events in order, answering each batch once it is written, so that the coordinator publishes only
/// what is journaled. Being a child of its own, it lets a new scan probe while the journal plugin starts (about half a
/// second for SQL): batches that arrive during recovery wait in the actor's stash and are written after it.
/// <para>
/// The events are the scan's results: a resumed scan's outputs are written again from them (<see cref="JournalReader"/>,
/// a page at a time), so none is deleted until the scan is forgotten. Snapshots hold the state, which keeps no result:
/// recovery starts from the latest and reads only the events after it.
/// </para>
/// </summary>
public sealed class ScanJournalWriter : ReceivePersistentActor
{
    /// <summary>Recovery is over: the scan as its journal tells it (<see cref="ScanState.Empty"/> for a new scan).</summary>
    /// <param name="State">The recovered state.</param>
    /// <param name="LastSequenceNr">The last event's sequence number: a <see cref="JournalReader"/> reads up to it.</param>
    public sealed record Recovered(ScanState State, long LastSequenceNr);

    /// <summary>Journal <paramref name="Events"/>; answered with <see cref="Written"/> carrying <paramref name="Batch"/>.</summary>
    /// <param name="Events">The events, in order.</param>
    /// <param name="Batch">The caller's number for the batch; batches are answered in the order they were sent.</param>
    /// <param name="StateAfter">The scan's state once these events are applied: what a snapshot taken after them holds.</param>
    public sealed record Write(IReadOnlyList<IScanEvent> Events, long Batch, ScanState StateAfter);

    /// <summary>Every event of batch <paramref name="Batch"/> (and of the batches before it) is written.</summary>
    /// <param name="Batch">The batch's number.</param>
    public sealed record Written(long Batch);

    /// <summary>Answer with <see cref="Synced"/> once everything sent before is written and snapshot work is answered.</summary>
    public sealed record Sync
    {
        /// <summary>The shared instance; the message carries no data.</summary>
        public static readonly Sync Instance = new();
    }

    /// <summary>Answers <see cref="Sync"/>.</summary>
    public sealed record Synced
    {
        /// <summary>The shared instance; the message carries no data.</summary>
        public static readonly Synced Instance = new();
    }

    /// <summary>The journal cannot be read or written: the scan must stop (resumable from what was written).</summary>
    /// <param name="Cause">A <see cref="JournalException"/> saying why.</param>
    public sealed record Failed(JournalException Cause);

    /// <summary>
    /// A snapshot is taken once this many events or results came after the last one: recovery and listings read at most
    /// that many, and a snapshot is small (totals, and which ports of each host in flight are journaled: 16 KB a host
    /// at most), so taking one often costs little.
    /// </summary>
    private const int SnapshotEvents = 256;
    private const long SnapshotPorts = 100_000;

    private readonly List<IActorRef> _syncing = new();
    private ScanState? _recovered = ScanState.Empty;
    private long _portsAtSnapshot, _eventsAtSnapshot;
    private int _snapshotWork;

    /// <param name="scanId">The scan whose journal this is.</param>
    public ScanJournalWriter(string scanId)
    {
        PersistenceId = JournalId(scanId);
        Recover<SnapshotOffer>(o =>
        {
            if (o.Snapshot is not ScanState s) return;
            _recovered = s;
        });
        Recover<IScanEvent>(e => _recovered = _recovered!.Apply(e));
        Recover<RecoveryCompleted>(_ =>
        {
            Scanning.StartupTrace.Mark("journal recovered");
            _eventsAtSnapshot = LastSequenceNr;
            _portsAtSnapshot = _recovered!.PortsDone;
            Context.Parent.Tell(new Recovered(_recovered!, LastSequenceNr));
            _recovered = null; // the coordinator keeps the state from here
        });

        Command<Write>(w =>
        {
            int left = w.Events.Count;
            var parent = Context.Parent;
            PersistAll(w.Events, _ =>
            {
                if (--left > 0) return;
                parent.Tell(new Written(w.Batch));
                MaybeSnapshot(w.StateAfter);
            });
        });
        Command<Sync>(_ =>
        {
            var replyTo = Sender;
            DeferAsync(Sync.Instance, _ =>
            {
                _syncing.Add(replyTo);
                AnswerSync();
            });
        });
        Command<SaveSnapshotSuccess>(s =>
        {
            // Older snapshots are of no use any more; the events stay (they are the results).
            DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)); // the save's work goes on as this delete
        });
        Command<SaveSnapshotFailure>(_ => SnapshotWorkDone());
        Command<DeleteSnapshotsSuccess>(_ => SnapshotWorkDone());
        Command<DeleteSnapshotsFailure>(_ => SnapshotWorkDone());
    }

    /// <summary>Props for a <see cref="ScanJournalWriter"/>.</summary>
    public static Props Props(string scanId) => Akka.Actor.Props.Create(() => new ScanJournalWriter(scanId));

    /// <summary>The journal's name for a scan: "scan-" and the scan id.</summary>
    public static string JournalId(string scanId) => "scan-" + scanId;

    /// <summary>"scan-" and the scan id.</summary>
    public override string PersistenceId { get; }


    private void MaybeSnapshot(ScanState state)
    {
        if (LastSequenceNr - _eventsAtSnapshot < SnapshotEvents && state.PortsDone - _portsAtSnapshot < SnapshotPorts) return;
        SaveSnapshot(state);
        _snapshotWork++;
        _eventsAtSnapshot = LastSequenceNr;
        _portsAtSnapshot = state.PortsDone;
    }

    private void SnapshotWorkDone()
    {
        _snapshotWork--;
        AnswerSync();
    }

    /// <summary>
    /// Sync is answered once snapshot writes and the deletes of older snapshots are answered too: whoever syncs at the end stops the actor
    /// system next, which would drop them, and a big scan's last snapshot often lands at its end.
    /// </summary>
    private void AnswerSync()
    {
        if (_snapshotWork > 0) return;
        foreach (var s in _syncing) s.Tell(Synced.Instance);
        _syncing.Clear();
    }

    /// <summary>A write failed: the coordinator is told, and this actor stops.</summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        Context.Parent.Tell(new Failed(new JournalException(
            $"the scan journal could not be written ({cause.GetBaseException().Message}); " +
            "the scan stopped and can be resumed from what was written", cause)));
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    /// <summary>The journal refused an event: the coordinator is told, and this actor stops.</summary>
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        Context.Parent.Tell(new Failed(new JournalException($"the scan journal refused an entry ({cause.GetBaseException().Message})", cause)));
        Context.Stop(Self);
    }

    /// <summary>The journal cannot be read: the coordinator is told, and this actor stops.</summary>
    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        Context.Parent.Tell(new Failed(new JournalException(
            $"the scan journal's entries cannot be read ({reason.GetBaseException().Message})", reason)));
        base.OnRecoveryFailure(reason, message);
    }
}
