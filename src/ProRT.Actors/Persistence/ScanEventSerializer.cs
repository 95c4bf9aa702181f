using System.Collections.Immutable;
using Akka.Actor;
using Akka.Serialization;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;
using ProRT.Protocols.Targets;

namespace ProRT.Actors.Persistence;

/// <summary>
/// Compact binary form of the journal's events and snapshots (a port result is about 30 bytes), so journal writes
/// keep up with a full-rate scan and a million results recover in seconds. The scan definition is JSON inside.
/// </summary>
/// <param name="system">The actor system Akka creates the serializer for.</param>
public sealed class ScanEventSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    private const byte FormatVersion = 4;

    // Version 2 had no service host name or tunnel, version 3 no device type, confidence or fingerprint (and kept one
    // CPE); their entries are still read. Snapshots named "state" kept every finished host; those named "counts" keep
    // totals, and both are read.
    private const byte OldestReadable = 2;

    /// <summary>The serializer id the Akka configuration binds to the journal's types.</summary>
    public override int Identifier => 7411;

    /// <summary>The manifest naming the type of <paramref name="o"/> ("started", "ports", "state"...); throws for other types.</summary>
    public override string Manifest(object o) => ManifestOf(o);

    /// <summary>The manifest <see cref="Decode"/> takes for what <see cref="Encode"/> wrote of <paramref name="o"/>.</summary>
    /// <param name="o">A journal event or a scan state.</param>
    public static string ManifestOf(object o) => o switch
    {
        ScanStarted => "started",
        HostsIssued => "issued",
        HostsDiscovered => "discovered",
        PortsResolved => "ports",
        HostsFinished => "hosts",
        ScanEnded => "ended",
        ScanState => "counts",
        _ => throw new ArgumentException($"cannot serialize {o.GetType()}"),
    };

    /// <summary>See <see cref="Encode"/>.</summary>
    public override byte[] ToBinary(object obj) => Encode(obj);

    /// <summary>See <see cref="Decode"/>.</summary>
    public override object FromBinary(byte[] bytes, string manifest) => Decode(bytes, manifest);

    /// <summary>The binary form of an event or <see cref="ScanState"/> snapshot; throws <see cref="ArgumentException"/> for other objects.</summary>
    public static byte[] Encode(object obj)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream))
        {
            w.Write(FormatVersion);
            switch (obj)
            {
                case ScanStarted s: w.Write(s.Definition.ToJson()); break;
                case HostsIssued i:
                    w.Write(i.Exhausted);
                    WriteArray(w, i.Hosts, WriteTarget);
                    break;
                case HostsDiscovered d: WriteArray(w, d.Hosts, WriteDiscovered); break;
                case PortsResolved p: WriteArray(w, p.Results, WriteResult); break;
                case HostsFinished f: WriteArray(w, f.Results, WriteHost); break;
                case ScanEnded e:
                    w.Write(e.End.UtcTicks);
                    WriteNullable(w, e.TotalHosts, (w, v) => w.Write(v));
                    break;
                case ScanState s: WriteState(w, s); break;
                default: throw new ArgumentException($"cannot serialize {obj.GetType()}");
            }
        }
        return stream.ToArray();
    }

    /// <summary>The event or snapshot named by <paramref name="manifest"/>; throws <see cref="JournalException"/> when the bytes are damaged.</summary>
    public static object Decode(byte[] bytes, string manifest)
    {
        try
        {
            using var r = new VersionedReader(new MemoryStream(bytes));
            r.Version = r.ReadByte();
            if (r.Version is < OldestReadable or > FormatVersion) throw new InvalidDataException("unknown journal format version");
            return manifest switch
            {
                "started" => new ScanStarted(ScanDefinition.FromJson(r.ReadString())),
                "issued" => ReadIssued(r),
                "discovered" => new HostsDiscovered(ReadArray(r, ReadDiscovered)),
                "ports" => new PortsResolved(ReadArray(r, ReadResult)),
                "hosts" => new HostsFinished(ReadArray(r, ReadHost)),
                "ended" => new ScanEnded(new DateTimeOffset(r.ReadInt64(), TimeSpan.Zero), ReadNullable(r, r => r.ReadInt64())),
                "state" => ReadState(r, finishedHosts: true),
                "counts" => ReadState(r, finishedHosts: false),
                _ => throw new InvalidDataException($"unknown journal entry '{manifest}'"),
            };
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or FormatException or OverflowException)
        {
            throw new JournalException($"a journal entry ('{manifest}') is damaged: {e.Message}", e);
        }
    }

    private static HostsIssued ReadIssued(BinaryReader r)
    {
        bool exhausted = r.ReadBoolean();
        return new HostsIssued(ReadArray(r, ReadTarget), exhausted);
    }

    private static void WriteState(BinaryWriter w, ScanState s)
    {
        WriteNullable(w, s.Definition, (w, d) => w.Write(d.ToJson()));
        w.Write(s.Issued);
        w.Write(s.Exhausted);
        w.Write(s.PortsDone);
        WriteNullable(w, s.End, (w, v) => w.Write(v.UtcTicks));
        WriteNullable(w, s.TotalHosts, (w, v) => w.Write(v));
        WriteArray(w, s.InFlight.Values.ToArray(), (w, h) =>
        {
            WriteTarget(w, h.Target);
            WriteNullable(w, h.Discovery, WriteDiscovered);
            WriteKeys(w, h.Journaled);
            WriteKeys(w, h.Open);
        });
        w.Write(s.HostsDone);
        w.Write(s.HostsUp);
        w.Write(s.PortsOpen);
        WriteNullable(w, s.SweptThrough, (w, v) => w.Write(v));
    }

    private static ScanState ReadState(BinaryReader r, bool finishedHosts)
    {
        var definition = ReadNullable(r, r => ScanDefinition.FromJson(r.ReadString()));
        long issued = r.ReadInt64();
        bool exhausted = r.ReadBoolean();
        long portsDone = r.ReadInt64();
        var end = ReadNullable(r, r => new DateTimeOffset(r.ReadInt64(), TimeSpan.Zero));
        var total = ReadNullable(r, r => r.ReadInt64());
        var inFlight = ReadArray(r, r =>
        {
            var target = ReadTarget(r);
            var discovery = ReadNullable(r, ReadDiscovered);
            if (finishedHosts)
            {
                // The old form kept the ports themselves.
                var ports = ReadArray(r, ReadResult);
                return new HostInFlight(target, discovery, PortKeys.Of(ports.Select(HostInFlight.Key)),
                    PortKeys.Of(ports.Where(p => p.State == PortState.Open).Select(HostInFlight.Key)));
            }
            return new HostInFlight(target, discovery, ReadKeys(r), ReadKeys(r));
        });
        long hostsDone, hostsUp, portsOpen;
        uint? swept = null;
        if (finishedHosts)
        {
            var finished = ReadArray(r, ReadHost);
            hostsDone = finished.Length;
            hostsUp = finished.Count(h => h.State == HostState.Up);
            portsOpen = finished.Sum(h => (long)h.Ports.Count(p => p.State == PortState.Open)) + inFlight.Sum(h => (long)h.Open.Count);
        }
        else
        {
            hostsDone = r.ReadInt64();
            hostsUp = r.ReadInt64();
            portsOpen = r.ReadInt64();
            swept = ReadNullable(r, r => r.ReadUInt32());
        }
        return new ScanState
        {
            Definition = definition,
            Issued = issued,
            Exhausted = exhausted,
            PortsDone = portsDone,
            End = end,
            TotalHosts = total,
            InFlight = inFlight.ToImmutableDictionary(h => h.Target.Address),
            HostsDone = hostsDone,
            HostsUp = hostsUp,
            PortsOpen = portsOpen,
            SweptThrough = swept,
        };
    }

    /// <summary>Port keys as ascending gaps (a byte or two each for a host's ports, however scattered).</summary>
    private static void WriteKeys(BinaryWriter w, PortKeys keys)
    {
        w.Write7BitEncodedInt(keys.Count);
        int previous = -1;
        foreach (int k in keys)
        {
            w.Write7BitEncodedInt(k - previous);
            previous = k;
        }
    }

    private static PortKeys ReadKeys(BinaryReader r)
    {
        int count = r.Read7BitEncodedInt();
        if (count < 0 || count > r.BaseStream.Length - r.BaseStream.Position) throw new InvalidDataException("bad port key count");
        var keys = new int[count];
        int previous = -1;
        for (int i = 0; i < count; i++)
        {
            int gap = r.Read7BitEncodedInt();
            if (gap <= 0) throw new InvalidDataException("port keys out of order");
            keys[i] = previous = checked(previous + gap);
        }
        return PortKeys.Of(keys);
    }

    internal static void WriteTarget(BinaryWriter w, Target t)
    {
        w.Write(t.Address);
        WriteString(w, t.Hostname);
    }

    internal static Target ReadTarget(BinaryReader r) => new(r.ReadUInt32(), ReadString(r));

    private static void WriteDiscovered(BinaryWriter w, DiscoveredHost d)
    {
        WriteTarget(w, d.Target);
        w.Write((byte)d.State);
        w.Write(d.Reason);
        WriteNullable(w, d.Latency, (w, v) => w.Write7BitEncodedInt64(v.Ticks));
    }

    private static DiscoveredHost ReadDiscovered(BinaryReader r) =>
        new(ReadTarget(r), ReadEnum<HostState>(r), r.ReadString(), ReadNullable(r, r => TimeSpan.FromTicks(r.Read7BitEncodedInt64())));

    internal static void WriteResult(BinaryWriter w, ScanResult s)
    {
        w.Write(Ipv4.ToUInt32(s.Target));
        w.Write(s.Port);
        w.Write((byte)s.Protocol);
        w.Write((byte)s.State);
        w.Write(s.Reason);
        w.Write7BitEncodedInt64(Math.Max(0, s.ResponseTime.Ticks));
        w.Write(s.Timestamp.UtcTicks);
        WriteNullable(w, s.Service, (w, v) =>
        {
            w.Write(v.Name);
            WriteString(w, v.Product);
            WriteString(w, v.Version);
            WriteString(w, v.Cpe);
            WriteString(w, v.OsHint);
            WriteString(w, v.ExtraInfo);
            WriteString(w, v.Hostname);
            WriteString(w, v.Tunnel);
            WriteString(w, v.DeviceType);
            w.Write((byte)v.Confidence);
            WriteString(w, v.Fingerprint);
        });
        WriteString(w, s.Banner);
        WriteNullable(w, s.ReasonTtl, (w, v) => w.Write(v));
    }

    internal static ScanResult ReadResult(BinaryReader r) => new(
        Ipv4.ToAddress(r.ReadUInt32()), r.ReadUInt16(), ReadEnum<Protocol>(r), ReadEnum<PortState>(r), r.ReadString(),
        TimeSpan.FromTicks(r.Read7BitEncodedInt64()), new DateTimeOffset(r.ReadInt64(), TimeSpan.Zero),
        ReadNullable(r, ReadService),
        ReadString(r), ReadNullable(r, r => r.ReadByte()));

    private static ServiceInfo ReadService(BinaryReader r)
    {
        var s = new ServiceInfo(r.ReadString(), ReadString(r), ReadString(r), ReadString(r), ReadString(r), ReadString(r));
        byte version = ((VersionedReader)r).Version;
        if (version < 3) return s;
        s = s with { Hostname = ReadString(r), Tunnel = ReadString(r) };
        if (version < 4) return s;
        return s with { DeviceType = ReadString(r), Confidence = r.ReadByte(), Fingerprint = ReadString(r) };
    }

    /// <summary>A reader that knows which format version the entry was written in.</summary>
    private sealed class VersionedReader(Stream stream) : BinaryReader(stream)
    {
        public byte Version { get; set; }
    }

    /// <summary>A reader for data written now by the helpers above (cluster messages reuse them).</summary>
    internal static BinaryReader CurrentReader(Stream stream) => new VersionedReader(stream) { Version = FormatVersion };

    internal static void WriteHost(BinaryWriter w, HostResult h)
    {
        w.Write(Ipv4.ToUInt32(h.Address));
        WriteString(w, h.Hostname);
        w.Write((byte)h.State);
        w.Write(h.Reason);
        WriteArray(w, h.Ports as ScanResult[] ?? h.Ports.ToArray(), WriteResult);
        WriteNullable(w, h.Latency, (w, v) => w.Write7BitEncodedInt64(v.Ticks));
        WriteNullable(w, h.Os, (w, v) =>
        {
            w.Write(v.Name);
            w.Write(v.Accuracy);
            WriteString(w, v.Cpe);
        });
        WriteString(w, h.Error);
        w.Write(h.TimedOut);
    }

    internal static HostResult ReadHost(BinaryReader r) => new(
        Ipv4.ToAddress(r.ReadUInt32()), ReadString(r), ReadEnum<HostState>(r), r.ReadString(), ReadArray(r, ReadResult),
        ReadNullable(r, r => TimeSpan.FromTicks(r.Read7BitEncodedInt64())),
        ReadNullable(r, r => new OsMatch(r.ReadString(), r.ReadInt32(), ReadString(r))),
        ReadString(r), r.ReadBoolean());

    private static T ReadEnum<T>(BinaryReader r) where T : struct, Enum
    {
        byte b = r.ReadByte();
        var value = (T)Enum.ToObject(typeof(T), b);
        return Enum.IsDefined(value) ? value : throw new InvalidDataException($"bad {typeof(T).Name} {b}");
    }

    internal static void WriteString(BinaryWriter w, string? s) => WriteNullable(w, s, (w, v) => w.Write(v));

    internal static string? ReadString(BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;

    private static void WriteNullable<T>(BinaryWriter w, T? value, Action<BinaryWriter, T> write) where T : class
    {
        w.Write(value is not null);
        if (value is not null) write(w, value);
    }

    private static void WriteNullable<T>(BinaryWriter w, T? value, Action<BinaryWriter, T> write) where T : struct
    {
        w.Write(value.HasValue);
        if (value.HasValue) write(w, value.Value);
    }

    private static T? ReadNullable<T>(BinaryReader r, Func<BinaryReader, T> read) where T : class =>
        r.ReadBoolean() ? read(r) : null;

    private static T? ReadNullable<T>(BinaryReader r, Func<BinaryReader, T> read, T? _ = default) where T : struct =>
        r.ReadBoolean() ? read(r) : null;

    internal static void WriteArray<T>(BinaryWriter w, T[] items, Action<BinaryWriter, T> write)
    {
        w.Write7BitEncodedInt(items.Length);
        foreach (var item in items) write(w, item);
    }

    internal static T[] ReadArray<T>(BinaryReader r, Func<BinaryReader, T> read)
    {
        int n = r.Read7BitEncodedInt();
        if (n < 0 || n > r.BaseStream.Length) throw new InvalidDataException("bad length");
        var items = new T[n];
        for (int i = 0; i < n; i++) items[i] = read(r);
        return items;
    }
}
