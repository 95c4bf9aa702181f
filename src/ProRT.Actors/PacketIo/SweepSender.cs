using System.Diagnostics;
using ProRT.Protocols.Packets;
using ProRT.Protocols.Probing;

namespace ProRT.Actors.PacketIo;

/// <summary>
/// The sending half of a stateless sweep (masscan's way): one thread per core walks its share of a permuted index
/// space, maps each index to (host, port), and writes the probe straight into its own batch sender. Nothing is kept
/// per probe: the SYN cookie recognises the replies. --max-rate paces the threads together.
/// </summary>
internal sealed class SweepSender : IDisposable
{
    public delegate void Finished(long sent, long skipped, string? error);

    private readonly SweepPlan _plan;
    private readonly PacketIoSettings _settings;
    private readonly NextHopTable _hops;
    private readonly uint _sourceIp;
    private readonly int _interfaceIndex;
    private readonly bool _loopback;
    private readonly Finished _finished;
    private readonly Thread[] _threads;
    private readonly IndexPermutation _order;
    private volatile bool _stopping;
    private long _sent, _skipped;
    private int _running;
    private string? _error;

    public SweepSender(SweepPlan plan, PacketIoSettings settings, NextHopTable hops, uint sourceIp, int interfaceIndex,
        bool loopback, Finished finished)
    {
        _plan = plan;
        _settings = settings;
        _hops = hops;
        _sourceIp = sourceIp;
        _interfaceIndex = interfaceIndex;
        _loopback = loopback;
        _finished = finished;
        _order = new IndexPermutation(plan.ProbeCount, plan.K0, plan.K1);
        int threads = (int)Math.Clamp(plan.ProbeCount / 4096, 1, (ulong)Environment.ProcessorCount);
        _threads = Enumerable.Range(0, threads)
            .Select(i => new Thread(() => Run(i, threads)) { IsBackground = true, Name = $"prtip-sweep-{i}" }).ToArray();
    }

    public long FramesSent => Interlocked.Read(ref _sent);

    public void Start()
    {
        _running = _threads.Length;
        foreach (var t in _threads) t.Start();
    }

    private void Run(int lane, int lanes)
    {
        try
        {
            using var sender = new FrameSender(_interfaceIndex, _loopback);
            var clock = Stopwatch.StartNew();
            double perLaneRate = _plan.MaxRate is { } rate ? rate / lanes : 0;
            bool withAck = _plan.Flags.HasFlag(TcpFlags.Ack);
            ulong ports = (ulong)_plan.Ports.Length;
            long sent = 0, skipped = 0;
            ushort ipId = (ushort)(lane * 7919);
            uint lastHost = 0;
            TcpProbeTemplate? template = null;
            for (ulong i = (ulong)lane; i < _order.Count && !_stopping; i += (ulong)lanes)
            {
                ulong slot = _order.Map(i);
                var target = _plan.Targets.TargetAt(slot / ports);
                ushort port = _plan.Ports[(int)(slot % ports)];
                uint host = target.Address;
                if (_plan.Targets.IsExcluded(host)) continue;
                if (template is null || host != lastHost)
                {
                    template = _hops.TemplateFor(host, _plan.Flags);
                    lastHost = host;
                }
                if (template is null)
                {
                    skipped++;
                    continue;
                }
                uint seq = _settings.Cookie.Cookie(_sourceIp, host, _settings.SourcePort, port);
                int length = template.Write(sender.Frame, host, port, _settings.SourcePort, seq, withAck ? seq : 0, ipId++);
                if (_settings.Trace is { } trace) trace.Sent(sender.Frame[..length], EthernetHeader.Length);
                sender.Commit(length);
                sent++;
                if (perLaneRate > 0 && (sent & 63) == 0) Pace(clock, sent, perLaneRate, sender);
                if ((sent & 4095) == 0) Interlocked.Add(ref _sent, 4096);
            }
            sender.Flush();
            Interlocked.Add(ref _sent, sent & 4095);
            Interlocked.Add(ref _skipped, skipped);
        }
        catch (Exception e)
        {
            _error ??= e.Message;
            _stopping = true;
        }
        finally
        {
            if (Interlocked.Decrement(ref _running) == 0) _finished(FramesSent, Interlocked.Read(ref _skipped), _error);
        }
    }

    /// <summary>Holds this lane back until its share of --max-rate allows <paramref name="sent"/> probes.</summary>
    private static void Pace(Stopwatch clock, long sent, double rate, FrameSender sender)
    {
        double due = sent / rate;
        if (clock.Elapsed.TotalSeconds >= due) return;
        sender.Flush();
        while (clock.Elapsed.TotalSeconds < due)
        {
            var wait = due - clock.Elapsed.TotalSeconds;
            if (wait > 0.002) Thread.Sleep(TimeSpan.FromSeconds(wait - 0.001));
            else Thread.SpinWait(50);
        }
    }

    public void Dispose()
    {
        _stopping = true;
        foreach (var t in _threads)
            if (t.IsAlive) t.Join(TimeSpan.FromSeconds(1));
    }
}
