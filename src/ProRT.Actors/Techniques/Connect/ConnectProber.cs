using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using ProRT.Actors.Timing;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;
using ProRT.Protocols.Timing;

namespace ProRT.Actors.Techniques.Connect;

/// <summary>
/// The TCP connect scan of one host: many non-blocking connects in flight at once, bounded by a congestion
/// window, each timed out by the RTT estimate and retried up to the template's retries.
/// Established means open, refused means closed, unreachable or silence means filtered (nmap's rules for -sT).
/// One loop owns all state; socket completions and a 10 ms tick arrive through one channel.
/// </summary>
public sealed class ConnectProber
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(10);

    private readonly IPAddress _target;
    private readonly ushort[] _ports;
    private readonly ProbeSettings _settings;
    private readonly IProbePermits _permits;
    private readonly Action<IReadOnlyList<ScanResult>> _onResolved;
    private readonly Channel<ConnectAttempt?> _events = Channel.CreateUnbounded<ConnectAttempt?>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly Stack<ConnectAttempt> _pool = new();
    private readonly PriorityQueue<(ConnectAttempt Attempt, int Generation), long> _deadlines = new();
    private readonly ScanResult?[] _results;
    private readonly byte[] _tries;
    private readonly Queue<int> _pending;
    private readonly List<ScanResult> _fresh = new();
    private readonly CongestionWindow _window;
    private RttEstimator _rtt;
    private int _inFlight, _unresolved, _permitsLeft;
    private Task<int>? _grant;

    public ConnectProber(IPAddress target, ushort[] ports, ProbeSettings settings, IProbePermits permits,
        Action<IReadOnlyList<ScanResult>> onResolved)
    {
        _target = target;
        _ports = ports;
        _settings = settings;
        _permits = permits;
        _onResolved = onResolved;
        _results = new ScanResult?[ports.Length];
        _tries = new byte[ports.Length];
        _pending = new Queue<int>(Enumerable.Range(0, ports.Length));
        _unresolved = ports.Length;
        int max = settings.Timing.MaxParallelism;
        _window = new CongestionWindow(settings.HoldRate ? max : Math.Min(max, 64), 1, max);
        _rtt = RttEstimator.For(settings.Timing);
    }

    public TimeSpan? Latency { get; private set; }

    public async Task<TechniqueProtocol.Completed> RunAsync(CancellationToken cancellationToken)
    {
        long started = Environment.TickCount64;
        using var tick = new Timer(_ => _events.Writer.TryWrite(null), null, TickInterval, TickInterval);
        try
        {
            while (_unresolved > 0)
            {
                if (_settings.HostTimeout is { } limit && Environment.TickCount64 - started > limit.TotalMilliseconds)
                    return new TechniqueProtocol.Completed([], Latency, TimedOut: true);

                await LaunchAsync(cancellationToken).ConfigureAwait(false);
                var item = await _events.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                do
                {
                    if (item is null) ExpireOverdue();
                    else Complete(item);
                } while (_events.Reader.TryRead(out item));
                Flush();
            }
        }
        finally
        {
            AbandonAll();
        }
        return new TechniqueProtocol.Completed(_results.Select(r => r!).ToArray(), Latency, TimedOut: false);
    }

    private async ValueTask LaunchAsync(CancellationToken ct)
    {
        while (_pending.Count > 0 && _inFlight < _window.Allowed)
        {
            if (_permitsLeft == 0)
            {
                _grant ??= RequestPermitsAsync(Math.Min(_pending.Count, _window.Allowed - _inFlight), ct);
                if (!_grant.IsCompleted)
                {
                    // With probes in flight, keep handling their completions; the grant wakes the loop when it comes.
                    if (_inFlight > 0) return;
                    await _grant.ConfigureAwait(false);
                }
                _permitsLeft = await _grant.ConfigureAwait(false);
                _grant = null;
            }
            _permitsLeft--;
            Launch(_pending.Dequeue());
        }
    }

    private async Task<int> RequestPermitsAsync(int wanted, CancellationToken ct)
    {
        int granted = await _permits.AcquireAsync(wanted, ct).ConfigureAwait(false);
        _events.Writer.TryWrite(null);
        return granted;
    }

    private void Launch(int index)
    {
        var attempt = _pool.Count > 0 ? _pool.Pop() : new ConnectAttempt(_events.Writer);
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        attempt.Start(socket, index, Environment.TickCount64, new IPEndPoint(_target, _ports[index]));
        _tries[index]++;
        _inFlight++;
        _deadlines.Enqueue((attempt, attempt.Generation), attempt.SentMs + Math.Max(1, _rtt.TimeoutTicks / TimeSpan.TicksPerMillisecond));
        bool pending;
        try
        {
            pending = socket.ConnectAsync(attempt);
        }
        catch (SocketException e)
        {
            attempt.SocketError = e.SocketErrorCode;
            pending = false;
        }
        if (!pending) _events.Writer.TryWrite(attempt);
    }

    private void Complete(ConnectAttempt attempt)
    {
        if (attempt.Abandoned)
        {
            // A timed-out attempt whose socket we closed: its completion only returns it to the pool.
            attempt.Reset();
            _pool.Push(attempt);
            return;
        }
        attempt.Finished = true;
        _inFlight--;
        int index = attempt.PortIndex;
        long rttMs = Environment.TickCount64 - attempt.SentMs;
        var error = attempt.SocketError;
        var socket = attempt.Socket!;
        switch (error)
        {
            case SocketError.Success:
                socket.LingerState = new LingerOption(true, 0); // close with RST: no TIME_WAIT left behind
                Resolve(index, PortState.Open, "syn-ack", rttMs, sample: true);
                break;
            case SocketError.ConnectionRefused:
                Resolve(index, PortState.Closed, "conn-refused", rttMs, sample: true);
                break;
            case SocketError.HostUnreachable:
                Resolve(index, PortState.Filtered, "host-unreach", rttMs, sample: false);
                break;
            case SocketError.NetworkUnreachable:
                Resolve(index, PortState.Filtered, "net-unreach", rttMs, sample: false);
                break;
            case SocketError.AccessDenied:
                Resolve(index, PortState.Filtered, "admin-prohibited", rttMs, sample: false);
                break;
            case SocketError.AddressAlreadyInUse or SocketError.AddressNotAvailable or SocketError.NoBufferSpaceAvailable
                or SocketError.TooManyOpenSockets:
                // Out of local resources, not an answer from the target: try the port again later, uncounted.
                _tries[index]--;
                _pending.Enqueue(index);
                _window.OnLoss(Environment.TickCount64 * TimeSpan.TicksPerMillisecond, _rtt.TimeoutTicks);
                break;
            case SocketError.TimedOut:
                Retry(index);
                break;
            default:
                Resolve(index, PortState.Filtered, "error", rttMs, sample: false);
                break;
        }
        socket.Dispose();
        attempt.Reset();
        _pool.Push(attempt);
    }

    private void ExpireOverdue()
    {
        long now = Environment.TickCount64;
        while (_deadlines.TryPeek(out var entry, out var deadline) && (!entry.Attempt.IsLive(entry.Generation) || deadline <= now))
        {
            _deadlines.Dequeue();
            var attempt = entry.Attempt;
            if (!attempt.IsLive(entry.Generation)) continue;
            attempt.Abandoned = true;
            _inFlight--;
            attempt.Socket!.Dispose(); // completes the connect with OperationAborted, which recycles the attempt
            if (!_settings.HoldRate) _window.OnLoss(now * TimeSpan.TicksPerMillisecond, _rtt.TimeoutTicks);
            Retry(attempt.PortIndex);
        }
    }

    private void Retry(int index)
    {
        if (_tries[index] <= _settings.MaxRetries) _pending.Enqueue(index);
        else Resolve(index, PortState.Filtered, "no-response", 0, sample: false);
    }

    private void Resolve(int index, PortState state, string reason, long rttMs, bool sample)
    {
        if (_results[index] is not null) return;
        if (sample)
        {
            _rtt.ObserveTicks(rttMs * TimeSpan.TicksPerMillisecond);
            _window.OnReply();
            Latency = _rtt.SmoothedRtt;
        }
        var result = new ScanResult(_target, _ports[index], Protocol.Tcp, state, reason,
            TimeSpan.FromMilliseconds(rttMs), DateTimeOffset.UtcNow);
        _results[index] = result;
        _fresh.Add(result);
        _unresolved--;
    }

    private void Flush()
    {
        if (_fresh.Count == 0) return;
        _onResolved(_fresh.ToArray());
        _fresh.Clear();
    }

    private void AbandonAll()
    {
        while (_deadlines.TryDequeue(out var entry, out _))
        {
            if (!entry.Attempt.IsLive(entry.Generation)) continue;
            entry.Attempt.Abandoned = true;
            entry.Attempt.Socket?.Dispose();
        }
    }

    /// <summary>One connect in flight; reused for later connects once its completion has been seen.</summary>
    private sealed class ConnectAttempt(ChannelWriter<ConnectAttempt?> events) : SocketAsyncEventArgs
    {
        public Socket? Socket;
        public int PortIndex, Generation;
        public long SentMs;
        public bool Abandoned, Finished;

        public void Start(Socket socket, int portIndex, long sentMs, EndPoint remote)
        {
            Socket = socket;
            PortIndex = portIndex;
            SentMs = sentMs;
            RemoteEndPoint = remote;
            Abandoned = Finished = false;
            Generation++;
        }

        /// <summary>Still waiting for the connect started as <paramref name="generation"/>.</summary>
        public bool IsLive(int generation) => Generation == generation && !Finished && !Abandoned;

        public void Reset()
        {
            Socket = null;
            RemoteEndPoint = null;
        }

        protected override void OnCompleted(SocketAsyncEventArgs e) => events.TryWrite(this);
    }
}
