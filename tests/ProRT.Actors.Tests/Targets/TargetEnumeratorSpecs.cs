using Akka.Actor;
using Akka.TestKit.Xunit2;
using ProRT.Actors.Targets;
using ProRT.Protocols.Targets;

namespace ProRT.Actors.Tests.Targets;

public sealed class TargetEnumeratorSpecs : TestKit
{
    [Fact]
    public void Hands_out_a_slash_8_a_few_hosts_at_a_time()
    {
        // Only enumerated, never scanned.
        var enumerator = Sys.ActorOf(TargetEnumerator.Props(new TargetSet([TargetSpecParser.Parse("198.0.0.0/8")])));
        enumerator.Tell(new TargetEnumerator.Protocol.RequestHosts(3));
        var batch = ExpectMsg<TargetEnumerator.Protocol.HostsBatch>(TimeSpan.FromSeconds(1));
        Assert.Equal(["198.0.0.0", "198.0.0.1", "198.0.0.2"], batch.Hosts.Select(h => h.ToString()));
        Assert.False(batch.Exhausted);

        enumerator.Tell(new TargetEnumerator.Protocol.RequestHosts(2));
        Assert.Equal(["198.0.0.3", "198.0.0.4"], ExpectMsg<TargetEnumerator.Protocol.HostsBatch>().Hosts.Select(h => h.ToString()));
    }

    [Fact]
    public void Says_when_the_targets_are_exhausted_and_skips_exclusions()
    {
        var set = new TargetSet([TargetSpecParser.Parse("198.18.0.1-4")], [TargetSpecParser.Parse("198.18.0.2")]);
        var enumerator = Sys.ActorOf(TargetEnumerator.Props(set));
        enumerator.Tell(new TargetEnumerator.Protocol.RequestHosts(10));
        var batch = ExpectMsg<TargetEnumerator.Protocol.HostsBatch>();
        Assert.Equal(["198.18.0.1", "198.18.0.3", "198.18.0.4"], batch.Hosts.Select(h => h.ToString()));
        Assert.True(batch.Exhausted);
    }
}
