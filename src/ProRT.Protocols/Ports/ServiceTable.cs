using System.Globalization;

namespace ProRT.Protocols.Ports;

/// <summary>
/// Port names and how often each port is found open, in the format of nmap's nmap-services
/// ("name  port/proto  frequency  # comment"). Drives --top-ports and the SERVICE column.
/// </summary>
public sealed class ServiceTable
{
    /// <summary>Where Debian's nmap-common installs nmap's table.</summary>
    public const string NmapServicesPath = "/usr/share/nmap/nmap-services";

    private readonly Dictionary<(ushort, Protocol), (string Name, double Frequency)> _entries = new();

    /// <summary>Where the table was read from: a file path or "built-in service table".</summary>
    public string Source { get; }

    private ServiceTable(string source) => Source = source;

    /// <summary>Number of (port, protocol) entries.</summary>
    public int Count => _entries.Count;

    /// <summary>The service name of a port, or null when the table does not name it.</summary>
    public string? NameOf(ushort port, Protocol protocol) =>
        _entries.TryGetValue((port, protocol), out var e) ? e.Name : null;

    /// <summary>Every (port, protocol) a service name is given to, case-insensitively; how -p resolves "http".</summary>
    public IEnumerable<(ushort Port, Protocol Protocol)> PortsNamed(string name) =>
        _entries.Where(e => string.Equals(e.Value.Name, name, StringComparison.OrdinalIgnoreCase))
            .Select(e => (e.Key.Item1, e.Key.Item2));

    /// <summary>The <paramref name="count"/> most frequently open ports of a protocol, ascending by number as nmap scans them.</summary>
    public ushort[] TopPorts(int count, Protocol protocol) =>
        _entries.Where(e => e.Key.Item2 == protocol && e.Value.Frequency > 0)
            .OrderByDescending(e => e.Value.Frequency).ThenBy(e => e.Key.Item1)
            .Take(count).Select(e => e.Key.Item1).Order().ToArray();

    /// <summary>Reads nmap-services text; a malformed line fails with its line number.</summary>
    public static ServiceTable Parse(TextReader reader, string source)
    {
        var table = new ServiceTable(source);
        string? line;
        int number = 0;
        while ((line = reader.ReadLine()) is not null)
        {
            number++;
            int hash = line.IndexOf('#');
            var body = (hash >= 0 ? line[..hash] : line).Trim();
            if (body.Length == 0) continue;
            var fields = body.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2 || !TryParsePortProto(fields[1], out var port, out var proto))
                throw new FormatException($"{source}:{number}: expected 'name port/protocol [frequency]'");
            double freq = 0;
            if (fields.Length > 2 && !double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out freq))
                throw new FormatException($"{source}:{number}: frequency '{fields[2]}' is not a number");
            if (proto is { } p) table._entries[(port, p)] = (fields[0], freq);
        }
        return table;
    }

    private static bool TryParsePortProto(string field, out ushort port, out Protocol? proto)
    {
        proto = null;
        port = 0;
        int slash = field.IndexOf('/');
        if (slash <= 0 || !ushort.TryParse(field[..slash], NumberStyles.None, CultureInfo.InvariantCulture, out port))
            return false;
        proto = field[(slash + 1)..] switch { "tcp" => Protocol.Tcp, "udp" => Protocol.Udp, _ => null };
        return true; // sctp and others are valid lines that we do not scan
    }

    /// <summary>nmap's table when installed, otherwise our built-in one.</summary>
    public static ServiceTable LoadDefault(string path = NmapServicesPath)
    {
        if (File.Exists(path))
        {
            using var reader = File.OpenText(path);
            return Parse(reader, path);
        }
        return Builtin;
    }

    /// <summary>A small table of our own so the program works without nmap's data files.</summary>
    public static ServiceTable Builtin { get; } = BuildBuiltin();

    private static ServiceTable BuildBuiltin()
    {
        // Most commonly open first; the frequency is just the rank inverted, which is all --top-ports needs.
        const string tcp =
            "http:80 telnet:23 https:443 ftp:21 ssh:22 smtp:25 ms-wbt-server:3389 pop3:110 microsoft-ds:445 " +
            "netbios-ssn:139 imap:143 domain:53 msrpc:135 mysql:3306 http-proxy:8080 pptp:1723 rpcbind:111 " +
            "pop3s:995 imaps:993 vnc:5900 NFS-or-IIS:1025 submission:587 sun-answerbook:8888 smux:199 " +
            "h323q931:1720 smtps:465 afp:548 ident:113 hosts2-ns:81 X11:6001 snet-sensor-mgmt:10000 shell:514 " +
            "sip:5060 bgp:179 LSA-or-nterm:1026 cisco-sccp:2000 https-alt:8443 http-alt:8000 filenet-tms:32768 " +
            "rtsp:554 rsftp:26 ms-sql-s:1433 unknown:49152 dc:2001 printer:515 http-alt:8008 unknown:49154 " +
            "IIS:1027 nrpe:5666 ldp:646 upnp:5000 pcanywheredata:5631 ipp:631 unknown:49153 blackice-icecap:8081 " +
            "nfs:2049 kerberos-sec:88 finger:79 vnc-http:5800 pop3pw:106 ccproxy-ftp:2121 nfsd-status:1110 " +
            "unknown:49155 X11:6000 login:513 ftps:990 wsdapi:5357 svrloc:427 unknown:49156 klogin:543 " +
            "kshell:544 admdog:5101 news:144 echo:7 ldap:389 postgresql:5432 redis:6379 mongod:27017 " +
            "http-alt:8888 rsync:873 ms-sql-m:1434 oracle:1521 memcache:11211 amqp:5672 elasticsearch:9200 " +
            "jetdirect:9100 irc:6667 git:9418 xmpp-client:5222 ldaps:636 imap3:220 daytime:13 discard:9 " +
            "chargen:19 time:37 tftp:69 gopher:70 sunrpc:111 nntp:119 ntp:123 snmp:161 xdmcp:177";
        const string udp =
            "ntp:123 netbios-ns:137 snmp:161 domain:53 msrpc:135 netbios-dgm:138 microsoft-ds:445 dhcps:67 " +
            "dhcpc:68 isakmp:500 ipp:631 upnp:1900 syslog:514 nfs:2049 tftp:69 rpcbind:111 route:520 " +
            "mdns:5353 snmptrap:162 radius:1812 radius-acct:1813 ms-sql-m:1434 l2f:1701 sip:5060 " +
            "nat-t-ike:4500 openvpn:1194 bittorrent-tracker:6969 echo:7 discard:9 daytime:13";
        var text = new System.Text.StringBuilder();
        Append(text, tcp, "tcp");
        Append(text, udp, "udp");
        return Parse(new StringReader(text.ToString()), "built-in service table");
    }

    private static void Append(System.Text.StringBuilder text, string list, string proto)
    {
        var items = list.Split(' ');
        var seen = new HashSet<string>();
        for (int i = 0; i < items.Length; i++)
        {
            var (name, port) = (items[i][..items[i].IndexOf(':')], items[i][(items[i].IndexOf(':') + 1)..]);
            if (!seen.Add(port)) continue;
            double freq = (items.Length - i) / (double)items.Length;
            text.Append(CultureInfo.InvariantCulture, $"{name}\t{port}/{proto}\t{freq:F6}\n");
        }
    }
}
