using System.Net;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using ProRT.Actors.Cluster;
using ProRT.Actors.Hosts;
using ProRT.Actors.Persistence;
using ProRT.Actors.Tests.Persistence;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;
using ProRT.Protocols.Targets;

namespace ProRT.Actors.Tests.Cluster;

public sealed class ClusterMessageSerializerSpecs : TestKit
{
    private object RoundTrip(object message)
    {
        var serializer = new ClusterMessageSerializer((ExtendedActorSystem)Sys);
        return serializer.FromBinary(serializer.ToBinary(message), serializer.Manifest(message));
    }

    private static ScanResult Port(ushort port) => new(IPAddress.Parse("198.18.0.2"), port, Protocol.Tcp, PortState.Open, "syn-ack",
        TimeSpan.FromMilliseconds(1), DateTimeOffset.UnixEpoch.AddSeconds(port), new ServiceInfo("http", "nginx", Tunnel: "ssl"));

    [Fact]
    public void Every_message_that_crosses_members_survives_the_trip()
    {
        var definition = ScanEventSerializerSpecs.Definition();
        var target = new Target(Ipv4.ToUInt32(IPAddress.Parse("198.18.0.2")), "two");
        var host = new HostResult(IPAddress.Parse("198.18.0.2"), "two", HostState.Up, "syn-ack", [Port(80), Port(443)], TimeSpan.FromMilliseconds(2));

        var scanHost = Assert.IsType<ClusterProtocol.ScanHost>(RoundTrip(new ClusterProtocol.ScanHost("s1", definition, target, [Port(22)], TestActor)));
        Assert.Equal(("s1", target, TestActor), (scanHost.ScanId, scanHost.Target, scanHost.ReplyTo));
        Assert.Equal(definition.ToJson(), scanHost.Definition.ToJson());
        Assert.Equal(Port(22), Assert.Single(scanHost.Done));
        Assert.Equal("s1/198.18.0.2", scanHost.EntityId);

        Assert.Equal([Port(1), Port(2)], Assert.IsType<HostScanner.Protocol.PortsFound>(RoundTrip(new HostScanner.Protocol.PortsFound([Port(1), Port(2)]))).Results);
        var done = Assert.IsType<HostScanner.Protocol.HostScanCompleted>(RoundTrip(new HostScanner.Protocol.HostScanCompleted(host))).Result;
        Assert.Equal(host.Ports, done.Ports);
        Assert.Equal((host.Address, host.Hostname, host.State, host.Latency), (done.Address, done.Hostname, done.State, done.Latency));

        Assert.Equal(new ClusterProtocol.HostScanStarted("akka.tcp://prtip@127.0.0.1:4053"), RoundTrip(new ClusterProtocol.HostScanStarted("akka.tcp://prtip@127.0.0.1:4053")));
        Assert.Equal(TestActor, Assert.IsType<ClusterProtocol.SubmitScan>(RoundTrip(new ClusterProtocol.SubmitScan(definition, TestActor))).Client);
        Assert.Equal(new ClusterProtocol.ScanAccepted("s1", "busy"), RoundTrip(new ClusterProtocol.ScanAccepted("s1", "busy")));
        Assert.Equal(new ClusterProtocol.ScanEnded("s1", null), RoundTrip(new ClusterProtocol.ScanEnded("s1", null)));
        Assert.Equal(host.Ports, Assert.IsType<ClusterProtocol.HostReport>(RoundTrip(new ClusterProtocol.HostReport("s1", host))).Host.Ports);
        var status = Assert.IsType<ClusterProtocol.NodeStatus>(RoundTrip(new ClusterProtocol.NodeStatus("n", new Dictionary<string, int> { ["s1"] = 3 }, 9)));
        Assert.Equal(("n", 3, 9L), (status.Node, status.HostsByScan["s1"], status.HostsDone));
        Assert.Equal(["a", "b"], Assert.IsType<ClusterProtocol.Scans>(RoundTrip(new ClusterProtocol.Scans(["a", "b"]))).Running);
        Assert.Same(ClusterProtocol.GetScans.Instance, RoundTrip(ClusterProtocol.GetScans.Instance));
        Assert.Same(ClusterProtocol.GetNodeStatus.Instance, RoundTrip(ClusterProtocol.GetNodeStatus.Instance));
        Assert.Equal("p", Assert.IsType<ClusterProtocol.ScanSubmitted>(RoundTrip(new ClusterProtocol.ScanSubmitted(definition, "p"))).ClientPath);
        Assert.Equal(new ClusterProtocol.ScanClosed("s1"), RoundTrip(new ClusterProtocol.ScanClosed("s1")));
    }
}

