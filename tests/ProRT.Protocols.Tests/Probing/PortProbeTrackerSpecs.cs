using System.Net;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Probing;
using ProRT.Protocols.Results;
using ProRT.Protocols.Timing;

namespace ProRT.Protocols.Tests.Probing;

public sealed class PortProbeTrackerSpecs
{
    private const long Ms = TimeSpan.TicksPerMillisecond;
    private static readonly IPAddress Target = IPAddress.Parse("198.18.0.2");

    private static PortProbeTracker Tracker(int ports, int retries = 2, int parallel = 1000, int initialWindow = 64) =>
        new(Target, Protocol.Tcp, Enumerable.Range(1, ports).Select(p => (ushort)p).ToArray(), TimingTemplate.Normal,
            retries, parallel, holdRate: false, initialWindow);

    private static List<int> TakeAll(PortProbeTracker t, long now)
    {
        var taken = new List<int>();
        while (t.TryTake(out var i)) { t.Sent(i, now); taken.Add(i); }
        return taken;
    }

    [Fact]
    public void The_window_limits_probes_in_flight_and_grows_with_answers()
    {
        var t = Tracker(1000, initialWindow: 10);
        var first = TakeAll(t, 0);
        Assert.Equal(10, first.Count);
        foreach (var i in first) t.Answer(i, PortState.Closed, "reset", 1 * Ms);
        Assert.True(TakeAll(t, 2 * Ms).Count > 10);
    }

    [Fact]
    public void Silence_is_retried_once_then_resolved_to_the_no_response_state_when_no_retransmission_ever_drew_an_answer()
    {
        // nmap's allowedTryno: max(1, highest answered tryno + 1) retransmissions, whatever the template allows.
        var t = Tracker(1, retries: 6);
        long now = 0;
        for (int attempt = 0; attempt < 2; attempt++)
        {
            Assert.True(t.TryTake(out var i));
            t.Sent(i, now);
            now += 2 * t.TimeoutTicks;
            t.Expire(now, PortState.Filtered, "no-response");
        }
        Assert.True(t.Done);
        var r = Assert.Single(t.Results());
        Assert.Equal(PortState.Filtered, r.State);
        Assert.Equal("no-response", r.Reason);
        Assert.Equal(2, t.TriesOf(0));
    }

    [Fact]
    public void An_answer_to_a_retransmission_raises_the_tries_every_silent_port_gets_up_to_the_limit()
    {
        var t = Tracker(2, retries: 3, parallel: 1, initialWindow: 1);
        long now = 0;
        // Port a answers only its second probe; port b never answers.
        Assert.True(t.TryTake(out var a)); t.Sent(a, now); now += 2 * t.TimeoutTicks; t.Expire(now, PortState.Filtered, "no-response");
        Assert.True(t.TryTake(out var b)); t.Sent(b, now); now += 2 * t.TimeoutTicks; t.Expire(now, PortState.Filtered, "no-response");
        for (int guard = 0; !t.Done && guard < 20; guard++)
        {
            if (t.TryTake(out var i))
            {
                t.Sent(i, now);
                if (i == a && t.TriesOf(a) == 2) t.Answer(a, PortState.Open, "syn-ack", now + Ms);
            }
            now += 2 * t.TimeoutTicks;
            t.Expire(now, PortState.Filtered, "no-response");
        }
        Assert.True(t.Done);
        Assert.Equal(PortState.Open, t.Results()[a].State);
        Assert.Equal(PortState.Filtered, t.Results()[b].State);
        // The answer on the second try allows 2 retransmissions (3 probes), below the limit of 3 retries.
        Assert.Equal(3, t.TriesOf(b));
    }

    [Fact]
    public void A_probe_times_out_from_when_it_left_not_from_when_it_was_handed_over()
    {
        var t = Tracker(1, retries: 0);
        Assert.True(t.TryTake(out var i));
        t.Sent(i, 0);
        // The sending side was busy: the probe left a whole timeout later.
        t.Departed(i, t.TimeoutTicks);
        t.Expire(t.TimeoutTicks + t.TimeoutTicks / 2, PortState.Filtered, "no-response");
        Assert.False(t.Done);
        t.Answer(i, PortState.Closed, "reset", t.TimeoutTicks + t.TimeoutTicks / 2 + Ms);
        Assert.Equal(PortState.Closed, Assert.Single(t.Results()).State);
    }

