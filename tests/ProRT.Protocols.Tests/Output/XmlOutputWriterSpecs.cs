using System.Net;
using System.Xml.Linq;
using ProRT.Protocols.Output;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;
using ProRT.Protocols.Scanning;
using ProRT.Protocols.Targets;

namespace ProRT.Protocols.Tests.Output;

public sealed class XmlOutputWriterSpecs
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 21, 0, 0, TimeSpan.Zero);

    private static string Write(HostResult host, string args = "prtip -sS 198.18.0.2")
    {
        var config = new ScanConfig { Targets = new TargetSet([TargetSpecParser.Parse("198.18.0.2")]), Ports = new PortList([22, 80], [53]), AlsoUdp = true, ScanType = ScanType.Syn };
        var text = new StringWriter();
        var xml = new XmlOutputWriter(text, ServiceTable.Builtin);
        xml.WriteStart(config, new ScanInfo("0.1.0", Start, null, ["SYN", "UDP"], ["198.18.0.2"], "T:22,80,U:53"), args);
        xml.WriteHost(host, Start.AddSeconds(2));
        xml.WriteEnd(Start.AddSeconds(3), 1, 1);
        return text.ToString();
    }

    private static ScanResult Port(ushort port, PortState state, Protocol protocol = Protocol.Tcp, ServiceInfo? service = null) =>
        new(IPAddress.Parse("198.18.0.2"), port, protocol, state, "syn-ack", TimeSpan.FromMilliseconds(1), Start, service, ReasonTtl: 64);

    [Fact]
    public void Hostile_text_cannot_break_the_document()
    {
        var evil = "a\"b<c>&d\u0001e\u0007--f\ud800";
        var host = new HostResult(IPAddress.Parse("198.18.0.2"), evil, HostState.Up, evil,
            [Port(22, PortState.Open, service: new ServiceInfo(evil, evil, evil, "cpe:/a:" + evil, evil, evil))]);
        var doc = XDocument.Parse(Write(host, "prtip --scanflags " + evil));
        var service = doc.Descendants("service").Single();
        Assert.Equal("a\"b<c>&d?e?--f?", (string)service.Attribute("product")!);
        Assert.Equal("probed", (string)service.Attribute("method")!);
        Assert.Equal("a\"b<c>&d?e?--f?", (string)doc.Descendants("hostname").Single().Attribute("name")!);
    }

    [Fact]
    public void Writes_nmaps_elements_for_both_protocols()
    {
        var ports = Enumerable.Range(1000, 30).Select(p => Port((ushort)p, PortState.Closed)).Append(Port(22, PortState.Open)).Append(Port(53, PortState.OpenFiltered, Protocol.Udp)).ToArray();
        var doc = XDocument.Parse(Write(new HostResult(IPAddress.Parse("198.18.0.2"), null, HostState.Up, "user-set", ports, TimeSpan.FromMilliseconds(2))));
        var root = doc.Root!;
        Assert.Equal("nmap", (string)root.Attribute("scanner")!);
        Assert.Equal(["syn/tcp/2/22,80", "udp/udp/1/53"], root.Elements("scaninfo").Select(s => $"{s.Attribute("type")!.Value}/{s.Attribute("protocol")!.Value}/{s.Attribute("numservices")!.Value}/{s.Attribute("services")!.Value}"));
        var extra = root.Descendants("extraports").Single();
        Assert.Equal("30", (string)extra.Attribute("count")!);
        Assert.Equal("1000-1029", (string)extra.Element("extrareasons")!.Attribute("ports")!);
        var ssh = root.Descendants("port").Single(p => (string)p.Attribute("portid")! == "22");
        Assert.Equal("64", (string)ssh.Element("state")!.Attribute("reason_ttl")!);
        Assert.Equal("ssh", (string)ssh.Element("service")!.Attribute("name")!);
        Assert.Equal("open|filtered", (string)root.Descendants("port").Single(p => (string)p.Attribute("protocol")! == "udp").Element("state")!.Attribute("state")!);
        Assert.Equal("2000", (string)root.Descendants("times").Single().Attribute("srtt")!);
        Assert.Equal("success", (string)root.Element("runstats")!.Element("finished")!.Attribute("exit")!);
    }

    [Fact]
    public void Ctime_is_nmaps_timestr() =>
        Assert.Equal("Thu Nov  5 09:03:07 2026", XmlOutputWriter.Ctime(new DateTimeOffset(2026, 11, 5, 9, 3, 7, TimeSpan.Zero)));

    [Fact]
    public void A_service_carries_device_type_fingerprint_method_confidence_and_every_cpe_as_nmap_writes_them()
    {
        var fp = "SF-Port8081-TCP:V=7.93%I=7%D=12/7%Time=6B169FC0%P=x86_64-pc-linux-gnu%r(NULL,3,\"a\\\"\n\nSF:b\");";
        var host = new HostResult(IPAddress.Parse("198.18.0.2"), null, HostState.Up, "syn-ack",
        [
            Port(22, PortState.Open, service: new ServiceInfo("ssh", "OpenSSH", OsHint: "Linux", DeviceType: "WAP",
                Cpe: "cpe:/a:openbsd:openssh:9.2p1 cpe:/o:linux:linux_kernel")),
            Port(80, PortState.Open, service: new ServiceInfo("tcpwrapped", Confidence: ServiceInfo.Wrapped)),
            Port(8081, PortState.Open, service: new ServiceInfo("blackice-icecap", Confidence: ServiceInfo.Table, Fingerprint: fp)),
        ]);
        var text = Write(host);
        Assert.Contains("<service name=\"ssh\" product=\"OpenSSH\" ostype=\"Linux\" devicetype=\"WAP\" method=\"probed\" conf=\"10\"><cpe>cpe:/a:openbsd:openssh:9.2p1</cpe><cpe>cpe:/o:linux:linux_kernel</cpe></service>", text);
        Assert.Contains("<service name=\"tcpwrapped\" method=\"probed\" conf=\"8\"/>", text);
        var doc = XDocument.Parse(text);
        var unknown = doc.Descendants("service").Single(s => (string)s.Attribute("name")! == "blackice-icecap");
        Assert.Equal(("table", "3"), ((string)unknown.Attribute("method")!, (string)unknown.Attribute("conf")!));
        // nmap's servicefp_sf_remove: the "\nSF:" line breaks are left out.
        Assert.Equal(fp.Replace("\nSF:", ""), (string)unknown.Attribute("servicefp")!);
    }
}
