using System.Text.Json;
using System.Text.Json.Serialization;
using ProRT.Protocols.Packets;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Scanning;
using ProRT.Protocols.Targets;
using ProRT.Protocols.Timing;

namespace ProRT.Actors.Persistence;

/// <summary>
/// What a scan was asked to do, as its journal keeps it: the full configuration (targets as resolved ranges, so a
/// resume neither re-reads -iL files nor re-resolves names) and an annotation the caller owns (the `prtip` program
/// keeps its output settings there, so `prtip resume` writes the outputs the original command asked for).
/// </summary>
/// <param name="ScanId">The scan's id (see <see cref="ScanJournal.NewScanId"/>).</param>
/// <param name="Config">The full configuration.</param>
/// <param name="Start">When the scan started.</param>
/// <param name="Annotation">Free text the caller keeps with the scan; `prtip` stores its output settings here.</param>
public sealed partial record ScanDefinition(string ScanId, ScanConfig Config, DateTimeOffset Start, string? Annotation = null)
{
    /// <summary>The definition as JSON, as the journal stores it; <see cref="FromJson"/> reads it back.</summary>
    public string ToJson() => JsonSerializer.Serialize(Document.From(this), DocumentJson.Default.Document);

    /// <exception cref="JournalException">The text is not a scan definition.</exception>
    public static ScanDefinition FromJson(string json)
    {
        try
        {
            var doc = JsonSerializer.Deserialize(json, DocumentJson.Default.Document) ?? throw new JsonException("empty");
            return doc.ToDefinition();
        }
        catch (Exception e) when (e is JsonException or ArgumentException or NotSupportedException or TargetSpecException)
        {
            throw new JournalException($"the journal holds a scan definition this version cannot read: {e.Message}", e);
        }
    }

    /// <summary>The document's serializer, generated at build time: no reflection or emitted code when a scan starts.</summary>
    [JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
    [JsonSerializable(typeof(Document))]
    private sealed partial class DocumentJson : JsonSerializerContext;

    private sealed record RangeDocument(string Text, string? Hostname, byte[][] Octets);

    private sealed record Document(
        string ScanId, DateTimeOffset Start, string? Annotation,
        RangeDocument[] Include, RangeDocument[] Exclude, ushort[] Tcp, ushort[] Udp,
        ScanType ScanType, TimingTemplate Timing, int? MaxRetries, double? MaxRate, double? MinRate, TimeSpan? HostTimeout,
        int? MaxParallelism, int MaxHostgroup, bool AlsoUdp, TcpFlags? ScanFlags, ushort? SourcePort, string? Interface,
        bool SkipDiscovery, DiscoveryProbes Discovery, bool PingOnly, bool ResolveNames, bool ServiceDetection = false, int VersionIntensity = 7)
    {
        public static Document From(ScanDefinition d)
        {
            var c = d.Config;
            return new Document(d.ScanId, d.Start, d.Annotation,
                c.Targets.Include.Select(Range).ToArray(), c.Targets.Exclude.Select(Range).ToArray(), c.Ports.Tcp, c.Ports.Udp,
                c.ScanType, c.Timing, c.MaxRetries, c.MaxRate, c.MinRate, c.HostTimeout, c.MaxParallelism, c.MaxHostgroup,
                c.AlsoUdp, c.ScanFlags, c.SourcePort, c.Interface, c.SkipDiscovery, c.Discovery, c.PingOnly, c.ResolveNames,
                c.ServiceDetection, c.VersionIntensity);
        }

        // Octet ranges as flat [lo, hi, lo, hi...] per octet.
        private static RangeDocument Range(TargetRange r) => new(r.Text, r.Hostname,
            r.OctetRanges.Select(o => o.SelectMany(x => new[] { x.Lo, x.Hi }).ToArray()).ToArray());

        private static TargetRange Range(RangeDocument? r)
        {
            if (r?.Text is null || r.Octets is not { Length: 4 } || r.Octets.Any(o => o is null || o.Length == 0 || o.Length % 2 != 0))
                throw new JsonException($"bad target range '{r?.Text}'");
            return TargetRange.Octets(r.Text,
                r.Octets.Select(o => Enumerable.Range(0, o.Length / 2).Select(i => (o[2 * i], o[2 * i + 1])).ToArray()).ToArray(),
                r.Hostname);
        }

        public ScanDefinition ToDefinition() => ScanId is null || Include is null || Exclude is null || Tcp is null || Udp is null || Timing is null
            ? throw new JsonException("the scan definition lacks its id, targets, ports or timing")
            : new(ScanId, new ScanConfig
        {
            Targets = new TargetSet(Include.Select(Range).ToList(), Exclude.Select(Range).ToList()),
            Ports = new PortList(Tcp, Udp),
            ScanType = ScanType,
            Timing = Timing,
            MaxRetries = MaxRetries,
            MaxRate = MaxRate,
            MinRate = MinRate,
            HostTimeout = HostTimeout,
            MaxParallelism = MaxParallelism,
            MaxHostgroup = MaxHostgroup,
            AlsoUdp = AlsoUdp,
            ScanFlags = ScanFlags,
            SourcePort = SourcePort,
            Interface = Interface,
            SkipDiscovery = SkipDiscovery,
            Discovery = Discovery,
            PingOnly = PingOnly,
            ResolveNames = ResolveNames,
            ServiceDetection = ServiceDetection,
            VersionIntensity = VersionIntensity,
        }, Start, Annotation);
    }
}

/// <summary>The scan journal cannot be read or written; the message says what to do.</summary>
public sealed class JournalException(string message, Exception? inner = null) : Exception(message, inner);
