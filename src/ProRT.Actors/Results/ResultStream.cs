using System.Reactive.Disposables;
using System.Threading.Channels;
using ProRT.Protocols.Results;
using ProRT.Protocols.Targets;

namespace ProRT.Actors.Results;

/// <summary>A subscriber to <see cref="ResultStream"/> fell further behind than its buffer allows.</summary>
/// <param name="capacity">The subscriber's buffer, in results.</param>
public sealed class ResultStreamOverflowException(int capacity)
    : Exception($"the subscriber fell more than {capacity} results behind the scan and was dropped (raise the buffer or consume faster)");

/// <summary>
/// One scan's port results as a hot <see cref="IObservable{T}"/>: every final port result once, in the order the
/// scan journaled them, then completion when the scan ends (or the scan's exception when it fails).
/// <list type="bullet">
/// <item>A late subscriber first receives every result published before it subscribed (replay), then the live ones.</item>
/// <item>Each subscriber is served by its own task from its own bounded buffer, so a slow one never stalls the scan
/// or the other subscribers. Overflow policy: a subscriber more than <c>capacity</c> results behind gets
/// <see cref="ResultStreamOverflowException"/> through OnError and is dropped; nothing is dropped silently.</item>
/// </list>
/// Memory: the replay history holds the scan's results, as the final report does anyway.
/// </summary>
/// <param name="capacity">How many results a subscriber may fall behind before it is dropped.</param>
public sealed class ResultStream(int capacity = ResultStream.DefaultCapacity) : IObservable<ScanResult>, IResultSink
{
    /// <summary>Default subscriber buffer: 1,048,576 results.</summary>
    public const int DefaultCapacity = 1 << 20;

    private readonly object _gate = new();
    private readonly SeenPorts _seen = new();
    private readonly List<Subscriber> _subscribers = new();
    private bool _completed;
    private long _open;

    /// <summary>Open ports published so far.</summary>
    public long OpenPorts => Interlocked.Read(ref _open);
    private Exception? _error;

    /// <summary>
    /// Subscribes <paramref name="observer"/>: it gets the results published from now on, from its own task, then
    /// completion (a subscriber after the end gets completion only). Nothing is kept for later subscribers, so memory
    /// does not grow with the results: subscribe before the scan runs, or read what came before from the journal or
    /// the outputs. Dispose to unsubscribe.
    /// </summary>
    public IDisposable Subscribe(IObserver<ScanResult> observer)
    {
        var subscriber = new Subscriber(observer, capacity);
        lock (_gate)
        {
            if (_completed) subscriber.Complete(_error);
            else _subscribers.Add(subscriber);
        }
        subscriber.Start();
        return Disposable.Create(() =>
        {
            lock (_gate) _subscribers.Remove(subscriber);
            subscriber.Cancel();
        });
    }

    /// <summary>Notes that the sinks were told the scan started.</summary>
    public void OnScanStarted(ScanInfo info) => Started = true;

    /// <summary>Whether the sinks were told the scan started (they all are, in one go).</summary>
    internal bool Started { get; private set; }

    /// <summary>Publishes the results not published before.</summary>
    public void OnPorts(IReadOnlyList<ScanResult> results) => Publish(results);

    /// <summary>A host's ports not already published (those its technique reported only at the end) go out now.</summary>
    public void OnHost(HostResult host)
    {
        Publish(host.Ports);
        lock (_gate) _seen.Forget(host.Address);
    }

    /// <summary>Completes every subscription.</summary>
    public void OnScanCompleted(ScanReport report) => End(null);

    /// <summary>Ends every subscription with the scan's error.</summary>
    public void Fail(Exception error) => End(error);

    private void Publish(IReadOnlyList<ScanResult> results)
    {
        lock (_gate)
        {
            foreach (var r in results)
            {
                if (!_seen.Add(r)) continue;
                if (r.State == PortState.Open) Interlocked.Increment(ref _open);
                foreach (var s in _subscribers.ToArray())
                    if (!s.Offer(r)) _subscribers.Remove(s);
            }
        }
    }

    private void End(Exception? error)
    {
        lock (_gate)
        {
            if (_completed) return;
            _completed = true;
            _error = error;
            foreach (var s in _subscribers) s.Complete(error);
            _subscribers.Clear();
        }
    }

    private sealed class Subscriber(IObserver<ScanResult> observer, int capacity)
    {
        private readonly Channel<ScanResult> _live = Channel.CreateBounded<ScanResult>(
            new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
        private readonly CancellationTokenSource _cancel = new();

        /// <summary>False when this subscriber overflowed: it is told so and dropped.</summary>
        public bool Offer(ScanResult r)
        {
            if (_live.Writer.TryWrite(r)) return true;
            _live.Writer.TryComplete(new ResultStreamOverflowException(capacity));
            return false;
        }

        public void Complete(Exception? error) => _live.Writer.TryComplete(error);

        public void Cancel() => _cancel.Cancel();

        public void Start() => _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var r in _live.Reader.ReadAllAsync(_cancel.Token).ConfigureAwait(false))
                    observer.OnNext(r);
                observer.OnCompleted();
            }
            catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
            {
                // Unsubscribed.
            }
            catch (Exception e)
            {
                // The scan's error, an overflow, or the subscriber's own OnNext throwing: the subscription ends with it.
                observer.OnError(e is ChannelClosedException { InnerException: { } inner } ? inner : e);
            }
        });
    }
}
