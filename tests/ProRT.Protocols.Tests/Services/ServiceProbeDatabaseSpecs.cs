using System.Diagnostics;
using System.Text;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;
using ProRT.Protocols.Services;
using Xunit.Abstractions;

namespace ProRT.Protocols.Tests.Services;

/// <summary>The real nmap database, read once for the specs that need it (CI installs nmap).</summary>
public sealed class NmapProbeFile
{
    public const string Path = ServiceProbeDatabase.DefaultPath;

    private readonly Lazy<ServiceProbeDatabase> _db = new(() =>
    {
        Assert.True(File.Exists(Path),
            $"{Path} is missing: install nmap (apt-get install nmap) so the real service probe database can be tested.");
        return ServiceProbeDatabase.LoadDefault(Path);
    });

    public ServiceProbeDatabase Db => _db.Value;
}

public sealed class ServiceProbeDatabaseSpecs(ITestOutputHelper output, NmapProbeFile nmap) : IClassFixture<NmapProbeFile>
{
    private static ServiceProbeDatabase Parse(string text) => ServiceProbeDatabase.Parse(new StringReader(text), "test");

    private static byte[] Bytes(string latin1) => Encoding.Latin1.GetBytes(latin1);

    /// <summary>The first match of a one-probe database built from <paramref name="matchLines"/>.</summary>
    private static ServiceInfo? MatchOne(string matchLines, string response, out bool soft)
    {
        var db = Parse("Probe TCP NULL q||\n" + matchLines + "\n");
        Assert.Empty(db.Warnings);
        return db.Match(db.NullProbe!, Bytes(response), out soft);
    }

    private static ServiceInfo? MatchOne(string matchLines, string response) => MatchOne(matchLines, response, out _);

    // ---- The real nmap-service-probes ----

    [Fact]
    public void The_real_nmap_file_parses_and_nearly_every_pattern_compiles()
    {
        Assert.True(File.Exists(NmapProbeFile.Path),
            $"{NmapProbeFile.Path} is missing: install nmap (apt-get install nmap) so the real service probe database can be tested.");
        var sw = Stopwatch.StartNew();
        var db = ServiceProbeDatabase.LoadDefault(NmapProbeFile.Path);
        sw.Stop();
        output.WriteLine($"{db.Source}: probes {db.Probes.Count}, match lines {db.MatchLines}, compiled {db.Compiled}, warnings {db.Warnings.Count} (parsed and compiled in {sw.ElapsedMilliseconds} ms)");
        foreach (var w in db.Warnings) output.WriteLine("  " + w);

        Assert.Equal(ServiceProbeDatabase.DefaultPath, db.Source);
        Assert.True(db.Probes.Count >= 100, $"only {db.Probes.Count} probes");
        Assert.True(db.MatchLines >= 10_000, $"only {db.MatchLines} match lines");
        Assert.True(db.Compiled >= 0.99 * db.MatchLines, $"only {db.Compiled} of {db.MatchLines} patterns compiled");
        Assert.Equal(db.Compiled, db.Probes.Sum(p => p.Matches.Count));
        Assert.Equal(db.MatchLines - db.Compiled, db.Warnings.Count(w => w.Contains("does not compile", StringComparison.Ordinal)));
        Assert.All(db.Warnings, w => Assert.Matches(@"^line \d+: ", w));
        // Regexes are built on first use; every one of nmap's must build.
        Assert.Empty(db.CompileAll());
    }

