using Akka.Actor;
using Akka.TestKit.Xunit2;
using ProRT.Actors.Cluster;
using ProRT.Actors.Hosts;
using ProRT.Actors.Persistence;
using ProRT.Actors.Tests.Persistence;

namespace ProRT.Actors.Tests.Formats;

/// <summary>
/// Bytes that released versions wrote (Golden/) are still read into the values they were encoded from, and today's
/// encoding of the same values is byte for byte the golden file of the current format version: a change to an encoding
/// fails here until its version is bumped (and the new golden files added beside the old ones).
/// </summary>
public sealed class GoldenFormatSpecs() : TestKit(JournalSettings.InMemory.ToAkkaConfig())
{
    private static string[] Files(string folder) =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Formats", "Golden", folder), "*.hex").Order(StringComparer.Ordinal).ToArray();

    private static byte[] Bytes(string file) => Convert.FromHexString(File.ReadAllText(file).Trim());

    // "07-state.hex": sample 7, written under the manifest "state".
    private static (int Index, string Manifest) Name(string file)
    {
        var name = Path.GetFileNameWithoutExtension(file);
        return (int.Parse(name[..2], System.Globalization.CultureInfo.InvariantCulture), name[3..]);
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    [Fact]
    public void Journal_entries_of_format_3_still_read_back()
    {
        var samples = FormatSamples.JournalEntries(journal: 3);
        var files = Files("journal-v3");
        Assert.Equal(samples.Length, files.Length);
        foreach (var file in files)
        {
            var (i, manifest) = Name(file);
            var golden = Bytes(file);
            Assert.Equal(3, golden[0]);
            AssertSame(samples[i], ScanEventSerializer.Decode(golden, manifest));
        }
    }

    [Fact]
    public void Journal_entries_of_format_4_read_back_and_are_what_the_serializer_writes_today()
    {
        var samples = FormatSamples.JournalEntries(journal: 4);
        var files = Files("journal-v4");
        Assert.Equal(samples.Length, files.Length);
        foreach (var file in files)
        {
            var (i, manifest) = Name(file);
            var golden = Bytes(file);
            Assert.Equal(4, golden[0]);
            AssertSame(samples[i], ScanEventSerializer.Decode(golden, manifest));
            // Snapshots are written under "counts" now (totals, not hosts); a "state" one is only read.
            if (manifest != ScanEventSerializer.ManifestOf(samples[i])) continue;
            Assert.True(Hex(golden) == Hex(ScanEventSerializer.Encode(samples[i])),
                $"{Path.GetFileName(file)}: the journal encoding changed without a new format version; today's bytes: {Hex(ScanEventSerializer.Encode(samples[i]))}");
        }
    }

    [Fact]
    public void The_scan_managers_journal_entries_from_before_format_versions_still_read()
    {
        var serializer = new ClusterMessageSerializer((ExtendedActorSystem)Sys);
        var samples = FormatSamples.ClusterMessages((ExtendedActorSystem)Sys);
        var persisted = Files("cluster-unversioned").Where(f => Name(f).Manifest is "submitted" or "closed").ToList();
        Assert.Equal(3, persisted.Count);
        foreach (var file in persisted)
        {
            var (i, manifest) = Name(file);
            AssertSame(samples[i], serializer.FromBinary(Bytes(file), manifest));
        }
    }

    [Fact]
    public void Cluster_messages_of_format_1_were_the_unversioned_ones_behind_a_version_byte()
    {
        var old = Files("cluster-unversioned");
        var v1 = Files("cluster-v1");
        Assert.Equal(old.Length, v1.Length);
        foreach (var (file, versioned) in old.Zip(v1))
            Assert.Equal(Hex([1, .. Bytes(file)]), Hex(Bytes(versioned)));
    }

    [Fact]
    public void Cluster_messages_of_format_2_read_back_and_are_what_the_serializer_writes_today()
    {
        var serializer = new ClusterMessageSerializer((ExtendedActorSystem)Sys);
        var samples = FormatSamples.ClusterMessages((ExtendedActorSystem)Sys, cluster: 2);
        Assert.Equal(2, ClusterMessageSerializer.FormatVersion);
        var files = Files("cluster-v2");
        Assert.Equal(samples.Length, files.Length);
        foreach (var file in files)
        {
            var (i, manifest) = Name(file);
            Assert.Equal(manifest, serializer.Manifest(samples[i]));
            var golden = Bytes(file);
            AssertSame(samples[i], serializer.FromBinary(golden, manifest));
            Assert.True(Hex(golden) == Hex(serializer.ToBinary(samples[i])),
                $"{Path.GetFileName(file)}: the cluster encoding changed without a new format version; today's bytes: {Hex(serializer.ToBinary(samples[i]))}");
        }
    }

    [Fact]
    public void A_cluster_message_of_another_format_version_is_refused_with_the_reason()
    {
        var serializer = new ClusterMessageSerializer((ExtendedActorSystem)Sys);
        var bytes = serializer.ToBinary(new ClusterProtocol.ScanEnded("s1", null));
        bytes[0] = 1;
        var e = Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary(bytes, "ended"));
        Assert.Contains("format version 1, not 2", e.Message);
        Assert.DoesNotContain("damaged", e.Message);
        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary([], "get-scans"));
    }

    private static void AssertSame(object expected, object actual)
    {
        Assert.IsType(expected.GetType(), actual);
        switch (expected, actual)
        {
            case (ScanStarted e, ScanStarted a): ScanDefinitionSpecs.AssertSameDefinition(e.Definition, a.Definition); break;
            case (HostsIssued e, HostsIssued a):
                Assert.Equal(e.Exhausted, a.Exhausted);
                Assert.Equal(e.Hosts, a.Hosts);
                break;
            case (HostsDiscovered e, HostsDiscovered a): Assert.Equal(e.Hosts, a.Hosts); break;
            case (PortsResolved e, PortsResolved a): Assert.Equal(e.Results, a.Results); break;
            case (HostsFinished e, HostsFinished a): AssertSameHosts(e.Results, a.Results); break;
            case (ProRT.Actors.Persistence.ScanEnded e, ProRT.Actors.Persistence.ScanEnded a): Assert.Equal((e.End.UtcTicks, e.TotalHosts), (a.End.UtcTicks, a.TotalHosts)); break;
            case (ScanState e, ScanState a):
                Assert.Equal(e.Definition is null, a.Definition is null);
                if (e.Definition is not null) ScanDefinitionSpecs.AssertSameDefinition(e.Definition, a.Definition!);
                ScanStateSpecs.AssertSameContent(e, a);
                break;
            case (ClusterProtocol.ScanHost e, ClusterProtocol.ScanHost a):
                Assert.Equal((e.ScanId, e.Target, e.ReplyTo.Path.ToString()), (a.ScanId, a.Target, a.ReplyTo.Path.ToString()));
                Assert.Equal(e.Done, a.Done);
                ScanDefinitionSpecs.AssertSameDefinition(e.Definition, a.Definition);
                break;
            case (HostScanner.Protocol.PortsFound e, HostScanner.Protocol.PortsFound a): Assert.Equal(e.Results, a.Results); break;
            case (HostScanner.Protocol.HostScanCompleted e, HostScanner.Protocol.HostScanCompleted a): AssertSameHosts([e.Result], [a.Result]); break;
            case (ClusterProtocol.SubmitScan e, ClusterProtocol.SubmitScan a):
                Assert.Equal(e.Client.Path.ToString(), a.Client.Path.ToString());
                ScanDefinitionSpecs.AssertSameDefinition(e.Definition, a.Definition);
                break;
            case (ClusterProtocol.HostReport e, ClusterProtocol.HostReport a):
                Assert.Equal(e.ScanId, a.ScanId);
                AssertSameHosts([e.Host], [a.Host]);
                break;
            case (ClusterProtocol.NodeStatus e, ClusterProtocol.NodeStatus a): AssertSameStatus(e, a); break;
            case (ClusterProtocol.Scans e, ClusterProtocol.Scans a): Assert.Equal(e.Running, a.Running); break;
            case (ClusterProtocol.ScanSubmitted e, ClusterProtocol.ScanSubmitted a):
                Assert.Equal(e.ClientPath, a.ClientPath);
                ScanDefinitionSpecs.AssertSameDefinition(e.Definition, a.Definition);
                break;
            case (ClusterStatus e, ClusterStatus a):
                Assert.Equal(e.Scans, a.Scans);
                Assert.Equal(e.Members.Count, a.Members.Count);
                foreach (var (m, n) in e.Members.Zip(a.Members))
                {
                    Assert.Equal(m with { Node = null }, n with { Node = null });
                    Assert.Equal(m.Node is null, n.Node is null);
                    if (m.Node is not null) AssertSameStatus(m.Node, n.Node!);
                }
                break;
            default:
                // Records of strings: HostScanStarted, ScanAccepted, ScanEnded, ScanClosed, and the Get* singletons.
                Assert.Equal(expected, actual);
                break;
        }
    }

    private static void AssertSameHosts(IReadOnlyList<Protocols.Results.HostResult> expected, IReadOnlyList<Protocols.Results.HostResult> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++) ScanEventSerializerSpecs.AssertSameHost(expected[i], actual[i]);
    }

    private static void AssertSameStatus(ClusterProtocol.NodeStatus e, ClusterProtocol.NodeStatus a)
    {
        Assert.Equal((e.Node, e.HostsDone), (a.Node, a.HostsDone));
        Assert.Equal(e.HostsByScan.OrderBy(p => p.Key), a.HostsByScan.OrderBy(p => p.Key));
    }
}
