using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ProRT.Actors.Services;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Services;
using Xunit;

namespace ProRT.Actors.Tests.Services;

/// <summary>ServiceProber against small servers on loopback: nmap's order kept while probes run side by side,
/// tcpwrapped, hostile services, TLS and UDP.</summary>
public sealed class ServiceProberSpecs : IDisposable
{
    private const string Probes = """
        Probe TCP NULL q||
        totalwaitms 3000
        tcpwrappedms 1000
        match banner m|^BANNER ([\d.]+)\r\n| p/Banner/ v/$1/

        Probe TCP Hello q|HELLO\r\n|
        rarity 1
        match hello m|^HI ([\d.]+)| p/Hi/ v/$1/
        """;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();

    public ServiceProberSpecs() => _listener.Start();

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private ushort Port => (ushort)((IPEndPoint)_listener.LocalEndpoint).Port;

    private static ServiceProber Prober(string probes) =>
        new(Task.FromResult(ServiceProbeDatabase.Parse(new StringReader(probes), "test")), intensity: 7);

    private static ServiceProber BuiltIn() => new(Task.FromResult(ServiceProbeDatabase.LoadBuiltIn()), intensity: 7);

    /// <summary>Accepts connections and hands each to <paramref name="serve"/>.</summary>
    private void Serve(Func<Stream, Socket, Task> serve) => _ = Task.Run(async () =>
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }
            _ = Task.Run(async () =>
            {
                using (client)
                await using (var stream = new NetworkStream(client, ownsSocket: false))
                {
                    try
                    {
                        await serve(stream, client);
                    }
                    catch (Exception)
                    {
                        // The prober hangs up when it has what it wants.
                    }
                }
            });
        }
    });

    private static async Task<string> ReadLineAsync(Stream stream, CancellationToken ct)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (await stream.ReadAsync(one, ct) == 1 && one[0] != '\n') line.Append((char)one[0]);
        return line.ToString().TrimEnd('\r');
    }

    [Fact]
    public async Task A_banner_that_comes_within_the_grace_beats_a_later_probes_quicker_match()
    {
        // Answers HELLO at once but greets every connection 100 ms in: nmap, probing one at a time, hears the greeting first.
        Serve(async (stream, _) =>
        {
            var greet = Task.Delay(100).ContinueWith(_ => stream.WriteAsync("BANNER 1.0\r\n"u8.ToArray()).AsTask()).Unwrap();
            var read = new byte[64];
            if (await stream.ReadAsync(read) > 0) await stream.WriteAsync("HI 2.0\r\n"u8.ToArray());
            await greet;
            await Task.Delay(5000);
        });
        var found = await Prober(Probes).DetectAsync(IPAddress.Loopback, Port, Protocol.Tcp, CancellationToken.None);
        Assert.Equal(("banner", "Banner", "1.0"), (found.Service?.Name, found.Service?.Product, found.Service?.Version));
        Assert.Equal("BANNER 1.0\\r\\n", found.Banner);
    }

    [Fact]
    public async Task A_silent_service_is_matched_by_a_later_probe_without_waiting_out_the_NULL_probe()
    {
        Serve(async (stream, _) =>
        {
            if (await ReadLineAsync(stream, CancellationToken.None) == "HELLO") await stream.WriteAsync("HI 2.0\r\n"u8.ToArray());
            await Task.Delay(5000);
        });
        var clock = Stopwatch.StartNew();
        var found = await Prober(Probes).DetectAsync(IPAddress.Loopback, Port, Protocol.Tcp, CancellationToken.None);
        Assert.Equal(("hello", "2.0"), (found.Service?.Name, found.Service?.Version));
        Assert.Null(found.Banner);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}"); // the NULL probe alone waits 3 s
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_service_that_hangs_up_at_once_is_tcpwrapped(bool reset)
    {
        Serve((_, socket) =>
        {
            // A close (FIN) or an abortive close (RST): both are a hang-up before a word.
            if (reset) socket.LingerState = new LingerOption(true, 0);
            else socket.Shutdown(SocketShutdown.Both);
            return Task.CompletedTask;
        });
        var found = await Prober(Probes).DetectAsync(IPAddress.Loopback, Port, Protocol.Tcp, CancellationToken.None);
        Assert.Equal("tcpwrapped", found.Service?.Name);
    }

    [Fact]
    public async Task A_service_spewing_garbage_is_read_to_the_cap_and_given_up_on_within_the_wait()
    {
        Serve(async (stream, _) =>
        {
            var junk = new byte[4096];
            while (true)
            {
                Random.Shared.NextBytes(junk);
                await stream.WriteAsync(junk);
            }
        });
        var clock = Stopwatch.StartNew();
        var found = await Prober(Probes).DetectAsync(IPAddress.Loopback, Port, Protocol.Tcp, CancellationToken.None);
        Assert.Null(found.Service);
        Assert.True(found.Answered);
        Assert.True(found.Banner!.Length <= 512);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task HTTP_inside_TLS_is_ssl_http_with_its_product()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=prtip.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var certificate = X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pfx), null);
        Serve(async (stream, _) =>
        {
            await using var tls = new SslStream(stream);
            await tls.AuthenticateAsServerAsync(certificate);
            if ((await ReadLineAsync(tls, CancellationToken.None)).StartsWith("GET ", StringComparison.Ordinal))
                await tls.WriteAsync("HTTP/1.1 200 OK\r\nServer: nginx/9.8.7\r\nContent-Length: 0\r\n\r\n"u8.ToArray());
            await Task.Delay(5000);
        });
        var found = await BuiltIn().DetectAsync(IPAddress.Loopback, Port, Protocol.Tcp, CancellationToken.None);
        Assert.Equal(("ssl/http", "nginx", "9.8.7"), (found.Service?.DisplayName, found.Service?.Product, found.Service?.Version));
    }

    [Fact]
    public async Task A_UDP_service_is_named_by_its_answer_and_a_closed_UDP_port_ends_probing_at_once()
    {
        using var dns = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        _ = Task.Run(async () =>
        {
            var query = await dns.ReceiveAsync(_stop.Token);
            // The question echoed with a CHAOS TXT answer, as dnsmasq gives for version.bind.
            var answer = query.Buffer.ToList();
            answer[2] = 0x84;
            answer[7] = 1;
            answer.AddRange([0xc0, 0x0c, 0, 0x10, 0, 3, 0, 0, 0, 0, 0, 12, 11]);
            answer.AddRange("dnsmasq-9.9"u8.ToArray());
            await dns.SendAsync(answer.ToArray(), query.RemoteEndPoint, _stop.Token);
        });
        var port = (ushort)((IPEndPoint)dns.Client.LocalEndPoint!).Port;
        var found = await BuiltIn().DetectAsync(IPAddress.Loopback, port, Protocol.Udp, CancellationToken.None);
        Assert.Equal(("domain", "dnsmasq", "9.9"), (found.Service?.Name, found.Service?.Product, found.Service?.Version));
        Assert.True(found.Answered);

        using var closed = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var closedPort = (ushort)((IPEndPoint)closed.Client.LocalEndPoint!).Port;
        closed.Close();
        var clock = Stopwatch.StartNew();
        var none = await BuiltIn().DetectAsync(IPAddress.Loopback, closedPort, Protocol.Udp, CancellationToken.None);
        Assert.Equal((null, false), (none.Service, none.Answered));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }
}
