using System.Collections.Immutable;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Cluster.Tools.Client;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Configuration;
using ProRT.Actors.Persistence;
using ProRT.Protocols.Results;

namespace ProRT.Actors.Cluster;

/// <summary>
/// A command talking to a prtip cluster from outside it (<c>prtip scan --cluster</c>, <c>prtip cluster status</c>):
/// not a member, so it neither joins nor leaves, and the members never mistake its exit for a failure. It reaches
/// the members' receptionists, found from the seeds, and receives a scan's hosts directly over remoting.
/// </summary>
public sealed class ClusterClientSession : IAsyncDisposable
{
    private readonly ActorSystem _system;
    private readonly IActorRef _client;

    private ClusterClientSession(ActorSystem system, IActorRef client)
    {
        _system = system;
        _client = client;
    }

    /// <summary>Opens a session with the cluster that <paramref name="settings"/>' seeds belong to.</summary>
    /// <param name="settings">Local remoting address (port 0 is fine), TLS, and the seeds to contact.</param>
    /// <param name="file">config/akka.conf and config/cluster.conf, or null.</param>
    /// <exception cref="ArgumentException">No seed, a bad seed, or an address off loopback without TLS.</exception>
    public static ClusterClientSession Start(ClusterSettings settings, Config? file)
    {
        settings.Validate();
        if (settings.Seeds.Count == 0) throw new ArgumentException("a cluster member to contact is needed (host:port)");
        var contacts = settings.Seeds.Select(s => ActorPath.Parse($"{ClusterSettings.SeedAddress(s, settings.Tls is not null)}/system/receptionist"));
        var config = settings.ToClientConfig(file).WithFallback(DistributedPubSub.DefaultConfig()).WithFallback(ClusterClientReceptionist.DefaultConfig());
        var system = ActorSystem.Create(ClusterSettings.SystemName + "-client", config);
        var client = system.ActorOf(ClusterClient.Props(ClusterClientSettings.Create(system).WithInitialContacts(contacts.ToImmutableHashSet())), "cluster-client");
        return new ClusterClientSession(system, client);
    }

    /// <summary>Submits a scan and streams its finished hosts to <paramref name="onHost"/> until it ends.</summary>
    /// <param name="definition">The scan.</param>
    /// <param name="onHost">Called for each finished host, once per host, one at a time.</param>
    /// <param name="timeout">How long to wait for the cluster to accept the scan.</param>
    /// <param name="ct">Stops waiting (the scan goes on in the cluster).</param>
    /// <returns>Null when the scan completed; otherwise why it did not.</returns>
    /// <exception cref="TimeoutException">No member answered within <paramref name="timeout"/>.</exception>
    public async Task<string?> RunScanAsync(ScanDefinition definition, Action<HostResult> onHost, TimeSpan timeout, CancellationToken ct)
    {
        var channel = Channel.CreateUnbounded<object>();
        var receiver = _system.ActorOf(Props.Create(() => new Receiver(channel.Writer)), $"scan-{Guid.NewGuid():N}");
        try
        {
            var accepted = await AskAsync<ClusterProtocol.ScanAccepted>(ClusterNode.ManagerPath, new ClusterProtocol.SubmitScan(definition, receiver), timeout, ct).ConfigureAwait(false);
            if (accepted.Error is not null) return accepted.Error;
            await foreach (var message in channel.Reader.ReadAllAsync(ct).ConfigureAwait(false))
            {
                switch (message)
                {
                    case ClusterProtocol.HostReport h: onHost(h.Host); break;
                    case ClusterProtocol.ScanEnded e: return e.Error;
                }
            }
            return "the cluster connection closed";
        }
        finally
        {
            _system.Stop(receiver);
        }
    }

    /// <summary>The members, their roles and status, what each is scanning, and the scans running.</summary>
    /// <exception cref="TimeoutException">No member answered within <paramref name="timeout"/>.</exception>
    public Task<ClusterStatus> StatusAsync(TimeSpan timeout, CancellationToken ct) =>
        AskAsync<ClusterStatus>(ClusterNode.StatusPath, ClusterProtocol.GetClusterStatus.Instance, timeout, ct);

    private async Task<T> AskAsync<T>(string path, object message, TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            return await _client.Ask<T>(new ClusterClient.Send(path, message), timeout, ct).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            throw new TimeoutException($"no cluster member answered within {timeout.TotalSeconds:0} s");
        }
    }

    /// <summary>Stops the session's actor system.</summary>
    public async ValueTask DisposeAsync() => await _system.Terminate().ConfigureAwait(false);

    private sealed class Receiver : ReceiveActor
    {
        public Receiver(ChannelWriter<object> writer)
        {
            var hosts = new HashSet<uint>();
            Receive<ClusterProtocol.HostReport>(m =>
            {
                // A coordinator that moved replays what it had: each host once.
                if (hosts.Add(Protocols.Targets.Ipv4.ToUInt32(m.Host.Address))) writer.TryWrite(m);
            });
            Receive<ClusterProtocol.ScanEnded>(m =>
            {
                writer.TryWrite(m);
                writer.TryComplete();
            });
        }
    }
}