    [Fact]
    public void The_real_file_gives_the_NULL_probe_its_waits_and_nmap_defaults()
    {
        var db = nmap.Db;
        var nul = db.NullProbe;
        Assert.NotNull(nul);
        Assert.Equal("NULL", nul.Name);
        Assert.Equal(Protocol.Tcp, nul.Protocol);
        Assert.Empty(nul.Payload);
        Assert.Equal(ServiceProbe.DefaultRarity, nul.Rarity); // the NULL probe has no rarity line
        Assert.Equal(TimeSpan.FromMilliseconds(6000), nul.TotalWait);
        Assert.Equal(TimeSpan.FromMilliseconds(3000), nul.TcpWrappedWait);
        Assert.Equal(Enumerable.Range(9100, 8).Select(p => (ushort)p), db.ExcludedTcp);
        Assert.Empty(db.ExcludedUdp);

        var get = db.FindProbe("GetRequest", Protocol.Tcp);
        Assert.NotNull(get);
        Assert.Equal(Bytes("GET / HTTP/1.0\r\n\r\n"), get.Payload);
        Assert.Equal(1, get.Rarity);
        Assert.Equal(TimeSpan.FromSeconds(5), get.TotalWait);
        Assert.Null(get.TcpWrappedWait);
        Assert.Contains((ushort)80, get.Ports);
        Assert.Contains((ushort)443, get.SslPorts);

        var options = db.FindProbe("HTTPOptions", Protocol.Tcp)!;
        Assert.Equal(["GetRequest"], options.Fallback);
        Assert.Equal(["HTTPOptions", "GetRequest", "NULL"], db.FallbackChain(options).Select(p => p.Name));

        // A TCP probe may fall back on a UDP one.
        var dnsTcp = db.FindProbe("DNSVersionBindReqTCP", Protocol.Tcp)!;
        Assert.Contains(db.FallbackChain(dnsTcp), p => p.Name == "DNSVersionBindReq" && p.Protocol == Protocol.Udp);

        var udp = db.FindProbe("DNSStatusRequest", Protocol.Udp)!;
        Assert.Equal(new byte[] { 0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, udp.Payload);
        Assert.DoesNotContain(db.FallbackChain(udp), p => p.Name == "NULL");
    }

    [Fact]
    public void The_real_file_names_a_Debian_OpenSSH_banner_as_nmap_does()
    {
        var db = nmap.Db;
        var info = db.Match(db.NullProbe!, Bytes("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"), out bool soft, out var rule);

        // What nmap 7.93 -sV reports for this banner (line "match ssh ...[ -]{1,2}Debian[ -_]([^\r\n]+)\r?\n").
        Assert.NotNull(info);
        Assert.False(soft);
        Assert.Equal("ssh", info.Name);
        Assert.Equal("OpenSSH", info.Product);
        Assert.Equal("9.2p1 Debian 2+deb12u3", info.Version);
        Assert.Equal("protocol 2.0", info.ExtraInfo);
        Assert.Equal("Linux", info.OsHint);
        Assert.Equal(["cpe:/a:openbsd:openssh:9.2p1", "cpe:/o:linux:linux_kernel"], info.Cpes);
        output.WriteLine($"matched by line {rule!.Line}: {rule.Pattern}");
    }

    [Fact]
    public void The_real_file_names_an_nginx_answer_to_GetRequest()
    {
        var db = nmap.Db;
        var get = db.FindProbe("GetRequest", Protocol.Tcp)!;
        var response = "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Tue, 25 Nov 2025 17:00:00 GMT\r\n"
            + "Content-Type: text/html\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello";
        var info = db.Match(get, Bytes(response), out bool soft);

        Assert.NotNull(info);
        Assert.False(soft);
        Assert.Equal("http", info.Name);
        Assert.Equal("nginx", info.Product);
        Assert.Equal("1.22.1", info.Version);
        Assert.Equal("cpe:/a:igor_sysoev:nginx:1.22.1", info.Cpe);
    }

    [Fact]
    public void The_real_file_reaches_GetRequest_matches_through_the_HTTPOptions_fallback()
    {
        var db = nmap.Db;
        var options = db.FindProbe("HTTPOptions", Protocol.Tcp)!;
        var info = db.Match(options, Bytes("HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nAllow: GET, HEAD\r\n\r\n"), out bool soft);
        Assert.Equal(("http", "nginx", "1.22.1", false), (info?.Name, info?.Product, info?.Version, soft));
    }

    [Fact]
    public void The_real_file_uses_the_I_helper_on_binary_answers()
    {
        // match ms-sql-s ... \xff\x0b\x00(..)| p/Microsoft SQL Server 2012/ v/11.00.$I(1,">")/
        var db = nmap.Db;
        var probe = db.Probes.First(p => p.Matches.Any(m => m.VersionTemplate?.StartsWith("11.00.$I(1,", StringComparison.Ordinal) == true));
        var rule = probe.Matches.First(m => m.VersionTemplate?.StartsWith("11.00.$I(1,", StringComparison.Ordinal) == true);
        var response = "\x04\x01\x00\x25\x00\x00\x01\x00\x00\x00\x15\x00\x06\x01\x00\x1b\x00\x01\x02\x00\x1c\x00\x01\x03\x00\x1d\x00\x00\xff\x0b\x00\x0c\x38" + new string('\0', 12);
        var info = rule.Match(response);
        Assert.NotNull(info);
        Assert.Equal("Microsoft SQL Server 2012", info.Product);
        Assert.Equal("11.00.3128", info.Version); // 0x0c38
    }

    [Fact]
    public void Binary_garbage_never_throws_against_the_real_file()
    {
        var db = nmap.Db;
        var rng = new Random(1234);
        var samples = new List<byte[]> { Array.Empty<byte>(), new byte[] { 0 }, new byte[] { 0xff, 0xfe, 0xfd }, Bytes("\r\n\r\n"), Bytes(new string('\xff', 3000)) };
        for (int i = 0; i < 3; i++)
        {
            var b = new byte[rng.Next(1, 2048)];
            rng.NextBytes(b);
            samples.Add(b);
        }
        var sw = Stopwatch.StartNew();
        foreach (var sample in samples)
            foreach (var probe in db.Probes)
                _ = probe.Match(sample, out _);
        foreach (var sample in samples)
            _ = db.Match(db.NullProbe!, sample, out _);
        output.WriteLine($"{samples.Count} samples x {db.Probes.Count} probes in {sw.ElapsedMilliseconds} ms");
    }

    // ---- Built-in set ----

    [Fact]
    public void The_built_in_set_parses_cleanly_and_is_used_when_the_file_is_missing()
    {
        var db = ServiceProbeDatabase.LoadDefault("/nonexistent/nmap-service-probes");
        Assert.Equal(ServiceProbeDatabase.BuiltInSource, db.Source);
        Assert.Empty(db.Warnings);
        Assert.Equal(db.MatchLines, db.Compiled);
        Assert.True(db.MatchLines >= 15);
        Assert.NotNull(db.NullProbe);
        Assert.Empty(db.NullProbe.Payload);
        Assert.Equal(Enumerable.Range(9100, 8).Select(p => (ushort)p), db.ExcludedTcp);
        Assert.Equal(["NULL", "GetRequest", "TLSClientHello", "RedisPing", "DNSVersionBindReqTCP", "DNSVersionBindReqUDP", "SNMPv1GetSysName", "SNMPv3GetRequest"],
            db.Probes.Select(p => p.Name));
        Assert.Equal(Bytes("GET / HTTP/1.0\r\n\r\n"), db.FindProbe("GetRequest", Protocol.Tcp)!.Payload);
        output.WriteLine($"built-in: probes {db.Probes.Count}, match lines {db.MatchLines}, compiled {db.Compiled}");
    }

    [Theory]
    [InlineData("NULL", "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n", "ssh", "OpenSSH", "9.2p1 Debian 2+deb12u3", "protocol 2.0", false)]
    [InlineData("NULL", "SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.6\r\n", "ssh", "OpenSSH", "8.9p1 Ubuntu 3ubuntu0.6", "Ubuntu Linux; protocol 2.0", false)]
    [InlineData("NULL", "SSH-2.0-OpenSSH_9.6\r\n", "ssh", "OpenSSH", "9.6", "protocol 2.0", false)]
    [InlineData("NULL", "SSH-1.99-SomethingElse\r\n", "ssh", null, null, "protocol 1.99", true)]
    [InlineData("NULL", "220 (vsFTPd 3.0.3)\r\n", "ftp", "vsftpd", "3.0.3", null, false)]
    [InlineData("NULL", "220 files.example.org FTP server ready\r\n", "ftp", null, null, null, true)]
    [InlineData("NULL", "220 mx.example.org ESMTP Postfix (Debian/GNU)\r\n", "smtp", "Postfix smtpd", null, null, false)]
    [InlineData("NULL", "220 mx.example.org ESMTP Exim 4.96 Tue, 25 Nov 2025\r\n", "smtp", "Exim smtpd", "4.96", null, false)]
    [InlineData("GetRequest", "HTTP/1.1 200 OK\r\nDate: x\r\nServer: nginx/1.22.1\r\nContent-Length: 0\r\n\r\n", "http", "nginx", "1.22.1", null, false)]
    [InlineData("GetRequest", "HTTP/1.1 404 Not Found\r\nServer: Apache/2.4.62 (Debian)\r\n\r\n", "http", "Apache httpd", "2.4.62", "Debian", false)]
    [InlineData("GetRequest", "HTTP/1.0 200 OK\r\nServer: SimpleHTTP/0.6\r\n\r\nServer: nginx/1.0\r\n", "http", null, null, null, true)]
    [InlineData("GetRequest", "SSH-2.0-OpenSSH_9.6\r\n", "ssh", "OpenSSH", "9.6", "protocol 2.0", false)] // NULL probe is the last fallback
    [InlineData("RedisPing", "+PONG\r\n", "redis", "Redis key-value store", null, null, false)]
    [InlineData("RedisPing", "-NOAUTH Authentication required.\r\n", "redis", "Redis key-value store", null, "authentication required", false)]
    public void The_built_in_set_names_common_services(string probeName, string response, string service, string? product,
        string? version, string? extra, bool expectSoft)
    {
        var db = ServiceProbeDatabase.LoadBuiltIn();
        var probe = db.FindProbe(probeName, Protocol.Tcp)!;
        var info = db.Match(probe, Bytes(response), out bool soft);
        Assert.NotNull(info);
        Assert.Equal((service, product, version, extra, expectSoft), (info.Name, info.Product, info.Version, info.ExtraInfo, soft));
    }

    [Fact]
    public void The_built_in_set_reads_the_dnsmasq_version()
    {
        var db = ServiceProbeDatabase.LoadBuiltIn();
        var probe = db.FindProbe("DNSVersionBindReqTCP", Protocol.Tcp)!;
        var answer = "\0\x3a" + "\0\x06\x85\x80\0\x01\0\x01\0\0\0\0" + "\x07version\x04" + "bind\0\0\x10\0\x03"
            + "\xc0\x0c\0\x10\0\x03\0\0\0\0\0\x0d\x0c" + "dnsmasq-2.89";
        var info = db.Match(probe, Bytes(answer), out bool soft);
        Assert.Equal(("domain", "dnsmasq", "2.89", "cpe:/a:thekelleys:dnsmasq:2.89", false), (info?.Name, info?.Product, info?.Version, info?.Cpe, soft));
    }

    [Fact]
    public void Nothing_matches_silence_or_an_unknown_answer()
    {
        var db = ServiceProbeDatabase.LoadBuiltIn();
        Assert.Null(db.Match(db.NullProbe!, [], out bool soft));
        Assert.False(soft);
        Assert.Null(db.Match(db.NullProbe!, Bytes("hello\r\n"), out soft, out var rule));
        Assert.Null(rule);
    }

    // ---- Probe strings ----

    [Fact]
    public void Probe_strings_decode_nmap_escapes()
    {
        var db = Parse("Probe UDP Esc q|\\0\\\\\\a\\b\\f\\n\\r\\t\\v\\x41\\xfF\\|z \\\"|\n");
        var probe = Assert.Single(db.Probes);
        Assert.Equal(Protocol.Udp, probe.Protocol);
        Assert.Equal(new byte[] { 0, (byte)'\\', 7, 8, 12, 10, 13, 9, 11, 0x41, 0xFF, (byte)'|', (byte)'z', (byte)' ', (byte)'"' }, probe.Payload);
        Assert.Equal(1, probe.Line);
        Assert.Empty(probe.Matches);
        Assert.Equal(ServiceProbe.DefaultRarity, probe.Rarity);
        Assert.Equal(TimeSpan.FromSeconds(5), probe.TotalWait);
    }

    [Theory]
    [InlineData("Probe TCP A q/GET \\/x/", "GET /x")]
    [InlineData("Probe TCP A q=a|b=", "a|b")]
    [InlineData("Probe TCP A q||", "")]
    [InlineData("Probe TCP A q|x| no-payload", "x")]
    [InlineData("Probe TCP A q|\\0\\x30|", "\0" + "0")] // \0 is NUL alone, never octal
    public void Probe_strings_take_any_delimiter(string line, string payload)
    {
        Assert.Equal(Bytes(payload), Assert.Single(Parse(line).Probes).Payload);
    }

    // ---- Version templates and helpers ----

    [Fact]
    public void Templates_substitute_groups_and_trim_like_nmap()
    {
        var info = MatchOne("match svc m|^(\\w+) (\\w+) ?(\\w*)| p/$1/ v/$2, $3/ i/info: $2 / o/$1 OS/ h/$2/ d/router/ cpe:/a:vendor:$1:$2/ cpe:/o:linux:linux_kernel/a",
            "Hello World  ");
        Assert.NotNull(info);
        Assert.Equal("svc", info.Name);
        Assert.Equal("Hello", info.Product);
        Assert.Equal("World", info.Version); // ", " trailing is trimmed; $3 matched nothing
        Assert.Equal("info: World", info.ExtraInfo);
        Assert.Equal("Hello OS", info.OsHint);
        Assert.Equal("cpe:/a:vendor:hello:world cpe:/o:linux:linux_kernel", info.Cpe); // every part, a before o
        Assert.Equal("router", info.DeviceType);
    }

    [Fact]
    public void Values_put_into_a_CPE_are_lower_cased_with_reserved_characters_escaped()
    {
        var info = MatchOne("match x m|^(.+)$| cpe:/a:Vendor:$1/a", "Big Product/2.0+x");
        Assert.Equal("cpe:/a:Vendor:big_product%2F2.0%2Bx", info?.Cpe);
    }

    [Fact]
    public void The_P_helper_keeps_printable_characters_only()
    {
        var info = MatchOne("match smb m|^N(.*)\\0\\0$|s p/$P(1)/", "NW\0O\0R\0K\0\x01G\xe9ROUP\0\0");
        Assert.Equal("WORKGROUP", info?.Product);
    }

    [Fact]
    public void The_SUBST_helper_replaces_text_in_a_group()
    {
        var info = MatchOne("match x m|^v(\\S+) (\\S+) (.+)$|s v/$SUBST(1,\"_\",\".\")/ i/$SUBST(2, \"%20\", \" \")/ p/$SUBST(3,\"\\r\\n\",\",\")/",
            "v1_2_3 a%20b one\r\ntwo");
        Assert.Equal(("1.2.3", "a b", "one,two"), (info?.Version, info?.ExtraInfo, info?.Product));
    }

    [Fact]
    public void The_I_helper_reads_unsigned_integers_in_either_byte_order()
    {
        var info = MatchOne("match x m|^I(..)(....)(.)|s v/$I(1,\">\")/ i/$I(2,\"<\")/ p/n$I(3,\">\")/", "I\x0c\x38\x01\x00\x00\x80\xff");
        Assert.Equal(("3128", "2147483649", "n255"), (info?.Version, info?.ExtraInfo, info?.Product));
    }

    [Fact]
    public void A_template_that_cannot_be_filled_is_left_empty()
    {
        var info = MatchOne("match x m|^(a)| p/$5/ v/$Q(1)/ i/$P(x)/ o/$0/", "abc");
        Assert.NotNull(info);
        Assert.Equal(("x", null, null, null, null), (info.Name, info.Product, info.Version, info.ExtraInfo, info.OsHint));
    }

    [Fact]
    public void A_field_longer_than_nmap_allows_is_dropped()
    {
        var info = MatchOne("match x m|^(.*)$| p/$1/ i/$1/", new string('x', 100));
        Assert.Null(info?.Product); // nmap keeps 79 characters of product
        Assert.Equal(new string('x', 100), info?.ExtraInfo); // and 255 of extra info
    }

    [Fact]
    public void Hostname_and_device_type_fill_ServiceInfo()
    {
        var db = Parse("Probe TCP NULL q||\nmatch smtp m|^220 (\\S+) | p/mailer/ h/$1/ d/mail server/\n");
        var rule = db.NullProbe!.Matches[0];
        Assert.Equal("$1", rule.HostnameTemplate);
        Assert.Equal("mx.example.org", rule.MatchHostname("220 mx.example.org ready"));
        Assert.Equal("mail server", rule.MatchDeviceType("220 mx.example.org ready"));
        Assert.Equal(new ServiceInfo("smtp", "mailer", Hostname: "mx.example.org", DeviceType: "mail server"), rule.Match("220 mx.example.org ready"));
    }

    // ---- Patterns: flags, delimiters, PCRE syntax ----

    [Theory]
    [InlineData("match x m|^abc|", "ABC", false)]
    [InlineData("match x m|^abc|i", "ABC", true)]
    [InlineData("match x m|^a.c|", "a\nc", false)]
    [InlineData("match x m|^a.c|s", "a\nc", true)]
    [InlineData("match x m|^a.c|si", "A\nC", true)]
    [InlineData("match x m=^a|b=", "b", true)]
    [InlineData("match x m%^100\\%$%", "100%", true)]
    [InlineData("match x m@^user\\@host@", "user@host", true)]
    [InlineData("match x m/^\\/path/", "/path", true)]
    public void Patterns_take_any_delimiter_and_the_i_and_s_flags(string line, string response, bool matches)
    {
        Assert.Equal(matches, MatchOne(line, response) is not null);
    }

    [Theory]
    // \Q...\E quoting
    [InlineData(@"^\Q(a+)*.\E$", "(a+)*.", true)]
    [InlineData(@"^\Q(a+)*.\E$", "aaa.", false)]
    [InlineData(@"^x\Q.\E+$", "x...", true)]
    // possessive quantifiers give back nothing
    [InlineData(@"^a*+a", "aaaa", false)]
    [InlineData(@"^a++b", "aaab", true)]
    [InlineData(@"^a?+a", "a", false)]
    [InlineData(@"^a{1,3}+a", "aaa", false)]
    [InlineData(@"^(?:ab)*+ab", "ababab", false)]
    [InlineData(@"^[a-c]++c", "abc", false)]
    [InlineData(@"^[a-c]+c", "abc", true)]
    // POSIX classes inside brackets
    [InlineData(@"^[[:alpha:]]+[[:digit:]]+[[:space:]]$", "abcXYZ123\t", true)]
    [InlineData(@"^[[:alnum:]_]+$", "a_1", true)]
    [InlineData(@"^[[:upper:]][[:lower:]]+$", "Hello", true)]
    [InlineData(@"^[[:upper:]][[:lower:]]+$", "hello", false)]
    [InlineData(@"^[[:punct:]]+$", "!-/:@[`{~", true)]
    [InlineData(@"^[[:xdigit:]]+$", "09afAF", true)]
    [InlineData(@"^[[:xdigit:]]+$", "g", false)]
    [InlineData(@"^[[:print:]]+$", "a b~", true)]
    [InlineData(@"^[[:print:]]+$", "a\x01", false)]
    [InlineData(@"^[[:^digit:]]+$", "abc", true)]
    // \h horizontal space, \R any newline, \N not a newline
    [InlineData(@"^a\h+b$", "a \t\xa0" + "b", true)]
    [InlineData(@"^a\h+b$", "a\nb", false)]
    [InlineData(@"^a\Hb$", "axb", true)]
    [InlineData(@"^a\Rb\Rc$", "a\r\nb\nc", true)]
    [InlineData(@"^\N+$", "ab\ncd", false)]
    // byte-mode shorthands are ASCII only, as in nmap's PCRE
    [InlineData(@"^\w+$", "caf\xe9", false)]
    [InlineData(@"^[\w.]+$", "caf\xe9", false)]
    [InlineData(@"^\W$", "\xe9", true)]
    [InlineData(@"^[^\W]$", "\xe9", false)]
    [InlineData(@"^\s$", "\xa0", false)]
    [InlineData(@"^\s$", "\v", true)]
    [InlineData(@"^\d$", "\xb2", false)]
    [InlineData(@"^\bcaf\b", "caf\xe9", true)]
    // escapes .NET spells differently or not at all
    [InlineData(@"^\x{41}\x4\x$", "A\x04\0", true)]
    [InlineData(@"^\101\0\012$", "A\0\n", true)]
    [InlineData(@"^\_\%\y$", "_%y", true)]
    [InlineData(@"^\e\cA$", "\x1b\x01", true)]
    // named groups and back references keep PCRE numbering
    [InlineData(@"^(?P<word>\w+) (?P=word)$", "hey hey", true)]
    [InlineData(@"^(?P<word>\w+) (?P=word)$", "hey you", false)]
    [InlineData(@"^(?<a>x)(y)\2\k<a>$", "xyyx", true)]
    [InlineData(@"^(a)(b)\g{-1}\g1$", "abba", true)]
    // brackets: a literal '[' (never .NET class subtraction), ']' first, escaped and trailing '-'
    [InlineData(@"^[\w-[]+$", "a-[", true)]
    [InlineData(@"^[]a]+$", "]a]", true)]
    [InlineData(@"^[^]a]$", "b", true)]
    [InlineData(@"^[a\-z]+$", "a-z", true)]
    [InlineData(@"^[a\-z]+$", "b", false)]
    [InlineData(@"^[ -_]$", "A", true)]
    [InlineData(@"^[\x00-\x1f]$", "\x1f", true)]
    [InlineData(@"^x{,2}$", "x{,2}", true)]
    [InlineData(@"^(?i)abc(?-i)D$", "ABCD", true)]
    [InlineData(@"^(?i)abc(?-i)D$", "ABCd", false)]
    [InlineData(@"^(?#note)a$", "a", true)]
    public void PCRE_syntax_is_translated_for_dotnet(string pattern, string response, bool matches)
    {
        var db = Parse("Probe TCP NULL q||\nmatch x m|" + pattern + "|\n");
        Assert.True(db.Warnings.Count == 0, string.Join("; ", db.Warnings) + " => " + TryTranslate(pattern));
        Assert.Equal(matches, db.Match(db.NullProbe!, Bytes(response), out _) is not null);
    }

    private static string TryTranslate(string pattern)
    {
        try { return PcreTranslator.ToDotNet(pattern); }
        catch (Exception ex) { return ex.Message; }
    }

    [Fact]
    public void Named_groups_keep_PCRE_group_numbers_for_templates()
    {
        // .NET numbers named groups after unnamed ones; nmap's $2 means the second group in the pattern.
        var info = MatchOne(@"match x m|^(?P<vendor>\w+) (\w+)| p/$1/ v/$2/", "Acme 42");
        Assert.Equal(("Acme", "42"), (info?.Product, info?.Version));
    }

    [Theory]
    [InlineData(@"(?R)")]
    [InlineData(@"a\Kb")]
    [InlineData(@"(?|(a)|(b))")]
    [InlineData(@"(*UTF8)a")]
    [InlineData(@"(unclosed")]
    [InlineData(@"[z-a]")]
    [InlineData(@"(?U)a+")]
    [InlineData(@"(?x) a b")]
    public void A_pattern_dotnet_cannot_run_is_a_warning_not_an_error(string pattern)
    {
        var db = Parse("Probe TCP NULL q||\nmatch ok m|^ok|\n\nmatch bad m@" + pattern + "@\nsoftmatch ok2 m|^ok2|\n");
        Assert.Equal(3, db.MatchLines);
        Assert.Equal(2, db.Compiled);
        var warning = Assert.Single(db.Warnings);
        Assert.StartsWith("line 4: ", warning);
        Assert.Equal(["ok", "ok2"], db.NullProbe!.Matches.Select(m => m.Service));
        Assert.Equal([2, 5], db.NullProbe.Matches.Select(m => m.Line));
        Assert.True(db.NullProbe.Matches[1].Soft);
    }

    [Fact]
    public void A_catastrophic_pattern_times_out_as_no_match()
    {
        var db = Parse("Probe TCP NULL q||\nmatch evil m|^(a+)+$|\nmatch evil2 m|^(\\w+\\s?)*$|\n");
        Assert.Empty(db.Warnings);
        var evil = db.NullProbe!.Matches[0];
        Assert.Equal(ServiceMatch.MatchTimeout, evil.Regex.MatchTimeout);

        var sw = Stopwatch.StartNew();
        Assert.Null(evil.Match(new string('a', 5000) + "!"));
        Assert.Null(db.Match(db.NullProbe, Bytes(new string('a', 5000) + "!"), out _));
        sw.Stop();
        output.WriteLine($"two catastrophic matches gave up after {sw.ElapsedMilliseconds} ms");
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(2), $"took {sw.Elapsed}");
    }

