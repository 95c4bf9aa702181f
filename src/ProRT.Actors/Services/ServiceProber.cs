using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;
using ProRT.Protocols.Services;

namespace ProRT.Actors.Services;

/// <summary>What service detection learnt about one port.</summary>
/// <param name="Service">The service, or null when nothing matched (outputs then fall back to the nmap-services name).</param>
/// <param name="Banner">What the service said unprompted (the NULL probe's answer), printable, or null.</param>
/// <param name="Answered">True when any probe got an answer: an open|filtered UDP port that answers is open.</param>
/// <param name="Fingerprint">nmap's fingerprint of the answers when no probe named the service (or only softly, at
/// intensity 7 or more, as nmap's shouldWePrintFingerprint); null otherwise or when nothing answered.</param>
public sealed record DetectedService(ServiceInfo? Service, string? Banner, bool Answered, string? Fingerprint = null);

/// <summary>
/// Service and version detection (-sV) for one port, on the nmap-service-probes model.
/// <para>Order: on TCP the NULL probe (listen for a banner), then the probes that name the port, then the rest whose
/// rarity is within the intensity, each on its own connection; UDP has no NULL probe. A hard match ends it; a soft
/// match narrows the probes still to send to those that can name its service; a TCP service that hangs up at once
/// without a word is tcpwrapped. A port found to speak TLS ("ssl") is probed again inside the tunnel, where the
/// probes naming it in sslports come first, and is reported as, say, "ssl/http".</para>
/// <para>Speed: nmap sends one probe at a time, so a silent service costs the NULL probe's whole wait (6 s) before
/// the next probe goes out. Here up to <see cref="ProbesInParallel"/> probes of the order are in flight at once and
/// the answer is still the one nmap's order gives: a later probe's hard match wins only once every earlier probe has
/// ended without one, or has had no byte back within <see cref="Grace"/> of the win (a service that talks first talks
/// at once on every connection, so the earlier probe would have seen it too).</para>
/// <para>Hostile services are bounded: at most <see cref="MaxResponse"/> bytes read per probe, each probe's wait is
/// its totalwaitms, and every regex has a timeout.</para>
/// </summary>
/// <param name="load">The probes, still loading while the port scan runs (reading 12,000 patterns takes half a second).</param>
/// <param name="intensity">--version-intensity: probes whose rarity is above it are tried only on the ports they name.</param>
/// <param name="table">Names a port no probe could name (nmap-services); nmap's own file, or the built-in table, by default.</param>
public sealed class ServiceProber(Task<ServiceProbeDatabase> load, int intensity, ServiceTable? table = null)
{
    private readonly Lazy<ServiceTable> _table = new(() => table ?? ServiceTable.LoadDefault());

    /// <summary>The service of a port probing could not name, as nmap names it (portlist.cc, setServiceProbeResults):
    /// the nmap-services name ("unknown" when there is none) with confidence 3, method "table".</summary>
    /// <param name="port">The port.</param>
    /// <param name="protocol">TCP or UDP.</param>
    /// <param name="fingerprint">The answers' fingerprint, if any.</param>
    public ServiceInfo Unrecognised(ushort port, Protocol protocol, string? fingerprint) =>
        new(_table.Value.NameOf(port, protocol) ?? "unknown", Confidence: ServiceInfo.Table, Fingerprint: fingerprint);

    /// <summary>Bytes read from one probe's answer at most.</summary>
    public const int MaxResponse = 16 * 1024;

    /// <summary>The prober a scan asks for (-sV), its database (--versiondb) starting to load in the background; null without -sV.</summary>
    /// <param name="config">The scan.</param>
    public static ServiceProber? For(Protocols.Scanning.ScanConfig config) => config.ServiceDetection
        ? new ServiceProber(Task.Run(() => ServiceProbeDatabase.Load(config.ServiceProbes)), config.VersionIntensity)
        : null;

    /// <summary>The probe database loading; faults when it cannot be read.</summary>
    public Task<ServiceProbeDatabase> Database => load;

    /// <summary>Ports of one host probed at once.</summary>
    public const int PortsInParallel = 16;

    /// <summary>Probes of one port in flight at once.</summary>
    public const int ProbesInParallel = 5;

