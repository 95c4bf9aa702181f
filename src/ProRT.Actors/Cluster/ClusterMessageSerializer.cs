using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using ProRT.Actors.Hosts;
using ProRT.Actors.Persistence;
using static ProRT.Actors.Persistence.ScanEventSerializer;

namespace ProRT.Actors.Cluster;

/// <summary>
/// Binary form of the messages that cross cluster members and of the scan manager's journal, built on the journal's
/// own encoding of targets, port results and hosts. Actor references travel as their full paths.
/// </summary>
/// <remarks>
/// Every message starts with <see cref="FormatVersion"/>. Bump it whenever the bytes change, this serializer's or the
/// journal helpers' it borrows (<see cref="ScanEventSerializer"/>): the golden-bytes tests fail until it is bumped.
/// Until format 1 (commit d966bd3 and before) no version byte was written. On the wire such a message is not
/// recognisable (its first byte may be a string length, a count or an address byte, and 1 is any of these), so members
/// and clients of a cluster run one prtip version. In the scan manager's journal it is recognised by the manifest:
/// versioned entries are written as "scan-submitted" and "scan-closed", so "submitted" and "closed" are the unversioned
/// entries of before, still read (an older prtip meeting a newer entry fails on the manifest it does not know instead
/// of misreading the bytes). Format 2 came with journal format 4 (services' device type, confidence and fingerprint).
/// </remarks>
/// <param name="system">The actor system Akka creates the serializer for.</param>
public sealed class ClusterMessageSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>The serializer id the Akka configuration binds to the cluster's messages.</summary>
    public override int Identifier => 7412;

    /// <summary>The version byte every message starts with.</summary>
    public const byte FormatVersion = 2;

    /// <summary>The manifest naming the type of <paramref name="o"/>; throws for other types.</summary>
    public override string Manifest(object o) => o switch
    {
        ClusterProtocol.ScanHost => "scan-host",
        ClusterProtocol.HostScanStarted => "started",
        HostScanner.Protocol.PortsFound => "ports",
        HostScanner.Protocol.HostScanCompleted => "host-done",
        ClusterProtocol.SubmitScan => "submit",
        ClusterProtocol.ScanAccepted => "accepted",
        ClusterProtocol.HostReport => "host-report",
        ClusterProtocol.ScanEnded => "ended",
        ClusterProtocol.GetNodeStatus => "get-status",
        ClusterProtocol.NodeStatus => "status",
        ClusterProtocol.GetScans => "get-scans",
        ClusterProtocol.Scans => "scans",
        ClusterProtocol.ScanSubmitted => "scan-submitted",
        ClusterProtocol.ScanClosed => "scan-closed",
        ClusterProtocol.GetClusterStatus => "get-cluster-status",
        ClusterStatus => "cluster-status",
        _ => throw new ArgumentException($"cannot serialize {o.GetType()}"),
    };

    /// <summary>The bytes of a cluster message.</summary>
    public override byte[] ToBinary(object obj)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream))
        {
            w.Write(FormatVersion);
            switch (obj)
            {
                case ClusterProtocol.ScanHost m:
                    w.Write(m.ScanId);
                    w.Write(m.Definition.ToJson());
                    WriteTarget(w, m.Target);
                    WriteArray(w, m.Done, WriteResult);
                    w.Write(Ref(m.ReplyTo));
                    break;
                case ClusterProtocol.HostScanStarted m: w.Write(m.Node); break;
                case HostScanner.Protocol.PortsFound m: WriteArray(w, m.Results.ToArray(), WriteResult); break;
                case HostScanner.Protocol.HostScanCompleted m: WriteHost(w, m.Result); break;
                case ClusterProtocol.SubmitScan m:
                    w.Write(m.Definition.ToJson());
                    w.Write(Ref(m.Client));
                    break;
                case ClusterProtocol.ScanAccepted m:
                    w.Write(m.ScanId);
                    WriteString(w, m.Error);
                    break;
                case ClusterProtocol.HostReport m:
                    w.Write(m.ScanId);
                    WriteHost(w, m.Host);
                    break;
                case ClusterProtocol.ScanEnded m:
                    w.Write(m.ScanId);
                    WriteString(w, m.Error);
                    break;
                case ClusterProtocol.GetNodeStatus or ClusterProtocol.GetScans or ClusterProtocol.GetClusterStatus: break;
                case ClusterProtocol.NodeStatus m: WriteStatus(w, m); break;
                case ClusterStatus m:
                    WriteArray(w, m.Members.ToArray(), (w, member) =>
                    {
                        w.Write(member.Address);
                        w.Write(member.Roles);
                        w.Write(member.Status);
                        w.Write(member.Node is not null);
                        if (member.Node is not null) WriteStatus(w, member.Node);
                    });
                    WriteArray(w, m.Scans.ToArray(), (w, scan) => w.Write(scan));
                    break;
                case ClusterProtocol.Scans m: WriteArray(w, m.Running, (w, s) => w.Write(s)); break;
                case ClusterProtocol.ScanSubmitted m:
                    w.Write(m.Definition.ToJson());
                    w.Write(m.ClientPath);
                    break;
                case ClusterProtocol.ScanClosed m: w.Write(m.ScanId); break;
                default: throw new ArgumentException($"cannot serialize {obj.GetType()}");
            }
        }
        return stream.ToArray();
    }

    /// <summary>The message named by <paramref name="manifest"/>.</summary>
    /// <exception cref="SerializationException">The manifest is unknown or the bytes are damaged (cut short, a bad length,
    /// enum value or scan definition): whatever arrives from another process fails this way and no other.</exception>
    public override object FromBinary(byte[] bytes, string manifest)
    {
        try
        {
            return Read(bytes, manifest);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or FormatException or OverflowException
                                      or JournalException)
        {
            throw new SerializationException($"a cluster message ('{manifest}') is damaged: {e.Message}", e);
        }
    }

    private object Read(byte[] bytes, string manifest)
    {
        using var r = CurrentReader(new MemoryStream(bytes));
        switch (manifest)
        {
            // The scan manager's journal as it was written before format 1: no version byte.
            case "submitted": return ReadSubmitted(r);
            case "closed": return new ClusterProtocol.ScanClosed(r.ReadString());
        }
        int version = bytes.Length == 0 ? -1 : r.ReadByte();
        if (version != FormatVersion)
            throw new SerializationException($"cluster message '{manifest}' in format version {version}, not {FormatVersion} (a cluster's members and clients must run one prtip version)");
        return manifest switch
        {
            "scan-host" => new ClusterProtocol.ScanHost(r.ReadString(), ScanDefinition.FromJson(r.ReadString()), ReadTarget(r),
                ReadArray(r, ReadResult), Resolve(r.ReadString())),
            "started" => new ClusterProtocol.HostScanStarted(r.ReadString()),
            "ports" => new HostScanner.Protocol.PortsFound(ReadArray(r, ReadResult)),
            "host-done" => new HostScanner.Protocol.HostScanCompleted(ReadHost(r)),
            "submit" => new ClusterProtocol.SubmitScan(ScanDefinition.FromJson(r.ReadString()), Resolve(r.ReadString())),
            "accepted" => new ClusterProtocol.ScanAccepted(r.ReadString(), ReadString(r)),
            "host-report" => new ClusterProtocol.HostReport(r.ReadString(), ReadHost(r)),
            "ended" => new ClusterProtocol.ScanEnded(r.ReadString(), ReadString(r)),
            "get-status" => ClusterProtocol.GetNodeStatus.Instance,
            "status" => ReadStatus(r),
            "get-scans" => ClusterProtocol.GetScans.Instance,
            "scans" => new ClusterProtocol.Scans(ReadArray(r, r => r.ReadString())),
            "scan-submitted" => ReadSubmitted(r),
            "scan-closed" => new ClusterProtocol.ScanClosed(r.ReadString()),
            "get-cluster-status" => ClusterProtocol.GetClusterStatus.Instance,
            "cluster-status" => new ClusterStatus(
                ReadArray(r, r => new MemberStatus(r.ReadString(), r.ReadString(), r.ReadString(), r.ReadBoolean() ? ReadStatus(r) : null)),
                ReadArray(r, r => r.ReadString())),
            _ => throw new InvalidDataException($"unknown cluster message '{manifest}'"),
        };
    }

    private static ClusterProtocol.ScanSubmitted ReadSubmitted(BinaryReader r) => new(ScanDefinition.FromJson(r.ReadString()), r.ReadString());

    private static void WriteStatus(BinaryWriter w, ClusterProtocol.NodeStatus m)
    {
        w.Write(m.Node);
        w.Write(m.HostsDone);
        w.Write(m.HostsByScan.Count);
        foreach (var (scan, hosts) in m.HostsByScan)
        {
            w.Write(scan);
            w.Write(hosts);
        }
    }

    private static ClusterProtocol.NodeStatus ReadStatus(BinaryReader r)
    {
        string node = r.ReadString();
        long done = r.ReadInt64();
        int count = r.ReadInt32();
        var hosts = new Dictionary<string, int>();
        for (int i = 0; i < count; i++) hosts[r.ReadString()] = r.ReadInt32();
        return new ClusterProtocol.NodeStatus(node, hosts, done);
    }

    private static string Ref(IActorRef actor) => Serialization.SerializedActorPath(actor);

    private IActorRef Resolve(string path) => system.Provider.ResolveActorRef(path);
}
