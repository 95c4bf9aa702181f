using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using ProRT.Host.CommandLine;
using Xunit.Abstractions;

namespace ProRT.Host.Tests.CommandLine;

/// <summary>
/// prtip -sV and nmap -sV (installed by tests/setup.sh) against the same loopback listeners that nmap cannot name: the
/// same service names, method, conf, fingerprint (less its date, time and platform) and Service Info line. Loopback
/// only: nothing leaves the machine.
/// </summary>
public sealed class UnrecognisedServiceNmapSpecs(ITestOutputHelper output)
{
    // Bytes no nmap-service-probes line recognises: binary, NULs before and not before digits, PCRE specials.
    private static readonly byte[] Gibberish =
        [0x00, 0x31, 0x7f, 0x80, 0xff, 0x5c, 0x22, 0x20, 0x0d, 0x0a, 0x09, 0x41, 0x7a, 0x2e, 0x28, 0x00, 0x00,
         .. "zq-proto v9 [x] $^|?*+&;<> "u8, 0x9c, 0x03, 0xe1];

    private static readonly byte[] SshBanner = "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"u8.ToArray();

    [Fact]
    public async Task Unrecognised_services_and_service_info_are_reported_as_nmap_reports_them()
    {
        using var stop = new CancellationTokenSource();
        using var certificate = SelfSigned();
        var listeners = new[]
        {
            // Talks first and hangs up.
            Listen([8081, 8082, 9090, 10000], stop.Token, Gibberish),
            // Answers only an HTTP GET, with an unknown protocol.
            Listen([8888, 9001, 1111, 2222], stop.Token, null,
                request => request.AsSpan().StartsWith("GET / HTTP/1.0\r\n"u8) ? "ZQX1 hello\u0001\u0002 nothing-known\r\n"u8.ToArray() : null),
            // Greets, stays on the line, answers whatever comes next and hangs up: nmap sends the probe after the NULL
            // probe on the NULL probe's connection, and that probe's answer still holds the greeting.
            Listen([5555, 7070, 2121], stop.Token, [0x5a, 0x5a, 0x01, 0xfe, .. "ready\r\n"u8], _ => [0x5a, 0x5a, 0x02, .. "err\r\n"u8]),
            // TLS with gibberish inside: "ssl/name?".
            Listen([4433, 4443, 5443, 10443], stop.Token, Gibberish, tls: certificate),
            Listen([0], stop.Token, SshBanner, hangUp: false),
        };
        var ports = string.Join(",", listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port));