    /// <summary>How long an earlier probe that has had no answer at all may still overturn a later probe's hard match.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(300);

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long a probe that waited behind an earlier probe's connection listens once that one is done.</summary>
    private static readonly TimeSpan ContendedTail = TimeSpan.FromSeconds(1);
    private const int BannerMax = 512;

    /// <summary>Probes one open (or, for UDP, open|filtered) port.</summary>
    /// <param name="address">The host.</param>
    /// <param name="port">The port.</param>
    /// <param name="protocol">TCP or UDP.</param>
    /// <param name="ct">Stops probing.</param>
    /// <returns>What was found; <see cref="DetectedService.Service"/> is null when nothing matched.</returns>
    public async Task<DetectedService> DetectAsync(IPAddress address, ushort port, Protocol protocol, CancellationToken ct)
    {
        var database = await load.ConfigureAwait(false);
        var excluded = protocol == Protocol.Tcp ? database.ExcludedTcp : database.ExcludedUdp;
        if (excluded.Contains(port)) return new DetectedService(null, null, false);
        var endpoint = new IPEndPoint(address, port);
        var session = new MatchSession(MatchSession.DefaultLimit);
        if (protocol == Protocol.Udp)
        {
            var udp = await new Run(database, Order(database, port, Protocol.Udp, tls: false), endpoint, Transport.Udp, intensity, session, ct).ResultAsync().ConfigureAwait(false);
            return udp with { Service = await SnmpEngine.AddEngineAsync(database, endpoint, udp.Service, ct).ConfigureAwait(false) };
        }

        var plain = await new Run(database, Order(database, port, Protocol.Tcp, tls: false), endpoint, Transport.Tcp, intensity, session, ct).ResultAsync().ConfigureAwait(false);
        if (plain.Service?.Name != "ssl") return plain;
        // TLS found: everything again inside the tunnel, as nmap does.
        var tunnel = await new Run(database, Order(database, port, Protocol.Tcp, tls: true), endpoint, Transport.Tls, intensity, session, ct).ResultAsync().ConfigureAwait(false);
        if (tunnel.Service is { } inside) return tunnel with { Service = inside with { Tunnel = "ssl" } };
        // Nothing named inside the tunnel: nmap names the port from nmap-services behind "ssl/", unsure of it ("ssl/https?").
        return tunnel with { Service = Unrecognised(port, protocol, tunnel.Fingerprint) with { Tunnel = "ssl" }, Banner = tunnel.Banner ?? plain.Banner, Answered = true };
    }

    /// <summary>NULL first (TCP), then probes naming the port (in sslports inside TLS), then the rest as common as the intensity allows, in file order.</summary>
    private List<ServiceProbe> Order(ServiceProbeDatabase database, ushort port, Protocol protocol, bool tls)
    {
        var probes = database.Probes.Where(p => p.Protocol == protocol && p != database.NullProbe).ToList();
        bool Names(ServiceProbe p) => (tls ? p.SslPorts : p.Ports).Contains(port);
        var order = new List<ServiceProbe>();
        if (protocol == Protocol.Tcp && database.NullProbe is { } nul) order.Add(nul);
        order.AddRange(probes.Where(Names));
        order.AddRange(probes.Where(p => !Names(p) && p.Rarity <= intensity));
        return order;
    }

    private enum Transport { Tcp, Tls, Udp }

    private enum Outcome { Nothing, Hard, Soft, Wrapped, Refused }

    /// <summary>One probe on its own connection.</summary>
    private sealed class Attempt(ServiceProbe probe)
    {
        private int _received;
        public ServiceProbe Probe { get; } = probe;
        public Task Task { get; set; } = Task.CompletedTask;
        /// <summary>The probes whose connections were open when this one started.</summary>
        public Task[] Earlier { get; init; } = [];
        public Outcome Outcome { get; set; }
        public ServiceInfo? Service { get; set; }
        public byte[] Response { get; set; } = [];
        /// <summary>The last match made while reading, and how many bytes it saw: the final match reuses it.</summary>
        public (int Length, ServiceInfo? Service, bool Soft) LastMatch { get; set; } = (-1, null, false);
        /// <summary>The peer reset the connection: nmap leaves such a probe's answer out of the fingerprint.</summary>
        public bool Reset { get; set; }
        public bool Received => Volatile.Read(ref _received) != 0;
        public void MarkReceived() => Volatile.Write(ref _received, 1);
    }

