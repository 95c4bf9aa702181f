namespace ProRT.Protocols.Ports;

/// <summary>
/// Parses nmap's -p syntax: "22,80,1000-2000", "-" (1-65535), "-100", "60000-", "T:22,U:53",
/// and service names ("http", "ssh") looked up in a <see cref="ServiceTable"/>.
/// Ports without a prefix apply to every protocol being scanned.
/// </summary>
public static class PortSpecParser
{
    /// <summary>Parses a -p specification; service names are looked up in <paramref name="services"/>. Throws <see cref="PortSpecException"/> when it is invalid.</summary>
    public static PortList Parse(string spec, ServiceTable? services = null)
    {
        if (string.IsNullOrWhiteSpace(spec)) throw new PortSpecException("empty port specification");
        var tcp = new SortedSet<ushort>();
        var udp = new SortedSet<ushort>();
        bool toTcp = true, toUdp = true;
        foreach (var raw in spec.Split(','))
        {
            var item = raw.Trim();
            if (item.StartsWith("T:", StringComparison.OrdinalIgnoreCase)) { toTcp = true; toUdp = false; item = item[2..]; }
            else if (item.StartsWith("U:", StringComparison.OrdinalIgnoreCase)) { toTcp = false; toUdp = true; item = item[2..]; }
            if (item.Length == 0) throw new PortSpecException($"invalid port specification '{spec}': empty item");

            if (char.IsAsciiLetter(item[0]))
            {
                var matches = services?.PortsNamed(item).ToList() ?? [];
                if (matches.Count == 0) throw new PortSpecException($"invalid port specification '{spec}': unknown service '{item}'");
                foreach (var (port, proto) in matches)
                    if (proto == Protocol.Tcp ? toTcp : toUdp) (proto == Protocol.Tcp ? tcp : udp).Add(port);
                continue;
            }

            var (lo, hi) = ParseRange(item, spec);
            for (int p = lo; p <= hi; p++)
            {
                if (toTcp) tcp.Add((ushort)p);
                if (toUdp) udp.Add((ushort)p);
            }
        }
        return new PortList(tcp.ToArray(), udp.ToArray());
    }

    private static (int Lo, int Hi) ParseRange(string item, string spec)
    {
        if (item == "-") return (1, 65535);
        int dash = item.IndexOf('-');
        if (dash < 0) { var p = ParsePort(item, spec); return (p, p); }
        int lo = dash == 0 ? 1 : ParsePort(item[..dash], spec);
        int hi = dash == item.Length - 1 ? 65535 : ParsePort(item[(dash + 1)..], spec);
        if (lo > hi) throw new PortSpecException($"invalid port range '{item}': start is greater than end");
        return (lo, hi);
    }

    private static int ParsePort(string s, string spec)
    {
        if (s.Length is 0 or > 6 || !s.All(char.IsAsciiDigit))
            throw new PortSpecException($"invalid port specification '{spec}': '{s}' is not a port number");
        int v = int.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
        if (v > 65535) throw new PortSpecException($"invalid port {v}: ports are 0-65535");
        return v;
    }
}
