using System.Text.Json;
using System.Xml.Linq;
using ProRT.Protocols.Ports;

namespace ProRT.Integration.Tests;

/// <summary>Every port's state from a scan report, expanded from nmap's XML or prtip's JSON, for exact comparison.</summary>
public static class PortStates
{
    public static SortedDictionary<int, string> FromNmapXml(string xml)
    {
        var states = new SortedDictionary<int, string>();
        var host = XDocument.Parse(xml).Descendants("host").Single();
        foreach (var port in host.Descendants("port"))
            states[(int)port.Attribute("portid")!] = (string)port.Element("state")!.Attribute("state")!;
        foreach (var extra in host.Descendants("extraports"))
            foreach (var reasons in extra.Elements("extrareasons"))
                foreach (var p in PortSpecParser.Parse((string)reasons.Attribute("ports")!).Tcp)
                    states[p] = (string)extra.Attribute("state")!;
        foreach (var extra in host.Descendants("extraports").Where(e => !e.Elements("extrareasons").Any()))
            throw new InvalidOperationException($"nmap's extraports lists no ports: {extra}");
        return states;
    }

    public static SortedDictionary<int, string> FromPrtipJson(string json)
    {
        var states = new SortedDictionary<int, string>();
        using var doc = JsonDocument.Parse(json);
        var host = doc.RootElement.GetProperty("results").EnumerateArray().Single();
        foreach (var port in host.GetProperty("ports").EnumerateArray())
            states[port.GetProperty("port").GetInt32()] = port.GetProperty("state").GetString()!;
        foreach (var extra in host.GetProperty("extraports").EnumerateArray())
            foreach (var p in PortSpecParser.Parse(extra.GetProperty("ports").GetString()!).Tcp)
                states[p] = extra.GetProperty("state").GetString()!;
        return states;
    }

    public static string Describe(SortedDictionary<int, string> states) =>
        string.Join(", ", states.GroupBy(s => s.Value).Select(g => $"{g.Count()} {g.Key}" +
            (g.Count() < 30 ? $" [{string.Join(',', g.Select(x => x.Key))}]" : "")));
}