    /// <summary>One port's probe order, run with a window of probes in flight.</summary>
    private sealed class Run(ServiceProbeDatabase database, List<ServiceProbe> order, IPEndPoint endpoint, Transport transport, int intensity,
        MatchSession session, CancellationToken ct)
    {
        private readonly List<Attempt> _attempts = [];
        private int _next;
        private bool _refused;

        public async Task<DetectedService> ResultAsync()
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            try
            {
                DateTime? wonAt = null;
                while (true)
                {
                    Launch(stop.Token);
                    var (decided, winner, waitingOnQuiet) = Decide();
                    if (decided) return Finish(winner);
                    if (winner is not null && waitingOnQuiet)
                    {
                        // A later probe matched; earlier ones that have heard nothing get the grace period, no more.
                        wonAt ??= DateTime.UtcNow;
                        var left = wonAt.Value + Grace - DateTime.UtcNow;
                        if (left <= TimeSpan.Zero) return Finish(winner);
                        await Task.WhenAny(Running().Append(Task.Delay(left, stop.Token))).ConfigureAwait(false);
                    }
                    else
                    {
                        var running = Running().ToList();
                        // All ended since Decide looked: decide again on what they found (not "nothing").
                        if (running.Count == 0) continue;
                        await Task.WhenAny(running).ConfigureAwait(false);
                    }
                    ct.ThrowIfCancellationRequested();
                }
            }
            finally
            {
                await stop.CancelAsync().ConfigureAwait(false);
            }
        }

        private IEnumerable<Task> Running() => _attempts.Where(a => !a.Task.IsCompleted).Select(a => a.Task);

        private void Launch(CancellationToken token)
        {
            var soft = _attempts.FirstOrDefault(a => a.Task.IsCompleted && a.Outcome == Outcome.Soft)?.Service;
            while (!_refused && _next < order.Count && _attempts.Count(a => !a.Task.IsCompleted) < ProbesInParallel)
            {
                var probe = order[_next++];
                // Softmatch narrowing: only probes that can still name the service precisely are worth sending.
                if (soft is not null && !CanMatch(probe, soft.Name)) continue;
                var attempt = new Attempt(probe) { Earlier = Running().ToArray() };
                attempt.Task = ProbeAsync(attempt, token);
                _attempts.Add(attempt);
            }
        }

        /// <summary>The first hard match in order wins once nothing before it can still win.</summary>
        private (bool Decided, Attempt? Winner, bool WaitingOnQuiet) Decide()
        {
            var winner = _attempts.FirstOrDefault(a => a.Task.IsCompleted && a.Outcome is Outcome.Hard or Outcome.Wrapped && Admissible(a));
            if (winner is null)
            {
                bool more = !_refused && _next < order.Count;
                return (!more && _attempts.All(a => a.Task.IsCompleted), null, false);
            }
            bool quiet = false;
            foreach (var earlier in _attempts.TakeWhile(a => a != winner))
            {
                if (earlier.Task.IsCompleted) continue;
                if (earlier.Received) return (false, winner, false); // it is hearing something: it may still win
                quiet = true;
            }
            return (!quiet, winner, quiet);
        }

        private DetectedService Finish(Attempt? winner)
        {
            var service = winner?.Service
                ?? _attempts.FirstOrDefault(a => a.Task.IsCompleted && a.Outcome == Outcome.Soft)?.Service;
            var banner = _attempts.FirstOrDefault(a => a.Probe.Payload.Length == 0 && a.Response.Length > 0)?.Response;
            bool answered = _attempts.Any(a => a.Response.Length > 0);
            bool hard = winner?.Outcome == Outcome.Hard;
            string? fingerprint = hard || service is not null && intensity < 7 ? null : Fingerprint();
            return new DetectedService(service, banner is null ? null : Printable(banner), answered, fingerprint);
        }

        /// <summary>The answers in probe order as nmap's fingerprint. (nmap sends the probe after a NULL probe that
        /// timed out on that probe's connection without clearing the answer, so a banner is part of both, as it is
        /// here on a connection of its own.)</summary>
        private string? Fingerprint()
        {
            var fp = new ServiceFingerprint((ushort)endpoint.Port, transport == Transport.Udp ? Protocol.Udp : Protocol.Tcp,
                transport == Transport.Tls, intensity, DateTimeOffset.UtcNow);
            foreach (var a in _attempts)
                if (a.Task.IsCompleted && !a.Reset) fp.Add(a.Probe.Name, a.Response);
            return fp.Text;
        }