public sealed class ClusterSettingsSpecs
{
    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("198.18.0.1")]
    public void Remoting_off_loopback_without_TLS_is_refused(string address)
    {
        var e = Assert.Throws<ArgumentException>(() => new ClusterSettings(address, 4053, []).Validate());
        Assert.Contains("needs TLS", e.Message);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("nohost:")]
    [InlineData("host:99999")]
    public void A_seed_that_is_not_host_and_port_is_refused(string seed) =>
        Assert.Contains("invalid cluster seed", Assert.Throws<ArgumentException>(() => new ClusterSettings("127.0.0.1", 4053, [seed]).Validate()).Message);

    [Fact]
    public void Seeds_come_from_flags_then_the_file_then_the_member_itself()
    {
        var file = ConfigurationFactory.ParseString("""akka.cluster.seed-nodes = ["akka.tcp://prtip@127.0.0.1:5000"]""");
        Assert.Equal(["akka.tcp://prtip@127.0.0.1:4999"], new ClusterSettings("127.0.0.1", 4053, ["127.0.0.1:4999"]).ToAkkaConfig(file).GetStringList("akka.cluster.seed-nodes"));
        Assert.Equal(["akka.tcp://prtip@127.0.0.1:5000"], new ClusterSettings("127.0.0.1", 4053, []).ToAkkaConfig(file).GetStringList("akka.cluster.seed-nodes"));
        Assert.Equal(["akka.tcp://prtip@127.0.0.1:4053"], new ClusterSettings("127.0.0.1", 4053, []).ToAkkaConfig(null).GetStringList("akka.cluster.seed-nodes"));
        // Members scan; a client (prtip scan --cluster, cluster status) is not a member, only remoting.
        var member = new ClusterSettings("127.0.0.1", 4053, []).ToAkkaConfig(null);
        Assert.Equal(["scanner"], member.GetStringList("akka.cluster.roles"));
        Assert.Equal("cluster", member.GetString("akka.actor.provider"));
        Assert.Equal("remote", new ClusterSettings("127.0.0.1", 0, ["127.0.0.1:4053"]).ToClientConfig(null).GetString("akka.actor.provider"));
    }

    [Fact]
    public void With_TLS_seeds_use_the_ssl_scheme_and_members_authenticate_each_other()
    {
        var pfx = Path.GetTempFileName();
        try
        {
            var settings = new ClusterSettings("198.18.0.1", 4053, ["198.18.0.1:4053"], new ClusterTls(pfx, "secret"));
            settings.Validate();
            var config = settings.ToAkkaConfig(null);
            Assert.Equal(["akka.ssl.tcp://prtip@198.18.0.1:4053"], config.GetStringList("akka.cluster.seed-nodes"));
            Assert.True(config.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl"));
            Assert.True(config.GetBoolean("akka.remote.dot-netty.tcp.ssl.require-mutual-authentication"));
            Assert.False(config.GetBoolean("akka.remote.dot-netty.tcp.ssl.suppress-validation"));
        }
        finally
        {
            File.Delete(pfx);
        }
    }
}

public sealed class NodeServicesSpecs() : TestKit("""
    akka.actor.provider = cluster
    akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
    """)
{
    private static readonly Protocols.Scanning.ScanConfig Limited = ScanEventSerializerSpecs.Definition().Config with { MaxRate = 1000 };

    [Fact]
    public void A_scans_services_are_shared_while_its_hosts_run_and_let_go_once_idle()
    {
        var services = new NodeServices(Sys, TimeSpan.FromMilliseconds(200));
        var first = services.For("s1", Limited);
        services.HostStarted("s1");
        Assert.Same(first, services.For("s1", Limited));
        services.HostStarted("s1");
        Assert.Equal(2, services.Status().HostsByScan["s1"]);
        Assert.NotSame(first, services.For("s2", Limited));

        services.HostFinished("s1");
        Thread.Sleep(400);
        Assert.Same(first, services.For("s1", Limited)); // a host still runs
        services.HostFinished("s1");
        Assert.DoesNotContain("s1", services.Status().HostsByScan.Keys);
        Assert.Equal(2, services.Status().HostsDone);
        Thread.Sleep(1000); // asking for them would keep them
        Assert.NotSame(first, services.For("s1", Limited));
    }
}