    [Fact]
    public void AsText_maps_each_byte_to_one_char()
    {
        byte[] all = Enumerable.Range(0, 256).Select(b => (byte)b).ToArray();
        string text = ServiceMatch.AsText(all);
        Assert.Equal(256, text.Length);
        Assert.All(Enumerable.Range(0, 256), i => Assert.Equal(i, text[i]));
        var info = MatchOne(@"match x m|^\x00\x7f\x80\xff(.)|s v/$I(1,"">"")/", "\0\x7f\x80\xff\xfe");
        Assert.Equal("254", info?.Version);
    }

    // ---- Directives ----

    [Fact]
    public void Probe_directives_fill_the_probe()
    {
        var db = Parse("""
            # comment
            Exclude 53,T:9100-9102,U:30000-30001

            Probe TCP First q|a|
            rarity 7
            ports 21-23,80
            sslports 443, 8443
            totalwaitms 1500
            tcpwrappedms 200
            fallback Second,Missing
              # indented comment
            match a m|^a|
            Probe UDP Second q|b|
            softmatch b m|^b|
            """);
        Assert.Equal([53, 9100, 9101, 9102], db.ExcludedTcp);
        Assert.Equal([53, 30000, 30001], db.ExcludedUdp);
        Assert.Null(db.NullProbe);
        var first = db.Probes[0];
        Assert.Equal(("First", Protocol.Tcp, 7, 4), (first.Name, first.Protocol, first.Rarity, first.Line));
        Assert.Equal([21, 22, 23, 80], first.Ports);
        Assert.Equal([443, 8443], first.SslPorts);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), first.TotalWait);
        Assert.Equal(TimeSpan.FromMilliseconds(200), first.TcpWrappedWait);
        Assert.Equal(["Second", "Missing"], first.Fallback);
        Assert.Equal(["First", "Second"], db.FallbackChain(first).Select(p => p.Name));
        Assert.Contains(db.Warnings, w => w.StartsWith("line 4: ", StringComparison.Ordinal) && w.Contains("Missing", StringComparison.Ordinal));
        Assert.Equal((2, 2), (db.MatchLines, db.Compiled));

        var info = db.Match(first, Bytes("b"), out bool soft);
        Assert.Equal(("b", true), (info?.Name, soft));
        Assert.Equal("a", db.Match(first, Bytes("a"), out soft)?.Name);
        Assert.False(soft);
    }

    [Fact]
    public void A_hard_match_anywhere_in_the_chain_beats_an_earlier_softmatch()
    {
        var db = Parse("""
            Probe TCP NULL q||
            match ssh m|^SSH-2\.0-Good|
            Probe TCP Other q|x|
            softmatch ssh m|^SSH-|
            match never m|^nothing|
            """);
        var other = db.FindProbe("Other", Protocol.Tcp)!;
        var info = db.Match(other, Bytes("SSH-2.0-Good"), out bool soft, out var rule);
        Assert.Equal(("ssh", false, 2), (info?.Name, soft, rule?.Line));
        info = other.Match(Bytes("SSH-2.0-Good"), out soft); // the probe alone only knows its softmatch
        Assert.Equal(("ssh", true), (info?.Name, soft));
    }

    [Theory]
    [InlineData("Probe TCP NULL q||\nbogus directive", 2, "unknown directive")]
    [InlineData("match ssh m|^SSH|", 1, "before any Probe")]
    [InlineData("# c\nports 80", 2, "before any Probe")]
    [InlineData("Probe TCP A q|abc", 1, "unterminated probe string")]
    [InlineData("Probe TCP A", 1, "Probe needs")]
    [InlineData("Probe SCTP A q||", 1, "protocol")]
    [InlineData("Probe TCP A x||", 1, "start with q")]
    [InlineData("Probe TCP A q|\\q|", 1, "unknown escape")]
    [InlineData("Probe TCP A q|\\x4|", 1, "two hexadecimal digits")]
    [InlineData("Probe TCP A q|a| junk", 1, "unexpected text")]
    [InlineData("Probe TCP A q||\n\nmatch ssh m|^SSH", 3, "unterminated pattern")]
    [InlineData("Probe TCP A q||\nmatch ssh", 2, "service name")]
    [InlineData("Probe TCP A q||\nmatch ssh x|a|", 2, "start with m")]
    [InlineData("Probe TCP A q||\nmatch ssh m|a|x", 2, "unknown pattern flag")]
    [InlineData("Probe TCP A q||\nmatch ssh m|a| p/x", 2, "unterminated version field")]
    [InlineData("Probe TCP A q||\nmatch ssh m|a| z/x/", 2, "unknown version field")]
    [InlineData("Probe TCP A q||\nrarity 0", 2, "bad rarity")]
    [InlineData("Probe TCP A q||\nrarity 10", 2, "bad rarity")]
    [InlineData("Probe TCP A q||\nrarity high", 2, "bad rarity")]
    [InlineData("Probe TCP A q||\nports 80,x", 2, "bad port list")]
    [InlineData("Probe TCP A q||\nports 70000", 2, "bad port list")]
    [InlineData("Probe TCP A q||\nsslports 443-80", 2, "bad port list")]
    [InlineData("Exclude T:80,Q:1", 1, "bad port list")]
    [InlineData("Exclude 1\nExclude 2", 2, "only one Exclude")]
    [InlineData("Probe TCP A q||\ntotalwaitms soon", 2, "bad totalwaitms")]
    [InlineData("Probe TCP A q||\nfallback ,", 2, "bad fallback")]
    public void Structurally_bad_lines_throw_with_the_line_number(string text, int line, string reason)
    {
        var ex = Assert.Throws<ServiceProbeFormatException>(() => Parse(text));
        Assert.Equal(line, ex.Line);
        Assert.Equal("test", ex.Origin);
        Assert.StartsWith($"test:line {line}: ", ex.Message);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_cpe_per_part_the_later_template_of_a_part_winning_listed_as_application_hardware_os()
    {
        // nmap's getVersionStr keeps cpe_a, cpe_h and cpe_o; processResults lists them in that order.
        var info = MatchOne("match svc m|^(\\w+)| cpe:/o:first:os/ cpe:/a:app:$1/ cpe:/h:box:one/ cpe:/o:second:os/", "abc");
        Assert.Equal(["cpe:/a:app:abc", "cpe:/h:box:one", "cpe:/o:second:os"], info?.Cpes);
    }
}
