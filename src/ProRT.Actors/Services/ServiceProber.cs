using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;
using ProRT.Protocols.Services;

namespace ProRT.Actors.Services;

/// <summary>
/// Service and version detection (-sV) for one TCP port, the way nmap-service-probes describes it: the NULL probe
/// first (wait for a banner), then the probes that name the port or are common enough for the intensity, each on a
/// fresh connection; a hard match ends it, a soft match narrows the next probes to those that can match its service.
/// Hostile services are bounded: at most <see cref="MaxResponse"/> bytes read per probe, each probe's wait is its
/// totalwaitms, and every regex has a timeout.
/// </summary>
/// <param name="load">The probes, still loading while the port scan runs (reading 12,000 patterns takes half a second).</param>
/// <param name="intensity">--version-intensity: probes whose rarity is above it are tried only on the ports they name.</param>
public sealed class ServiceProber(Task<ServiceProbeDatabase> load, int intensity)
{
    /// <summary>Bytes read from one probe's answer at most.</summary>
    public const int MaxResponse = 16 * 1024;

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Open TCP ports of one host probed at once.</summary>
    public const int PortsInParallel = 16;

    /// <summary>What runs on the port, or null when nothing matched (outputs then fall back to the nmap-services name).</summary>
    public async Task<ServiceInfo?> DetectAsync(IPAddress address, ushort port, CancellationToken ct)
    {
        var database = await load.ConfigureAwait(false);
        if (database.ExcludedTcp.Contains(port)) return null;
        ServiceInfo? soft = null;
        foreach (var probe in Order(database, port))
        {
            if (soft is not null && !CanMatch(database, probe, soft.Name)) continue;
            // Reading stops as soon as what came so far has a hard match, as nmap does: a banner needs no full wait.
            var (response, closedEarly) = await ExchangeAsync(address, port, probe, sofar => HardMatch(database, probe, sofar), ct).ConfigureAwait(false);
            if (response is null) return soft; // the port stopped accepting connections
            if (response.Length == 0)
            {
                // A service that hangs up at once, saying nothing, is behind a wrapper (tcpwrapped), as nmap calls it.
                if (probe == database.NullProbe && closedEarly) return new ServiceInfo("tcpwrapped");
                continue;
            }
            // The probe's own matches, then its fallbacks, then the NULL probe's, in nmap's order.
            if (database.Match(probe, response, out bool isSoft) is not { } info) continue;
            if (!isSoft) return info;
            soft ??= info;
        }
        return soft;
    }

    /// <summary>NULL first, then probes naming the port, then the rest as common as the intensity allows, in file order.</summary>
    private IEnumerable<ServiceProbe> Order(ServiceProbeDatabase database, ushort port)
    {
        var tcp = database.Probes.Where(p => p.Protocol == Protocol.Tcp && p != database.NullProbe).ToList();
        if (database.NullProbe is { } nul) yield return nul;
        foreach (var p in tcp.Where(p => p.Ports.Contains(port))) yield return p;
        foreach (var p in tcp.Where(p => !p.Ports.Contains(port) && p.Rarity <= intensity)) yield return p;
    }

    private static bool HardMatch(ServiceProbeDatabase database, ServiceProbe probe, ReadOnlySpan<byte> sofar) =>
        database.Match(probe, sofar, out bool soft) is not null && !soft;

    /// <summary>Softmatch narrowing: only probes that could still name the service precisely are worth sending.</summary>
    private static bool CanMatch(ServiceProbeDatabase database, ServiceProbe probe, string service) =>
        database.FallbackChain(probe).Any(p => p.Matches.Any(m => !m.Soft && m.Service == service));

    /// <summary>Connects, sends the probe, reads until its wait is over, the peer closes, or the cap; null when the connect fails.</summary>
    private static async Task<(byte[]? Response, bool ClosedEarly)> ExchangeAsync(IPAddress address, ushort port, ServiceProbe probe,
        Func<ReadOnlySpan<byte>, bool> enough, CancellationToken ct)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var connect = CancellationTokenSource.CreateLinkedTokenSource(ct);
        connect.CancelAfter(ConnectTimeout);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, port), connect.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return (null, false);
        }
        var clock = Stopwatch.StartNew();
        try
        {
            if (probe.Payload.Length > 0) await socket.SendAsync(probe.Payload, SocketFlags.None, ct).ConfigureAwait(false);
            var buffer = new byte[MaxResponse];
            int read = 0;
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            wait.CancelAfter(probe.TotalWait);
            while (read < buffer.Length)
            {
                int n;
                try
                {
                    n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    break; // the probe's wait is over
                }
                if (n == 0)
                    return (buffer[..read], read == 0 && clock.Elapsed < (probe.TcpWrappedWait ?? TimeSpan.FromSeconds(3)));
                read += n;
                if (enough(buffer.AsSpan(0, read))) break;
            }
            return (buffer[..read], false);
        }
        catch (SocketException)
        {
            // Reset while talking: whatever came before counts.
            return ([], false);
        }
    }
}
