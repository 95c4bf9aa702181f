using System.Text.Json;
using System.Xml.Linq;
using ProRT.Protocols.Ports;

namespace ProRT.Integration.Tests;

/// <summary>Every port's state from a scan report, expanded from nmap's XML or prtip's JSON, for exact comparison.</summary>
public static class PortStates
{
    /// <summary>Addresses of the hosts nmap reports up.</summary>
    public static List<string> UpInNmapXml(string xml) =>
        XDocument.Parse(xml).Descendants("host")
            .Where(h => (string?)h.Element("status")?.Attribute("state") == "up")
            .Select(h => (string)h.Element("address")!.Attribute("addr")!).Order(StringComparer.Ordinal).ToList();

    /// <summary>Addresses of the hosts prtip reports up.</summary>
    public static List<string> UpInPrtipJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("results").EnumerateArray()
            .Where(h => h.GetProperty("state").GetString() == "up")
            .Select(h => h.GetProperty("ip").GetString()!).Order(StringComparer.Ordinal).ToList();
    }

    /// <param name="address">The host to read, when the report has several.</param>
    public static SortedDictionary<int, string> FromNmapXml(string xml, string protocol = "tcp", string? address = null)
    {
        var states = new SortedDictionary<int, string>();
        var host = XDocument.Parse(xml).Descendants("host")
            .Single(h => address is null || h.Elements("address").Any(a => (string?)a.Attribute("addr") == address));
        foreach (var port in host.Descendants("port").Where(p => (string?)p.Attribute("protocol") == protocol))
            states[(int)port.Attribute("portid")!] = (string)port.Element("state")!.Attribute("state")!;
        foreach (var extra in host.Descendants("extraports"))
            foreach (var reasons in extra.Elements("extrareasons").Where(r => (string?)r.Attribute("proto") == protocol))
                foreach (var p in PortSpecParser.Parse((string)reasons.Attribute("ports")!).Tcp)
                    states[p] = (string)extra.Attribute("state")!;
        foreach (var extra in host.Descendants("extraports").Where(e => !e.Elements("extrareasons").Any()))
            throw new InvalidOperationException($"nmap's extraports lists no ports: {extra}");
        return states;
    }

    /// <param name="address">The host to read, when the report has several.</param>
    public static SortedDictionary<int, string> FromPrtipJson(string json, string protocol = "tcp", string? address = null)
    {
        var states = new SortedDictionary<int, string>();
        using var doc = JsonDocument.Parse(json);
        var host = doc.RootElement.GetProperty("results").EnumerateArray()
            .Single(h => address is null || h.GetProperty("ip").GetString() == address);
        foreach (var port in host.GetProperty("ports").EnumerateArray().Where(p => p.GetProperty("protocol").GetString() == protocol))
            states[port.GetProperty("port").GetInt32()] = port.GetProperty("state").GetString()!;
        foreach (var extra in host.GetProperty("extraports").EnumerateArray().Where(e => e.GetProperty("protocol").GetString() == protocol))
            foreach (var p in PortSpecParser.Parse(extra.GetProperty("ports").GetString()!).Tcp)
                states[p] = extra.GetProperty("state").GetString()!;
        return states;
    }

    public static string Describe(SortedDictionary<int, string> states) =>
        string.Join(", ", states.GroupBy(s => s.Value).Select(g => $"{g.Count()} {g.Key}" +
            (g.Count() < 30 ? $" [{string.Join(',', g.Select(x => x.Key))}]" : "")));
}