        /// <summary>
        /// Whether nmap, one probe at a time, would have sent this probe at all: after a softmatch it sends only the
        /// probes that can name that service. Probes launched side by side before the softmatch was known do not count.
        /// </summary>
        private bool Admissible(Attempt attempt)
        {
            foreach (var earlier in _attempts)
            {
                if (earlier == attempt) return true;
                if (earlier.Task.IsCompleted && earlier.Outcome == Outcome.Soft)
                    return CanMatch(attempt.Probe, earlier.Service!.Name);
            }
            return true;
        }

        private bool CanMatch(ServiceProbe probe, string service) =>
            database.FallbackChain(probe).Any(p => p.Matches.Any(m => !m.Soft && m.Service == service));

        /// <summary>Matches on the match threads, within the port's budget.</summary>
        private Task<(ServiceInfo? Service, bool Soft)> MatchAsync(ServiceProbe probe, byte[] response) =>
            MatchThreads.Run(() =>
            {
                var service = database.Match(probe, response, out bool soft, out _, session);
                return (service, soft);
            });

        private async Task ProbeAsync(Attempt attempt, CancellationToken token)
        {
            byte[]? response;
            bool closedEarly;
            try
            {
                (response, closedEarly) = transport == Transport.Udp
                    ? await UdpExchangeAsync(attempt, token).ConfigureAwait(false)
                    : await TcpExchangeAsync(attempt, token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
                return; // stopped: another probe decided
            }
            if (response is null)
            {
                // The port stopped accepting connections (or, on UDP, said it is closed): sending more is pointless.
                _refused = true;
                attempt.Outcome = Outcome.Refused;
                return;
            }
            attempt.Response = response;
            if (response.Length == 0)
            {
                // A service that hangs up at once, saying nothing, is behind a wrapper (tcpwrapped), as nmap calls it.
                if (attempt.Probe == database.NullProbe && closedEarly)
                {
                    attempt.Service = new ServiceInfo("tcpwrapped", Confidence: ServiceInfo.Wrapped);
                    attempt.Outcome = Outcome.Wrapped;
                }
                return;
            }
            // The probe's own matches, then its fallbacks, then the NULL probe's, in nmap's order.
            var (length, service, isSoft) = attempt.LastMatch;
            if (length != response.Length) (service, isSoft) = await MatchAsync(attempt.Probe, response).ConfigureAwait(false);
            attempt.Service = service;
            attempt.Outcome = attempt.Service is null ? Outcome.Nothing : isSoft ? Outcome.Soft : Outcome.Hard;
        }

        /// <summary>Connects (and shakes hands, inside TLS), sends the probe, reads until its wait is over, the peer
        /// closes, a hard match, or the cap; a null response when the connection cannot be made.</summary>
        private async Task<(byte[]? Response, bool ClosedEarly)> TcpExchangeAsync(Attempt attempt, CancellationToken token)
        {
            var probe = attempt.Probe;
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            Stream stream;
            using (var connect = CancellationTokenSource.CreateLinkedTokenSource(token))
            {
                connect.CancelAfter(ConnectTimeout);
                try
                {
                    await socket.ConnectAsync(endpoint, connect.Token).ConfigureAwait(false);
                    stream = new NetworkStream(socket, ownsSocket: false);
                    if (transport == Transport.Tls)
                    {
                        var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                        stream = tls;
                        // Any certificate will do: detection wants to talk to the service, not to trust it.
                        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                        {
                            TargetHost = "",
                            RemoteCertificateValidationCallback = (_, _, _, _) => true,
                        }, connect.Token).ConfigureAwait(false);
                    }
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset && !token.IsCancellationRequested)
                {
                    // Accepted and reset before the connect even returned: a hang-up before a word.
                    return ([], true);
                }
                catch (Exception e) when (e is SocketException or IOException or System.Security.Authentication.AuthenticationException
                                              or OperationCanceledException)
                {
                    // Refused, timed out or no TLS: the port is done with; unless probing was stopped from outside.
                    return (token.IsCancellationRequested ? [] : null, false);
                }
            }
            await using var _ = stream.ConfigureAwait(false);
            var clock = Stopwatch.StartNew();
            var wrappedWait = probe.TcpWrappedWait ?? TimeSpan.FromSeconds(3);
            var buffer = new byte[MaxResponse];
            int read = 0;
            try
            {
                if (probe.Payload.Length > 0) await stream.WriteAsync(probe.Payload, token).ConfigureAwait(false);
                var wait = CancellationTokenSource.CreateLinkedTokenSource(token);
                wait.CancelAfter(probe.TotalWait);
                bool extended = false;
                try
                {
                    while (read < buffer.Length)
                    {
                        int n;
                        try
                        {
                            n = await stream.ReadAsync(buffer.AsMemory(read), wait.Token).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException) when (!token.IsCancellationRequested && read == 0 && !extended &&
                                                                 attempt.Earlier.Any(t => !t.IsCompleted))
                        {
                            // Silent while an earlier probe's connection is still open: a service that serves one
                            // connection at a time (snmpd's smux) has not even read this one yet. nmap, one probe at a
                            // time, would have sent it alone: listen on until the earlier ones are done, and a moment.
                            extended = true;
                            await Task.WhenAll(attempt.Earlier).WaitAsync(token).ConfigureAwait(false);
                            wait.Dispose();
                            wait = CancellationTokenSource.CreateLinkedTokenSource(token);
                            wait.CancelAfter(ContendedTail);
                            continue;
                        }
                        if (n == 0) return (buffer[..read], read == 0 && clock.Elapsed < wrappedWait);
                        read += n;
                        attempt.MarkReceived();
                        // Reading stops as soon as what came so far has a hard match, as nmap does: a banner needs no full wait.
                        var (found, soft) = await MatchAsync(probe, buffer[..read]).ConfigureAwait(false);
                        attempt.LastMatch = (read, found, soft);
                        if (found is not null && !soft) break;
                    }
                }
                finally
                {
                    wait.Dispose();
                }
            }
            catch (OperationCanceledException)
            {
                // The probe's wait is over: whatever came counts.
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                // Reset: whatever came before counts, and a reset before a word is a hang-up like a close (tcpwrapped).
                attempt.Reset = true;
                return (buffer[..read], read == 0 && clock.Elapsed < wrappedWait && !token.IsCancellationRequested);
            }
            return (buffer[..read], false);
        }

