using System.Net;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;
using ProRT.Protocols.Services;

namespace ProRT.Actors.Services;

/// <summary>
/// What nmap's -sV adds on SNMP ports through its snmp-info version script: the SNMPv3 engine's vendor, so that an
/// agent matched as "SNMPv1 server" becomes "SNMPv1 server; net-snmp SNMPv3 server".
/// </summary>
internal static class SnmpEngine
{
    /// <summary>IANA's enterprise numbers as nmap ships them; a few common ones are known without it.</summary>
    public const string EnterpriseNumbersPath = "/usr/share/nmap/nselib/data/enterprise_numbers.txt";

    private const string V3Probe = "SNMPv3GetRequest";

    private static readonly Lazy<IReadOnlyDictionary<uint, string>> Enterprises = new(LoadEnterprises);

    /// <summary>The service with the SNMPv3 engine added when the port is 161 or was matched as snmp and the agent answers
    /// SNMPv3; otherwise <paramref name="service"/> unchanged.</summary>
    public static async Task<ServiceInfo?> AddEngineAsync(ServiceProbeDatabase database, IPEndPoint endpoint, ServiceInfo? service, CancellationToken ct)
    {
        if (service?.Name != "snmp" && !(service is null && endpoint.Port == 161)) return service;
        if (database.FindProbe(V3Probe, Protocol.Udp) is not { } probe) return service;
        var response = await ServiceProber.UdpRoundTripAsync(endpoint, probe, ct).ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        if (!SnmpEngineId.TryReadEnterprise(response, out uint enterprise)) return service;
        string engine = $"{Enterprises.Value.GetValueOrDefault(enterprise, "unknown")} SNMPv3 server";
        return service is { Product: { } product } && product != "SNMPv3 server"
            ? service with { Product = $"{product}; {engine}" }
            : (service ?? new ServiceInfo("snmp")) with { Product = engine };
    }

    private static IReadOnlyDictionary<uint, string> LoadEnterprises()
    {
        var names = new Dictionary<uint, string> { [9] = "ciscoSystems", [2021] = "ucdavis", [8072] = "net-snmp", [311] = "Microsoft" };
        try
        {
            foreach (var line in File.ReadLines(EnterpriseNumbersPath))
            {
                int tab = line.IndexOf('\t', StringComparison.Ordinal);
                if (tab > 0 && uint.TryParse(line.AsSpan(0, tab), out uint number)) names[number] = line[(tab + 1)..].Trim();
            }
        }
        catch (IOException)
        {
            // Not installed: the few above.
        }
        catch (UnauthorizedAccessException)
        {
        }
        return names;
    }
}
