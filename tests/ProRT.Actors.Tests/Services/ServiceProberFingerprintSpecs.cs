using System.Net;
using System.Net.Sockets;
using ProRT.Actors.Services;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;
using ProRT.Protocols.Services;
using Xunit;

namespace ProRT.Actors.Tests.Services;

/// <summary>What ServiceProber passes out for nmap's fingerprint: the answers in probe order when no probe named the
/// service (or only softly, at intensity 7 or more), nothing after a hard match.</summary>
public sealed class ServiceProberFingerprintSpecs : IDisposable
{
    private const string Probes = """
        Probe TCP NULL q||
        totalwaitms 1000
        softmatch soft m|^SOFT|
        match hard m|^HARD|

        Probe TCP Hello q|HELLO\r\n|
        rarity 1
        totalwaitms 1000
        match hello m|^HI|
        """;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();

    public ServiceProberFingerprintSpecs() => _listener.Start();

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private ushort Port => (ushort)((IPEndPoint)_listener.LocalEndpoint).Port;

    private static ServiceProber Prober(int intensity = 7) =>
        new(Task.FromResult(ServiceProbeDatabase.Parse(new StringReader(Probes), "test")), intensity, ServiceTable.Builtin);

    // Every connection gets the greeting at once, then a clean close.
    private void Greet(byte[] greeting) => _ = Task.Run(async () =>
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
                using var _ = client;
                try
                {
                    await client.SendAsync(greeting);
                    client.Shutdown(SocketShutdown.Send);
                    var buffer = new byte[1024];
                    while (await client.ReceiveAsync(buffer) > 0) { }
                }
                catch (SocketException)
                {
                }
            });
        }
    });

    private Task<DetectedService> Detect(int intensity = 7) =>
        Prober(intensity).DetectAsync(IPAddress.Loopback, Port, Protocol.Tcp, CancellationToken.None);

    [Fact]
    public async Task An_unrecognised_service_gives_every_answer_in_probe_order()
    {
        Greet([0x01, .. "odd"u8]);
        var found = await Detect();
        Assert.Null(found.Service);
        Assert.NotNull(found.Fingerprint);
        var fp = ServiceFingerprint.Unwrapped(found.Fingerprint);
        Assert.StartsWith($"SF-Port{Port}-TCP:V=7.93%I=7%D=", fp);
        Assert.EndsWith("%r(NULL,4,\"\\x01odd\")%r(Hello,4,\"\\x01odd\");", fp);
    }

    [Fact]
    public async Task A_hard_match_gives_no_fingerprint()
    {
        Greet("HARD"u8.ToArray());
        var found = await Detect();
        Assert.Equal("hard", found.Service?.Name);
        Assert.Null(found.Fingerprint);
    }

    [Fact]
    public async Task A_soft_match_gives_one_from_intensity_7_as_nmaps_shouldWePrintFingerprint()
    {
        Greet("SOFT"u8.ToArray());
        var at7 = await Detect(7);
        Assert.Equal("soft", at7.Service?.Name);
        Assert.Contains("%r(NULL,4,\"SOFT\")", ServiceFingerprint.Unwrapped(at7.Fingerprint!));
        var at5 = await Detect(5);
        Assert.Equal("soft", at5.Service?.Name);
        Assert.Null(at5.Fingerprint);
    }

    [Fact]
    public void A_port_no_probe_named_takes_its_nmap_services_name_with_confidence_3()
    {
        var service = Prober().Unrecognised(8080, Protocol.Tcp, "SF-Port8080-TCP:...;");
        Assert.Equal(("http-proxy", "table", 3, "SF-Port8080-TCP:...;"), (service.Name, service.Method, service.Confidence, service.Fingerprint));
        Assert.Equal("http-proxy?", service.TableName(open: true));
        Assert.Equal("unknown", Prober().Unrecognised(1, Protocol.Udp, null) is { Name: "unknown" } u ? u.TableName(open: true) : "?");
    }
}
