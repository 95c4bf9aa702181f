using Akka.Actor;
using ProRT.Protocols.Targets;

namespace ProRT.Actors.Targets;

/// <summary>
/// Hands out hosts on demand. It holds one lazy enumerator over the target set, so a /8 costs nothing until
/// it is asked for, and the coordinator's requests are the backpressure.
/// </summary>
public sealed class TargetEnumerator : ReceiveActor
{
    /// <summary>Messages the enumerator answers.</summary>
    public static class Protocol
    {
        /// <summary>Ask for up to <paramref name="Count"/> more hosts.</summary>
        /// <param name="Count">Hosts wanted at most.</param>
        public sealed record RequestHosts(int Count);

        /// <summary>The next hosts; <paramref name="Exhausted"/> once none are left.</summary>
        /// <param name="Hosts">The hosts, in target order; fewer than asked when the set runs out.</param>
        /// <param name="Exhausted">True when no hosts are left after these.</param>
        public sealed record HostsBatch(IReadOnlyList<Target> Hosts, bool Exhausted);
    }

    private readonly IEnumerator<Target> _targets;
    private bool _hasNext;

    /// <param name="skip">Hosts of the order already handed out (a resumed scan's journal says how many).</param>
    public TargetEnumerator(TargetSet targets, long skip = 0)
    {
        _targets = targets.Enumerate().GetEnumerator();
        for (long i = 0; i < skip && _targets.MoveNext(); i++) { }
        _hasNext = _targets.MoveNext();
        Receive<Protocol.RequestHosts>(r =>
        {
            var batch = new List<Target>(Math.Min(r.Count, 1024));
            while (_hasNext && batch.Count < r.Count)
            {
                batch.Add(_targets.Current);
                _hasNext = _targets.MoveNext();
            }
            Sender.Tell(new Protocol.HostsBatch(batch, !_hasNext));
        });
    }

    /// <summary>Props for a <see cref="TargetEnumerator"/>.</summary>
    public static Props Props(TargetSet targets, long skip = 0) => Akka.Actor.Props.Create(() => new TargetEnumerator(targets, skip));

    /// <summary>Releases the enumerator.</summary>
    protected override void PostStop() => _targets.Dispose();
}