    [Fact]
    public void No_retries_means_one_probe()
    {
        var t = Tracker(1, retries: 0);
        Assert.True(t.TryTake(out var i));
        t.Sent(i, 0);
        t.Expire(2 * t.TimeoutTicks, PortState.Filtered, "no-response");
        Assert.True(t.Done);
        Assert.Equal(1, t.TriesOf(0));
    }

    [Fact]
    public void A_probe_is_not_expired_before_its_timeout()
    {
        var t = Tracker(1);
        Assert.True(t.TryTake(out var i));
        t.Sent(i, 0);
        t.Expire(t.TimeoutTicks - 1, PortState.Filtered, "no-response");
        Assert.Equal(1, t.InFlight);
        Assert.False(t.TryTake(out _));
    }

    [Fact]
    public void The_timeout_follows_measured_round_trips()
    {
        var t = Tracker(100);
        var initial = t.TimeoutTicks;
        foreach (var i in TakeAll(t, 0)) t.Answer(i, PortState.Closed, "reset", 1 * Ms);
        Assert.True(t.TimeoutTicks < initial);
        Assert.Equal(TimingTemplate.Normal.MinRttTimeout.Ticks, t.TimeoutTicks);
    }

    [Fact]
    public void A_late_answer_to_an_expired_probe_still_counts_once()
    {
        var t = Tracker(1, retries: 3);
        Assert.True(t.TryTake(out var i));
        t.Sent(i, 0);
        t.Expire(10 * t.TimeoutTicks, PortState.Filtered, "no-response");
        t.Answer(i, PortState.Open, "syn-ack", 11 * t.TimeoutTicks);
        Assert.True(t.Done);
        Assert.Equal(PortState.Open, t.Results()[0].State);
        Assert.False(t.TryTake(out _));
        Assert.Single(t.TakeFresh()!);
        Assert.Null(t.TakeFresh());
    }

    [Fact]
    public void Lost_probes_are_retried_like_timeouts()
    {
        var t = Tracker(1, retries: 0);
        Assert.True(t.TryTake(out var i));
        t.Sent(i, 0);
        t.Lost(i, PortState.Filtered, "no-response");
        Assert.True(t.Done);
        Assert.Equal(0, t.InFlight);
    }

    [Fact]
    public void Results_stream_in_batches_and_cover_every_port()
    {
        var t = Tracker(300);
        int streamed = 0;
        long now = 0;
        while (!t.Done)
        {
            foreach (var i in TakeAll(t, now)) t.Answer(i, i % 2 == 0 ? PortState.Closed : PortState.Open, "x", now + Ms);
            now += 2 * Ms;
            streamed += t.TakeFresh()?.Length ?? 0;
        }
        Assert.Equal(300, streamed);
        Assert.Equal(Enumerable.Range(1, 300), t.Results().Select(r => (int)r.Port));
    }

    [Fact]
    public void A_host_that_answers_some_ports_and_ignores_others_is_paced_and_asked_again()
    {
        // ICMP rate limiting: the first probes get port-unreachables, the rest silence.
        var t = new PortProbeTracker(Target, Protocol.Udp, Enumerable.Range(1, 20).Select(p => (ushort)p).ToArray(),
            TimingTemplate.Normal, maxRetries: 2, maxParallel: 100, holdRate: false, paceOnDrops: true);
        var first = TakeAll(t, 0);
        foreach (var i in first.Take(3)) t.Answer(i, PortState.Closed, "port-unreach", 1 * Ms);
        Assert.Equal(0, t.SendDelayTicks);
        t.Expire(10 * t.TimeoutTicks, PortState.OpenFiltered, "no-response");
        Assert.True(t.SendDelayTicks > 0);
        // Retried well past the template's two retries, as long as the host keeps answering some.
        long now = 10 * t.TimeoutTicks;
        for (int round = 0; round < 6; round++)
        {
            Assert.True(t.TryTake(out var i));
            t.Sent(i, now);
            now += 2 * t.TimeoutTicks;
            t.Expire(now, PortState.OpenFiltered, "no-response");
        }
        Assert.False(t.Done);
        Assert.InRange(t.SendDelayTicks, 1, PortProbeTracker.MaxSendDelayTicks);
    }

    [Fact]
    public void Tcp_scans_are_not_paced_by_silence()
    {
        var t = Tracker(10);
        var first = TakeAll(t, 0);
        t.Answer(first[0], PortState.Closed, "reset", 1 * Ms);
        t.Expire(10 * t.TimeoutTicks, PortState.Filtered, "no-response");
        Assert.Equal(0, t.SendDelayTicks);
    }
}
