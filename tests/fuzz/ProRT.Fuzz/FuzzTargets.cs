using System.Runtime.Serialization;
using System.Text;
using System.Text.RegularExpressions;
using Akka.Actor;
using ProRT.Actors.Cluster;
using ProRT.Actors.Persistence;
using ProRT.Protocols.Packets;
using ProRT.Protocols.Payloads;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Services;
using ProRT.Protocols.Targets;

namespace ProRT.Fuzz;

/// <summary>
/// One fuzz target per parser. Each takes the fuzzer's bytes and lets through only what the parser does not
/// document: any other exception escapes, and the fuzzer records it as a crash. Nothing here may touch the instrumented
/// assemblies before the fuzzer runs (instrumented code outside it writes through a null coverage map), hence the
/// lazy statics.
/// </summary>
internal static class FuzzTargets
{
    public static readonly IReadOnlyDictionary<string, Action<byte[]>> All = new Dictionary<string, Action<byte[]>>
    {
        ["reply"] = Reply,
        ["service-probes"] = ServiceProbes,
        ["payloads"] = Payloads,
        ["services"] = Services,
        ["pcre"] = Pcre,
        ["targets"] = Targets,
        ["ports"] = Ports,
        ["journal"] = Journal,
        ["cluster"] = Cluster,
    };

    /// <summary>The journal's manifests; the first input byte picks one, the rest is the entry.</summary>
    public static readonly string[] JournalManifests = ["started", "issued", "discovered", "ports", "hosts", "ended", "state"];

    /// <summary>The cluster serializer's manifests; the first input byte picks one, the rest is the message.</summary>
    public static readonly string[] ClusterManifests =
    [
        "scan-host", "started", "ports", "host-done", "submit", "accepted", "host-report", "ended", "get-status", "status",
        "get-scans", "scans", "submitted", "closed", "get-cluster-status", "cluster-status",
    ];

    // Ethernet (14) and raw IP (0), the two link headers the capture hands over.
    private static void Reply(byte[] data)
    {
        ReplyParser.TryParse(data, 14, out _);
        ReplyParser.TryParse(data, 0, out _);
    }

    private static void ServiceProbes(byte[] data)
    {
        ServiceProbeDatabase db;
        try
        {
            db = ServiceProbeDatabase.Parse(new StringReader(Encoding.Latin1.GetString(data)), "fuzz");
        }
        catch (ServiceProbeFormatException)
        {
            return;
        }
        // What the scan does next with a database: chains and matching (bounded by the regex timeout).
        foreach (var probe in db.Probes.Take(4))
            db.Match(probe, "HTTP/1.0 200 OK\r\nServer: x\r\n\r\n"u8, out _);
    }

    private static void Payloads(byte[] data)
    {
        try
        {
            UdpPayloads.Parse(new StringReader(Encoding.Latin1.GetString(data)), "fuzz"); // as LoadDefault reads the file
        }
        catch (FormatException)
        {
        }
    }

    private static void Services(byte[] data)
    {
        try
        {
            var table = ServiceTable.Parse(new StringReader(Encoding.UTF8.GetString(data)), "fuzz");
            table.TopPorts(10, Protocol.Tcp);
        }
        catch (FormatException)
        {
        }
    }

    private static void Pcre(byte[] data)
    {
        string pattern = Encoding.Latin1.GetString(data);
        Regex regex;
        try
        {
            regex = ServiceMatch.Compile(pattern, ignoreCase: data.Length % 2 == 0, singleline: data.Length % 3 == 0);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return;
        }
        try
        {
            regex.Match("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n\0\xff");
        }
        catch (RegexMatchTimeoutException)
        {
        }
    }

    private static void Targets(byte[] data)
    {
        try
        {
            var range = TargetSpecParser.Parse(Encoding.Latin1.GetString(data), name => name.Length % 2 == 0 ? 0xC6120002u : null);
            _ = range.Count;
        }
        catch (TargetSpecException)
        {
        }
    }

    private static readonly Lazy<ServiceTable> Names = new(() => ServiceTable.Builtin);

    private static void Ports(byte[] data)
    {
        try
        {
            PortSpecParser.Parse(Encoding.Latin1.GetString(data), Names.Value);
        }
        catch (PortSpecException)
        {
        }
    }

    private static void Journal(byte[] data)
    {
        if (data.Length == 0) return;
        try
        {
            ScanEventSerializer.Decode(data[1..], JournalManifests[data[0] % JournalManifests.Length]);
        }
        catch (JournalException)
        {
        }
    }

    private static readonly Lazy<ClusterMessageSerializer> ClusterSerializer = new(() =>
    {
        var system = ActorSystem.Create("fuzz", "akka.loglevel = OFF\nakka.stdout-loglevel = OFF");
        return new ClusterMessageSerializer((ExtendedActorSystem)system);
    });

    private static void Cluster(byte[] data)
    {
        if (data.Length == 0) return;
        try
        {
            ClusterSerializer.Value.FromBinary(data[1..], ClusterManifests[data[0] % ClusterManifests.Length]);
        }
        catch (SerializationException)
        {
        }
    }
}