        var dir = Directory.CreateTempSubdirectory("prtip-sv-nmap-");
        try
        {
            var nmapRun = RunNmap(ports, dir.FullName);
            var prtipRun = PrtipCommand.RunAsync(["-sT", "-sV", "-p", ports, "-n", "--no-journal", "-oX", Path.Combine(dir.FullName, "prtip.xml"),
                "-oN", Path.Combine(dir.FullName, "prtip.txt"), "127.0.0.1"], new StringWriter(), new StringWriter(), new StringReader(""));
            await Task.WhenAll(nmapRun, prtipRun);
            Assert.Equal(0, await prtipRun);

            var nmap = Services(XDocument.Load(Path.Combine(dir.FullName, "nmap.xml")));
            var prtip = Services(XDocument.Load(Path.Combine(dir.FullName, "prtip.xml")));
            var nmapText = await File.ReadAllTextAsync(Path.Combine(dir.FullName, "nmap.txt"));
            var prtipText = await File.ReadAllTextAsync(Path.Combine(dir.FullName, "prtip.txt"));
            output.WriteLine("nmap:\n" + nmapText + "\nprtip:\n" + prtipText);
            foreach (var (port, n) in nmap)
                output.WriteLine($"{port}: nmap {n}\n{port}: prtip {prtip.GetValueOrDefault(port)}");

            Assert.Equal(nmap.Keys.Order(), prtip.Keys.Order());
            foreach (var (port, n) in nmap) Assert.Equal(n, prtip[port]);
            Assert.NotNull(nmap.Values.FirstOrDefault(s => s.Fingerprint is not null)); // the comparison did compare fingerprints
            Assert.Equal(Line(nmapText, "Service Info:"), Line(prtipText, "Service Info:"));
            Assert.Equal("Service Info: OS: Linux; CPE: cpe:/o:linux:linux_kernel", Line(prtipText, "Service Info:"));
            Assert.Equal(Line(nmapText, " service"), Line(prtipText, " service"));
            Assert.Equal(Line(nmapText, "PORT "), Line(prtipText, "PORT "));
            foreach (var port in nmap.Keys)
                Assert.Equal(Line(nmapText, $"{port}/tcp "), Line(prtipText, $"{port}/tcp "));
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var l in listeners) l.Stop();
            dir.Delete(recursive: true);
        }
    }

    private sealed record Service(string Name, string Method, string Conf, string? Ostype, string Cpes, string? Fingerprint);

    // Per port: what both write in <service>; the fingerprint less D=, Time= and P= (the day, the clock, the build).
    private static Dictionary<string, Service> Services(XDocument doc) =>
        doc.Descendants("port").ToDictionary(p => (string)p.Attribute("portid")!, p =>
        {
            var s = p.Element("service")!;
            var fp = (string?)s.Attribute("servicefp");
            return new Service((string)s.Attribute("name")!, (string)s.Attribute("method")!, (string)s.Attribute("conf")!,
                (string?)s.Attribute("ostype"), string.Join(" ", s.Elements("cpe").Select(c => c.Value)),
                fp is null ? null : Regex.Replace(fp, "%(D|Time|P)=[^%]*", ""));
        });

    // The line starting with (or, for " service", containing) the text, without the column padding nmap and prtip may differ in.
    private static string? Line(string text, string start) => text.Split('\n')
        .Where(l => start.StartsWith(' ') ? l.Contains(start, StringComparison.Ordinal) : l.StartsWith(start, StringComparison.Ordinal))
        .Select(l => Regex.Replace(l, " +", " ").TrimEnd()).FirstOrDefault();

    private static async Task RunNmap(string ports, string dir)
    {
        var psi = new ProcessStartInfo("nmap", ["-sV", "-p", ports, "127.0.0.1", "-oX", Path.Combine(dir, "nmap.xml"), "-oN", Path.Combine(dir, "nmap.txt")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var nmap = Process.Start(psi)!;
        var outText = nmap.StandardOutput.ReadToEndAsync();
        var errText = nmap.StandardError.ReadToEndAsync();
        await nmap.WaitForExitAsync();
        Assert.True(nmap.ExitCode == 0, $"nmap failed: {await outText}{await errText}");
    }

    private static X509Certificate2 SelfSigned()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    /// <summary>A listener on the first free port of <paramref name="wanted"/> (names from nmap-services; 0 for any).
    /// Each connection (inside TLS with <paramref name="tls"/>): the <paramref name="greeting"/> at once, then the
    /// <paramref name="answer"/> to the first bytes received (null: none), then, when <paramref name="hangUp"/>, a
    /// clean close (FIN, the peer's bytes read, never a reset).</summary>
    private static TcpListener Listen(int[] wanted, CancellationToken ct, byte[]? greeting, Func<byte[], byte[]?>? answer = null,
        bool hangUp = true, X509Certificate2? tls = null)
    {
        TcpListener? listener = null;
        foreach (int port in wanted)
        {
            try
            {
                listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start(64);
                break;
            }
            catch (SocketException)
            {
                listener = null;
            }
        }
        Assert.NotNull(listener);
        _ = Task.Run(async () =>
        {
            while (!ct.IsCancellationRequested)
            {
                Socket client;
                try
                {
                    client = await listener.AcceptSocketAsync(ct);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }
                _ = Serve(client, greeting, answer, hangUp, tls, ct);
            }
        }, ct);
        return listener;
    }

    private static async Task Serve(Socket client, byte[]? greeting, Func<byte[], byte[]?>? answer, bool hangUp, X509Certificate2? tls,
        CancellationToken ct)
    {
        using var _ = client;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        var buffer = new byte[4096];
        try
        {
            Stream stream = new NetworkStream(client, ownsSocket: false);
            await using var __ = stream;
            if (tls is not null)
            {
                var ssl = new SslStream(stream);
                stream = ssl;
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = tls }, timeout.Token);
            }
            if (greeting is not null) await stream.WriteAsync(greeting, timeout.Token);
            if (answer is not null)
            {
                int n = await stream.ReadAsync(buffer, timeout.Token);
                if (n == 0) return;
                if (answer(buffer[..n]) is { } reply) await stream.WriteAsync(reply, timeout.Token);
            }
            if (!hangUp)
            {
                while (await stream.ReadAsync(buffer, timeout.Token) > 0) { }
                return;
            }
            if (stream is SslStream tlsStream) await tlsStream.ShutdownAsync();
            client.Shutdown(SocketShutdown.Send);
            while (await client.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) > 0) { }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException
                                      or System.Security.Authentication.AuthenticationException)
        {
        }
    }
}
