using Akka.Actor;
using System.Net;
using Akka.TestKit.Xunit2;
using ProRT.Actors.Results;
using ProRT.Protocols.Results;

namespace ProRT.Actors.Tests.Results;

public sealed class ResultPublisherSpecs : TestKit
{
    private sealed class Recording : IResultSink
    {
        public readonly List<HostResult> Hosts = new();
        public void OnHost(HostResult host) => Hosts.Add(host);
    }

    private sealed class Throwing : IResultSink
    {
        public int Calls;
        public void OnHost(HostResult host)
        {
            Calls++;
            throw new InvalidOperationException("broken sink");
        }
    }

    [Fact]
    public void A_throwing_sink_is_dropped_and_the_others_keep_receiving()
    {
        var good = new Recording();
        var bad = new Throwing();
        var publisher = Sys.ActorOf(ResultPublisher.Props([bad, good]));
        var host = new HostResult(IPAddress.Parse("198.18.0.2"), null, HostState.Up, "user-set", []);
        var report = new ScanReport(new ScanInfo("t", DateTimeOffset.UtcNow, null, [], [], ""), [host],
            ScanReport.Summarize([host], DateTimeOffset.UtcNow, DateTimeOffset.UtcNow));

        publisher.Tell(new ResultPublisher.Protocol.HostFinished(host));
        publisher.Tell(new ResultPublisher.Protocol.HostFinished(host));
        publisher.Tell(new ResultPublisher.Protocol.ScanFinished(report));
        ExpectMsg<ResultPublisher.Protocol.ScanFinished>();

        Assert.Equal(1, bad.Calls);
        Assert.Equal(2, good.Hosts.Count);
    }
}
