using Akka.Actor;
using Akka.Persistence;

namespace ProRT.Actors.Persistence;

/// <summary>
/// Reads one scan's events from the journal a page at a time, through the journal's own protocol (ReplayMessages), and
/// hands each page to its parent, reading the next only when asked (<see cref="Next"/>). A resumed scan's outputs are
/// written again from its events this way, at the pace the outputs take them: a recovery would push every event of a
/// million-result journal into memory at once.
/// </summary>
public sealed class JournalReader : ReceiveActor
{
    /// <summary>Events of one page, in order; <paramref name="Last"/> when none follow.</summary>
    /// <param name="Events">The events.</param>
    /// <param name="Last">True for the last page.</param>
    public sealed record Page(IReadOnlyList<IScanEvent> Events, bool Last);

    /// <summary>Read the next page.</summary>
    public sealed record Next
    {
        /// <summary>The shared instance; the message carries no data.</summary>
        public static readonly Next Instance = new();
    }

    /// <summary>The journal could not be read.</summary>
    /// <param name="Cause">Why.</param>
    public sealed record Failed(JournalException Cause);

    /// <summary>Events a page holds at most: each carries at most some 4,000 results.</summary>
    public const int PageEvents = 8;

    private readonly string _persistenceId;
    private readonly long _through;
    private readonly List<IScanEvent> _page = new();
    private long _next = 1;

    /// <param name="persistenceId">The scan's journal id.</param>
    /// <param name="through">The last sequence number to read (what recovery saw).</param>
    public JournalReader(string persistenceId, long through)
    {
        _persistenceId = persistenceId;
        _through = through;
        Receive<ReplayedMessage>(m =>
        {
            if (m.Persistent.Payload is IScanEvent e) _page.Add(e);
        });
        Receive<RecoverySuccess>(_ =>
        {
            // A page may come back short where events were deleted; the end is the sequence number recovery saw.
            bool last = _next > _through;
            Context.Parent.Tell(new Page(_page.ToArray(), last));
            _page.Clear();
            if (last) Context.Stop(Self);
        });
        Receive<ReplayMessagesFailure>(m =>
        {
            Context.Parent.Tell(new Failed(new JournalException(
                $"the scan journal's entries cannot be read ({m.Cause.GetBaseException().Message})", m.Cause)));
            Context.Stop(Self);
        });
        Receive<Next>(_ => RequestPage());
    }

    /// <summary>Props for a <see cref="JournalReader"/>.</summary>
    public static Props Props(string persistenceId, long through) =>
        Akka.Actor.Props.Create(() => new JournalReader(persistenceId, through));

    /// <summary>Asks for the first page.</summary>
    protected override void PreStart() => RequestPage();

    private void RequestPage()
    {
        long to = Math.Min(_through, _next + PageEvents - 1);
        if (_next > to)
        {
            Context.Parent.Tell(new Page([], Last: true));
            Context.Stop(Self);
            return;
        }
        long from = _next;
        _next = to + 1;
        Akka.Persistence.Persistence.Instance.Apply(Context.System).JournalFor(null)
            .Tell(new ReplayMessages(from, to, PageEvents, _persistenceId, Self));
    }
}
