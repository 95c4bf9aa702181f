using System.Net;
using Akka.Configuration;
using ProRT.Actors.Persistence;

namespace ProRT.Actors.Cluster;

/// <summary>TLS for remoting between members: a PKCS#12 certificate every member presents and checks.</summary>
/// <param name="CertificatePath">The .pfx file.</param>
/// <param name="Password">Its password.</param>
public sealed record ClusterTls(string CertificatePath, string Password)
{
    /// <summary>The certificate's path; the password masked, as everywhere a setting is shown.</summary>
    public override string ToString() => $"{nameof(ClusterTls)} {{ CertificatePath = {CertificatePath}, Password = {PasswordRedaction.Mask} }}";
}

/// <summary>
/// Where a member listens and whom it joins. Remoting is bound to loopback unless told otherwise, and binding to any
/// other address needs TLS (<see cref="Tls"/>): the cluster is not open to whoever reaches the port.
/// </summary>
/// <param name="Hostname">Address remoting binds to and announces.</param>
/// <param name="Port">TCP port; 0 picks a free one (clients).</param>
/// <param name="Seeds">Seed members as host:port; empty makes this member the first (it joins itself).</param>
/// <param name="Tls">TLS for remoting; required off loopback.</param>
public sealed record ClusterSettings(string Hostname, int Port, IReadOnlyList<string> Seeds, ClusterTls? Tls = null)
{
    /// <summary>The actor system's name on every member.</summary>
    public const string SystemName = "prtip";

    /// <summary>A member's default port.</summary>
    public const int DefaultPort = 4053;

    /// <summary>Refuses settings that would open the cluster: a non-loopback address without TLS, a bad seed.</summary>
    /// <exception cref="ArgumentException">What is wrong, in one sentence.</exception>
    public void Validate()
    {
        if (Port is < 0 or > 65535) throw new ArgumentException($"cluster port {Port} must be 0 to 65535");
        bool loopback = Hostname == "localhost" || IPAddress.TryParse(Hostname, out var ip) && IPAddress.IsLoopback(ip);
        if (!loopback && Tls is null)
            throw new ArgumentException($"remoting bound to {Hostname}, off loopback, needs TLS (--cluster-tls-cert FILE.pfx and its password: --cluster-tls-password-file or $PRTIP_CLUSTER_TLS_PASSWORD)");
        if (Tls is not null && !File.Exists(Tls.CertificatePath))
            throw new ArgumentException($"the cluster TLS certificate '{Tls.CertificatePath}' does not exist");
        foreach (var seed in Seeds) SeedAddress(seed);
    }

    /// <summary>The Akka address of a host:port seed.</summary>
    /// <exception cref="ArgumentException">Not host:port.</exception>
    public static string SeedAddress(string seed, bool tls = false)
    {
        int colon = seed.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(seed.AsSpan(colon + 1), out int port) || port is < 1 or > 65535)
            throw new ArgumentException($"invalid cluster seed '{seed}' (expected host:port, e.g. 127.0.0.1:{DefaultPort})");
        return $"{(tls ? "akka.ssl.tcp" : "akka.tcp")}://{SystemName}@{seed[..colon]}:{port}";
    }

    /// <summary>The settings as HOCON over <paramref name="file"/> (config/cluster.conf: remoting, seeds, the
    /// split-brain resolver) over what prtip's cluster needs whatever the file says (<see cref="Fixed"/>).</summary>
    /// <param name="file">The cluster configuration file, or null.</param>
    public Config ToAkkaConfig(Config? file)
    {
        // No --seed: the seeds of the file, else this member starts a new cluster.
        var fileSeeds = file?.GetStringList("akka.cluster.seed-nodes") ?? [];
        var seeds = Seeds.Count > 0 ? Seeds.Select(s => SeedAddress(s, Tls is not null)).ToList()
            : fileSeeds.Count > 0 ? fileSeeds.ToList()
            : [SeedAddress($"{Hostname}:{Port}", Tls is not null)];
        var tls = Tls is null ? "enable-ssl = false" : $$"""
            enable-ssl = true
            ssl {
              suppress-validation = false
              require-mutual-authentication = true
              certificate { path = {{Quote(Tls.CertificatePath)}}, password = {{Quote(Tls.Password)}} }
            }
            """;
        var flags = ConfigurationFactory.ParseString($$"""
            akka.remote.dot-netty.tcp {
              hostname = {{Quote(Hostname)}}
              port = {{Port}}
              {{tls}}
            }
            akka.cluster.seed-nodes = [{{string.Join(", ", seeds.Select(Quote))}}]
            """);
        return file is null ? flags.WithFallback(Fixed) : flags.WithFallback(file).WithFallback(Fixed);
    }

    /// <summary>A client's settings (<see cref="ClusterClientSession"/>): remoting only, no membership.</summary>
    /// <param name="file">The cluster configuration file, or null.</param>
    public Config ToClientConfig(Config? file)
    {
        var member = ToAkkaConfig(file);
        return ConfigurationFactory.ParseString("""
            akka.actor.provider = remote
            akka.cluster.seed-nodes = []
            """).WithFallback(member);
    }

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>What prtip's cluster needs whatever the configuration file says: the cluster provider, our serializer
    /// for what crosses members, sharded host scanners and the scan manager singleton on scanners only.</summary>
    public static readonly Config Fixed = ConfigurationFactory.ParseString("""
        akka {
          actor {
            provider = cluster
            serializers.prtip-cluster = "ProRT.Actors.Cluster.ClusterMessageSerializer, ProRT.Actors"
            serialization-bindings {
              "ProRT.Actors.Cluster.IClusterMessage, ProRT.Actors" = prtip-cluster
            }
          }
          remote.dot-netty.tcp.maximum-frame-size = 4MiB
          cluster {
            roles = [scanner]
            sharding {
              role = scanner
              remember-entities = off
              passivate-idle-entity-after = off
              # Shard locations live in memory, replicated among members (not in the journal, where a cluster
              # started afresh would find the last one's members); a member's death stalls updates only until
              # it is removed, so retry soon.
              state-store-mode = ddata
              updating-state-timeout = 2s
            }
            singleton.role = scanner
            singleton-proxy {
              role = scanner
              # The proxy looks for the singleton while it is being (re)started; that is not worth a warning.
              log-singleton-identification-failure = off
            }
          }
        }
        """);
}
