using System.Net;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using ProRT.Actors.Results;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;

namespace ProRT.Actors.Tests.Results;

/// <summary>The result stream behind Scanner.Results, fed by the ResultPublisher actor.</summary>
public sealed class ResultStreamSpecs : TestKit
{
    private static readonly IPAddress Host = IPAddress.Parse("198.18.9.1");

    private static ScanResult Port(ushort port, PortState state = PortState.Closed) =>
        new(Host, port, Protocol.Tcp, state, "reset", TimeSpan.Zero, DateTimeOffset.UnixEpoch);

    private static ScanReport Report(params ScanResult[] ports)
    {
        var host = new HostResult(Host, null, HostState.Up, "user-set", ports);
        var info = new ScanInfo("test", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, ["SYN"], ["198.18.9.1"], "1-3");
        return new ScanReport(info, [host], ScanReport.Summarize([host], DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public async Task Each_port_arrives_once_including_those_only_a_finished_host_carries_then_completion()
    {
        var stream = new ResultStream();
        var publisher = Sys.ActorOf(ResultPublisher.Props([stream]));
        var early = stream.ToList().ToTask();

        publisher.Tell(new ResultPublisher.Protocol.PortsFound([Port(1), Port(2, PortState.Open)]));
        AwaitCondition(() => stream.OpenPorts == 1);
        var late = stream.ToList().ToTask();
        // The finished host repeats ports 1 and 2 and adds 3, which no batch carried.
        var report = Report(Port(1), Port(2, PortState.Open), Port(3));
        publisher.Tell(new ResultPublisher.Protocol.HostFinished(report.Hosts[0]));
        publisher.Tell(new ResultPublisher.Protocol.ScanFinished(report));
        ExpectMsg<ResultPublisher.Protocol.ScanFinished>();

        Assert.Equal([1, 2, 3], (await early.WaitAsync(TimeSpan.FromSeconds(5))).Select(r => (int)r.Port));
        // A subscriber from the middle gets what came after it, nothing replayed.
        Assert.Equal([3], (await late.WaitAsync(TimeSpan.FromSeconds(5))).Select(r => (int)r.Port));
    }

    [Fact]
    public void Seen_ports_forget_a_finished_host()
    {
        var seen = new SeenPorts();
        Assert.True(seen.Add(Port(1)));
        Assert.False(seen.Add(Port(1)));
        seen.Forget(Host);
        Assert.True(seen.Add(Port(1)));
    }

    [Fact]
    public async Task A_failed_scan_ends_every_subscription_with_its_error_after_the_results_so_far()
    {
        var stream = new ResultStream();
        var seen = new List<int>();
        var failed = new TaskCompletionSource<Exception>();
        using var _ = stream.Subscribe(r => seen.Add(r.Port), e => failed.TrySetResult(e));
        stream.OnPorts([Port(7)]);
        var boom = new InvalidOperationException("boom");
        stream.Fail(boom);
        Assert.Same(boom, await failed.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal([7], seen);
        // A subscriber arriving afterwards gets the same error.
        var later = await Assert.ThrowsAsync<InvalidOperationException>(() => stream.ToList().ToTask().WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Same(boom, later);
    }
}