        private async Task<(byte[]? Response, bool ClosedEarly)> UdpExchangeAsync(Attempt attempt, CancellationToken token)
        {
            var response = await UdpRoundTripAsync(endpoint, attempt.Probe, token).ConfigureAwait(false);
            if (response is { Length: > 0 }) attempt.MarkReceived();
            return (response, false);
        }
    }

    /// <summary>Sends <paramref name="probe"/> from a socket of its own and takes the first datagram back within the
    /// probe's wait: empty when nothing came, null when the port answered with ICMP port unreachable.</summary>
    internal static async Task<byte[]?> UdpRoundTripAsync(IPEndPoint endpoint, ServiceProbe probe, CancellationToken ct)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var buffer = new byte[MaxResponse];
        try
        {
            await socket.ConnectAsync(endpoint, ct).ConfigureAwait(false);
            await socket.SendAsync(probe.Payload, SocketFlags.None, ct).ConfigureAwait(false);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            wait.CancelAfter(probe.TotalWait);
            int n = await socket.ReceiveAsync(buffer, SocketFlags.None, wait.Token).ConfigureAwait(false);
            return buffer[..n];
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return null;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
            return [];
        }
    }

    /// <summary>A banner as text: printable ASCII kept, line breaks and other bytes as escapes, at most <see cref="BannerMax"/> characters.</summary>
    internal static string Printable(ReadOnlySpan<byte> banner)
    {
        var s = new System.Text.StringBuilder();
        foreach (byte b in banner)
        {
            if (s.Length >= BannerMax) break;
            switch (b)
            {
                case (byte)'\r': s.Append("\\r"); break;
                case (byte)'\n': s.Append("\\n"); break;
                case (byte)'\\': s.Append("\\\\"); break;
                case >= 0x20 and < 0x7f: s.Append((char)b); break;
                default: s.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\x{b:x2}"); break;
            }
        }
        return s.Length > BannerMax ? s.ToString(0, BannerMax) : s.ToString();
    }
}
