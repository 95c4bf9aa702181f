using System.Globalization;
using System.Text;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;

namespace ProRT.Protocols.Services;

/// <summary>
/// nmap's service and version detection database (the nmap-service-probes format): probes to send, and the
/// match/softmatch patterns that name the service and version from the answers.
/// </summary>
/// <remarks>
/// <para>The file is line-oriented; '#' comments and blank lines are skipped. Directives: <c>Exclude</c> (port list with
/// T:/U: prefixes), <c>Probe TCP|UDP name q|payload| [no-payload]</c>, then for that probe <c>match</c>,
/// <c>softmatch</c>, <c>ports</c>, <c>sslports</c>, <c>rarity</c>, <c>fallback</c>, <c>totalwaitms</c> and
/// <c>tcpwrappedms</c>.</para>
/// <para>Structural problems throw <see cref="ServiceProbeFormatException"/>. A match line whose pattern .NET cannot
/// compile (even after translating PCRE syntax) is skipped and reported in <see cref="Warnings"/>, as is a fallback
/// naming a probe that does not exist.</para>
/// </remarks>
public sealed class ServiceProbeDatabase
{
    /// <summary>Where nmap installs its probe database on Linux.</summary>
    public const string DefaultPath = "/usr/share/nmap/nmap-service-probes";

    /// <summary><see cref="Source"/> of the database built from <see cref="BuiltInProbes"/>.</summary>
    public const string BuiltInSource = "built-in";

    private readonly Dictionary<ServiceProbe, ServiceProbe[]> _chains;

    private ServiceProbeDatabase(string source, List<ServiceProbe> probes, ushort[] excludedTcp, ushort[] excludedUdp,
        List<string> warnings, int matchLines, int compiled)
    {
        Source = source;
        Probes = probes;
        ExcludedTcp = excludedTcp;
        ExcludedUdp = excludedUdp;
        Warnings = warnings;
        MatchLines = matchLines;
        Compiled = compiled;
        NullProbe = probes.FirstOrDefault(p => p.Name == "NULL" && p.Protocol == Protocol.Tcp);
        _chains = new Dictionary<ServiceProbe, ServiceProbe[]>(ReferenceEqualityComparer.Instance);
        foreach (var p in probes) _chains[p] = BuildChain(p, null);
        foreach (var w in CheckFallbacks()) warnings.Add(w);
    }

    /// <summary>Where the database was read from: a path, <see cref="BuiltInSource"/>, or the name given to <see cref="Parse"/>.</summary>
    public string Source { get; }

    /// <summary>Every probe, in file order.</summary>
    public IReadOnlyList<ServiceProbe> Probes { get; }

    /// <summary>The TCP probe named NULL, which sends nothing and reads the banner; null when the file has none.</summary>
    public ServiceProbe? NullProbe { get; }

    /// <summary>TCP ports the Exclude directive keeps out of version detection, ascending.</summary>
    public IReadOnlyCollection<ushort> ExcludedTcp { get; }

    /// <summary>UDP ports the Exclude directive keeps out of version detection, ascending.</summary>
    public IReadOnlyCollection<ushort> ExcludedUdp { get; }

    /// <summary>Lines skipped without failing the parse, each "line N: reason" (mostly patterns .NET cannot compile).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Number of match and softmatch lines read.</summary>
    public int MatchLines { get; }

    /// <summary>Number of those lines whose pattern compiled and that are therefore in <see cref="ServiceProbe.Matches"/>.</summary>
    public int Compiled { get; }

    /// <summary>Builds every pattern's regex now (a scan builds each on first use) and lists those .NET refuses, as
    /// "line N: reason"; a refused pattern never matches.</summary>
    /// <returns>The refused lines; empty when every pattern builds.</returns>
    public IReadOnlyList<string> CompileAll()
    {
        var refused = new List<string>();
        foreach (var m in Probes.SelectMany(p => p.Matches))
        {
            try
            {
                _ = m.Regex;
            }
            catch (ArgumentException e)
            {
                refused.Add($"line {m.Line}: {(m.Soft ? "softmatch" : "match")} {m.Service} does not compile for .NET: {e.Message}");
            }
        }
        return refused;
    }

    /// <summary>
    /// Reads the database at <paramref name="path"/> (Latin-1, so every byte of a pattern stays one char) when the file
    /// exists, else the small set written for ProRT in <see cref="BuiltInProbes"/>.
    /// </summary>
    /// <param name="path">Path of an nmap-service-probes file.</param>
    /// <returns>The parsed database.</returns>
    /// <exception cref="ServiceProbeFormatException">The file has a structurally bad line.</exception>
    public static ServiceProbeDatabase LoadDefault(string path = DefaultPath)
    {
        if (!File.Exists(path)) return LoadBuiltIn();
        using var reader = new StreamReader(path, Encoding.Latin1, detectEncodingFromByteOrderMarks: false);
        return Parse(reader, path);
    }

    /// <summary>The database a scan asked for: nmap's (or the built-in set) for null, the built-in set for
    /// <see cref="BuiltInSource"/>, else the file, which must exist.</summary>
    /// <param name="path">--versiondb, or null.</param>
    /// <returns>The parsed database.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ServiceProbeFormatException">The file has a structurally bad line.</exception>
    public static ServiceProbeDatabase Load(string? path)
    {
        if (path is null) return LoadDefault();
        if (path == BuiltInSource) return LoadBuiltIn();
        if (!File.Exists(path)) throw new FileNotFoundException($"the service probes file '{path}' does not exist", path);
        return LoadDefault(path);
    }

    /// <summary>The small probe set written for ProRT (<see cref="BuiltInProbes"/>), whatever is installed.</summary>
    /// <returns>The parsed built-in database, <see cref="Source"/> <see cref="BuiltInSource"/>.</returns>
    public static ServiceProbeDatabase LoadBuiltIn() => Parse(new StringReader(BuiltInProbes), BuiltInSource);

    /// <summary>Parses text in the nmap-service-probes format.</summary>
    /// <param name="reader">The text; read to the end, not disposed.</param>
    /// <param name="source">Name used in messages and kept as <see cref="Source"/>.</param>
    /// <returns>The database.</returns>
    /// <exception cref="ServiceProbeFormatException">A structurally bad line: unknown directive, a directive that needs a
    /// Probe before any Probe, an unterminated q|...| or m|...|, a bad rarity, wait, port list or escape, an unknown
    /// regex flag or version field.</exception>
    public static ServiceProbeDatabase Parse(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        return new Parser(source).Run(reader);
    }

    /// <summary>The probe named <paramref name="name"/> for <paramref name="protocol"/>, or null.</summary>
    /// <param name="name">Probe name, such as "GetRequest" (case-sensitive, as in the file).</param>
    /// <param name="protocol">Transport of the probe.</param>
    /// <returns>The first such probe in file order, or null.</returns>
    public ServiceProbe? FindProbe(string name, Protocol protocol) =>
        Probes.FirstOrDefault(p => p.Protocol == protocol && p.Name == name);

    /// <summary>
    /// The probes whose matches apply to an answer to <paramref name="probe"/>, in the order nmap tries them: the probe
    /// itself, then its fallback probes (same protocol first, else the other one), then for TCP the NULL probe.
    /// </summary>
    /// <param name="probe">A probe, normally one of <see cref="Probes"/>.</param>
    /// <returns>The chain, starting with <paramref name="probe"/>.</returns>
    public IReadOnlyList<ServiceProbe> FallbackChain(ServiceProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return _chains.TryGetValue(probe, out var chain) ? chain : BuildChain(probe, null);
    }

    /// <summary>
    /// Names the service behind <paramref name="response"/>, the answer to <paramref name="probe"/>. The matches of
    /// <see cref="FallbackChain"/> are tried in order: the first hard match wins at once; otherwise the first
    /// softmatch met is returned with <paramref name="soft"/> set.
    /// </summary>
    /// <param name="probe">The probe that was sent.</param>
    /// <param name="response">What came back, raw bytes.</param>
    /// <param name="soft">True when the result is a softmatch (the service is known, the version is not).</param>
    /// <returns>The service, or null when nothing matches.</returns>
    public ServiceInfo? Match(ServiceProbe probe, ReadOnlySpan<byte> response, out bool soft) =>
        Match(probe, response, out soft, out _);

    /// <summary>Same as <see cref="Match(ServiceProbe, ReadOnlySpan{byte}, out bool)"/>, also giving the line that matched.</summary>
    /// <param name="probe">The probe that was sent.</param>
    /// <param name="response">What came back, raw bytes.</param>
    /// <param name="soft">True when the result is a softmatch.</param>
    /// <param name="rule">The match line that gave the result, or null.</param>
    /// <returns>The service, or null when nothing matches.</returns>
    public ServiceInfo? Match(ServiceProbe probe, ReadOnlySpan<byte> response, out bool soft, out ServiceMatch? rule) =>
        Match(probe, response, out soft, out rule, null);

    /// <summary>Same as <see cref="Match(ServiceProbe, ReadOnlySpan{byte}, out bool, out ServiceMatch?)"/>, within a
    /// port's <paramref name="session"/>: its time limit stops the patterns, and what a probe's patterns already said
    /// of the same answer is not asked again.</summary>
    /// <param name="probe">The probe that was sent.</param>
    /// <param name="response">What came back, raw bytes.</param>
    /// <param name="soft">True when the result is a softmatch.</param>
    /// <param name="rule">The match line that gave the result, or null.</param>
    /// <param name="session">The port's matching so far; null for no limit and no memory.</param>
    /// <returns>The service, or null when nothing matches (or the session's time ran out first).</returns>
    public ServiceInfo? Match(ServiceProbe probe, ReadOnlySpan<byte> response, out bool soft, out ServiceMatch? rule, MatchSession? session)
    {
        ArgumentNullException.ThrowIfNull(probe);
        string text = ServiceMatch.AsText(response);
        ServiceInfo? softInfo = null;
        ServiceMatch? softRule = null;
        // The probe's own patterns, then its fallbacks', then the NULL probe's: the first hard match wins, else the first soft.
        foreach (var p in FallbackChain(probe))
        {
            if (session is null || !session.TryRecall(p, text, out var verdict))
            {
                verdict = Judge(p, text, session, out bool complete);
                if (complete) session?.Remember(p, text, verdict);
            }
            if (verdict.Hard is not null)
            {
                soft = false;
                rule = verdict.HardRule;
                return verdict.Hard;
            }
            if (softRule is null && verdict.Soft is not null) (softInfo, softRule) = (verdict.Soft, verdict.SoftRule);
        }
        soft = softRule is not null;
        rule = softRule;
        return softInfo;
    }

    /// <summary>One probe's own patterns on <paramref name="text"/>; incomplete when the session's time ran out.</summary>
    private static ProbeVerdict Judge(ServiceProbe probe, string text, MatchSession? session, out bool complete)
    {
        ServiceInfo? softInfo = null;
        ServiceMatch? softRule = null;
        complete = true;
        foreach (var m in probe.Matches)
        {
            if (m.Soft && softRule is not null) continue;
            if (session is { Exhausted: true })
            {
                complete = false;
                break;
            }
            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            var info = m.Match(text);
            session?.Charge(started);
            if (info is null) continue;
            if (!m.Soft) return new ProbeVerdict(info, m, softInfo, softRule);
            (softInfo, softRule) = (info, m);
        }
        return new ProbeVerdict(null, null, softInfo, softRule);
    }

    private ServiceProbe[] BuildChain(ServiceProbe probe, List<string>? missing)
    {
        var chain = new List<ServiceProbe> { probe };
        foreach (var name in probe.Fallback)
        {
            var other = probe.Protocol == Protocol.Tcp ? Protocol.Udp : Protocol.Tcp;
            var fb = FindProbe(name, probe.Protocol) ?? FindProbe(name, other);
            if (fb is null)
            {
                missing?.Add($"line {probe.Line}: fallback probe '{name}' of probe {probe.Name} does not exist");
                continue;
            }
            if (!chain.Contains(fb, ReferenceEqualityComparer.Instance)) chain.Add(fb);
        }
        if (probe.Protocol == Protocol.Tcp && NullProbe is not null && !chain.Contains(NullProbe, ReferenceEqualityComparer.Instance))
            chain.Add(NullProbe);
        return chain.ToArray();
    }

    private List<string> CheckFallbacks()
    {
        var missing = new List<string>();
        foreach (var p in Probes) BuildChain(p, missing);
        return missing;
    }

    /// <summary>Reads the file line by line; one instance per parse.</summary>
    private sealed class Parser(string source)
    {
        private readonly List<ServiceProbe> _probes = [];
        private readonly List<string> _warnings = [];
        private ushort[] _excludedTcp = [], _excludedUdp = [];
        private bool _sawExclude;
        private int _matchLines, _compiled;
        private ProbeBuilder? _current;
        private int _line;

        public ServiceProbeDatabase Run(TextReader reader)
        {
            string? raw;
            while ((raw = reader.ReadLine()) is not null)
            {
                _line++;
                string line = raw.Trim(LineSpace);
                if (line.Length == 0 || line[0] == '#') continue;
                int space = line.IndexOfAny([' ', '\t']);
                string directive = space < 0 ? line : line[..space];
                string rest = space < 0 ? "" : line[(space + 1)..].TrimStart();
                Directive(directive, rest);
            }
            Finish();
            return new ServiceProbeDatabase(source, _probes, _excludedTcp, _excludedUdp, _warnings, _matchLines, _compiled);
        }

        // nmap's isspace(): Latin-1 bytes such as 0xA0 are not spaces.
        private static readonly char[] LineSpace = [' ', '\t', '\r', '\n', '\v', '\f'];

        private ServiceProbeFormatException Error(string reason) => new(source, _line, reason);

        private void Directive(string directive, string rest)
        {
            switch (directive)
            {
                case "Exclude":
                    if (_sawExclude) throw Error("only one Exclude directive is allowed");
                    _sawExclude = true;
                    (_excludedTcp, _excludedUdp) = ParseExclude(rest);
                    return;
                case "Probe":
                    Finish();
                    _current = ParseProbe(rest);
                    return;
            }

            if (directive is not ("match" or "softmatch" or "ports" or "sslports" or "rarity" or "fallback" or "totalwaitms" or "tcpwrappedms"))
                throw Error($"unknown directive '{directive}'");
            var probe = _current ?? throw Error($"{directive} directive before any Probe");
            switch (directive)
            {
                case "match" or "softmatch":
                    _matchLines++;
                    var match = ParseMatch(rest, soft: directive == "softmatch");
                    if (match is not null)
                    {
                        _compiled++;
                        probe.Matches.Add(match);
                    }
                    return;
                case "ports":
                    probe.Ports.AddRange(ParsePortList(rest, "ports"));
                    return;
                case "sslports":
                    probe.SslPorts.AddRange(ParsePortList(rest, "sslports"));
                    return;
                case "rarity":
                    if (!int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out int rarity) || rarity is < 1 or > 9)
                        throw Error($"bad rarity '{rest}': it must be a whole number from 1 to 9");
                    probe.Rarity = rarity;
                    return;
                case "totalwaitms":
                    probe.TotalWait = ParseMilliseconds(rest, directive);
                    return;
                case "tcpwrappedms":
                    probe.TcpWrappedWait = ParseMilliseconds(rest, directive);
                    return;
                case "fallback":
                    foreach (var name in rest.Split(',', StringSplitOptions.TrimEntries))
                    {
                        if (name.Length == 0 || name.Any(char.IsWhiteSpace)) throw Error($"bad fallback list '{rest}'");
                        probe.Fallback.Add(name);
                    }
                    return;
            }
        }

        private void Finish()
        {
            if (_current is null) return;
            _probes.Add(_current.Build());
            _current = null;
        }

        private TimeSpan ParseMilliseconds(string text, string directive)
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int ms) || ms <= 0)
                throw Error($"bad {directive} '{text}': it must be a positive number of milliseconds");
            return TimeSpan.FromMilliseconds(ms);
        }

        // Probe <TCP|UDP> <name> q<d><payload><d> [no-payload]
        private ProbeBuilder ParseProbe(string rest)
        {
            string protocolText = NextWord(ref rest);
            string name = NextWord(ref rest);
            string text = rest;
            if (text.Length == 0) throw Error("a Probe needs a protocol, a name and a q|...| string");
            var protocol = protocolText switch
            {
                "TCP" => Protocol.Tcp,
                "UDP" => Protocol.Udp,
                _ => throw Error($"bad probe protocol '{protocolText}': it must be TCP or UDP"),
            };
            if (!char.IsAsciiLetterOrDigit(name[0])) throw Error($"bad probe name '{name}'");
            if (text.Length < 2 || text[0] != 'q') throw Error("the probe string must start with q and a delimiter, as in q|...|");
            char delimiter = text[1];
            int end = FindDelimiter(text, 2, delimiter);
            if (end < 0) throw Error($"unterminated probe string: no closing '{delimiter}'");
            if (!EscapedText.TryUnescape(text.AsSpan(2, end - 2), out string payload, out string error))
                throw Error($"bad probe string: {error}");
            string trailing = text[(end + 1)..].Trim();
            if (trailing.Length > 0 && trailing != "no-payload") throw Error($"unexpected text after the probe string: '{trailing}'");
            return new ProbeBuilder(name, protocol, Encoding.Latin1.GetBytes(payload), _line);
        }

        private static string NextWord(ref string text)
        {
            int space = text.IndexOfAny([' ', '\t']);
            string word = space < 0 ? text : text[..space];
            text = space < 0 ? "" : text[(space + 1)..].TrimStart();
            return word;
        }

        // (soft)match <service> m<d><regex><d>[is] [p/../ v/../ i/../ h/../ o/../ d/../ cpe:/../]
        private ServiceMatch? ParseMatch(string rest, bool soft)
        {
            int space = rest.IndexOfAny([' ', '\t']);
            if (space <= 0) throw Error("a match needs a service name and an m|...| pattern");
            string service = rest[..space];
            string text = rest[(space + 1)..].TrimStart();
            if (text.Length < 2 || text[0] != 'm') throw Error("the pattern must start with m and a delimiter, as in m|...|");
            char delimiter = text[1];
            int end = FindDelimiter(text, 2, delimiter);
            if (end < 0) throw Error($"unterminated pattern: no closing '{delimiter}'");
            string pattern = text[2..end];
            int i = end + 1;
            bool ignoreCase = false, singleline = false;
            for (; i < text.Length && char.IsAsciiLetter(text[i]); i++)
            {
                if (text[i] == 'i') ignoreCase = true;
                else if (text[i] == 's') singleline = true;
                else throw Error($"unknown pattern flag '{text[i]}' (only i and s exist)");
            }

            var templates = new Dictionary<string, string>(StringComparer.Ordinal);
            var cpes = new List<string>();
            while (true)
            {
                while (i < text.Length && LineSpace.Contains(text[i])) i++;
                if (i >= text.Length) break;
                int modeStart = i;
                while (i < text.Length && (char.IsAsciiLetter(text[i]) || text[i] == ':')) i++;
                string mode = text[modeStart..i];
                if (i >= text.Length || LineSpace.Contains(text[i]))
                    throw Error($"bad version field '{text[modeStart..i]}': expected a letter and a delimited value, as in p/.../");
                if (mode is not ("p" or "v" or "i" or "h" or "o" or "d" or "cpe:"))
                    throw Error($"unknown version field '{mode}' (expected p, v, i, h, o, d or cpe:)");
                char d = text[i];
                int close = text.IndexOf(d, i + 1);
                if (close < 0) throw Error($"unterminated version field {mode}{d}...: no closing '{d}'");
                string value = text[(i + 1)..close];
                i = close + 1;
                while (i < text.Length && char.IsAsciiLetter(text[i])) i++; // field flags, such as the 'a' of cpe:/.../a
                if (mode == "cpe:") cpes.Add("cpe:/" + value);
                else templates[mode] = value;
            }

            try
            {
                // Translated now (a pattern PCRE allows and .NET cannot express is reported with its line); the regex
                // itself is built on first use.
                var translated = PcreTranslator.ToDotNet(pattern);
                return new ServiceMatch(service, soft, _line, pattern, ignoreCase, singleline, translated, templates, cpes);
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
            {
                _warnings.Add($"line {_line}: {(soft ? "softmatch" : "match")} {service} skipped, its pattern does not compile for .NET: {ex.Message}");
                return null;
            }
        }

        // The closing delimiter; a backslash protects the character after it.
        private static int FindDelimiter(string text, int from, char delimiter)
        {
            for (int i = from; i < text.Length; i++)
            {
                if (text[i] == '\\' && delimiter != '\\') i++;
                else if (text[i] == delimiter) return i;
            }
            return -1;
        }

        private List<ushort> ParsePortList(string text, string directive)
        {
            var ports = new List<ushort>();
            foreach (var item in text.Split(',', StringSplitOptions.TrimEntries))
            {
                if (!TryParseRange(item, out int lo, out int hi))
                    throw Error($"bad port list in {directive}: '{text}' (expected something like 21-25,53,80)");
                for (int p = lo; p <= hi; p++) ports.Add((ushort)p);
            }
            return ports;
        }

        // Exclude: nmap's -p syntax; items before a T: or U: prefix apply to both protocols.
        private (ushort[] Tcp, ushort[] Udp) ParseExclude(string text)
        {
            var tcp = new SortedSet<ushort>();
            var udp = new SortedSet<ushort>();
            bool toTcp = true, toUdp = true;
            foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries))
            {
                string item = raw;
                if (item.Length >= 2 && item[1] == ':')
                {
                    switch (char.ToUpperInvariant(item[0]))
                    {
                        case 'T': toTcp = true; toUdp = false; break;
                        case 'U': toTcp = false; toUdp = true; break;
                        case 'S' or 'P': toTcp = false; toUdp = false; break; // SCTP ports, IP protocols: not kept
                        default: throw Error($"bad port list in Exclude: '{text}'");
                    }
                    item = item[2..].Trim();
                }
                if (!TryParseRange(item, out int lo, out int hi, openEnded: true))
                    throw Error($"bad port list in Exclude: '{text}' (expected something like 53,T:9100-9107,U:30000-40000)");
                for (int p = lo; p <= hi; p++)
                {
                    if (toTcp) tcp.Add((ushort)p);
                    if (toUdp) udp.Add((ushort)p);
                }
            }
            return (tcp.ToArray(), udp.ToArray());
        }

        private static bool TryParseRange(string item, out int lo, out int hi, bool openEnded = false)
        {
            lo = hi = 0;
            if (item.Length == 0) return false;
            int dash = item.IndexOf('-');
            if (dash < 0)
            {
                if (!TryPort(item, out lo)) return false;
                hi = lo;
                return true;
            }
            string a = item[..dash].Trim(), b = item[(dash + 1)..].Trim();
            if (a.Length == 0 && openEnded) lo = 1;
            else if (!TryPort(a, out lo)) return false;
            if (b.Length == 0 && openEnded) hi = 65535;
            else if (!TryPort(b, out hi)) return false;
            return lo <= hi;
        }

        private static bool TryPort(string s, out int port) =>
            int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port <= 65535;
    }

    /// <summary>A probe being read: directives after the Probe line fill it in.</summary>
    private sealed class ProbeBuilder(string name, Protocol protocol, byte[] payload, int line)
    {
        public int Rarity { get; set; } = ServiceProbe.DefaultRarity;
        public TimeSpan TotalWait { get; set; } = ServiceProbe.DefaultTotalWait;
        public TimeSpan? TcpWrappedWait { get; set; }
        public List<ushort> Ports { get; } = [];
        public List<ushort> SslPorts { get; } = [];
        public List<string> Fallback { get; } = [];
        public List<ServiceMatch> Matches { get; } = [];

        public ServiceProbe Build() => new(name, protocol, payload, Rarity, Ports.Distinct().ToArray(), SslPorts.Distinct().ToArray(),
            TotalWait, TcpWrappedWait, Fallback.ToArray(), Matches.ToArray(), line);
    }

    /// <summary>
    /// The probe set used when no nmap-service-probes file is installed, in the same format. Written for ProRT: a few
    /// common banners (SSH, FTP, SMTP, POP3, IMAP), HTTP servers, Redis and dnsmasq.
    /// </summary>
    public const string BuiltInProbes = """
        # ProRT built-in service probes: a small stand-in for nmap's nmap-service-probes,
        # used when that file is not installed. Same syntax; probes and patterns written for ProRT.

        # Printers print whatever they are sent.
        Exclude T:9100-9107

        # Connect and listen: services that greet first.
        Probe TCP NULL q||
        totalwaitms 6000
        tcpwrappedms 3000

        match ssh m|^SSH-([\d.]+)-OpenSSH_([\w._-]+)[ -]{1,2}Debian[ -]([^\r\n]+)\r?\n| p/OpenSSH/ v/$2 Debian $3/ i/protocol $1/ o/Linux/ cpe:/a:openbsd:openssh:$2/ cpe:/o:debian:debian_linux/
        match ssh m|^SSH-([\d.]+)-OpenSSH_([\w._-]+)[ -]{1,2}Ubuntu[ -]([^\r\n]+)\r?\n| p/OpenSSH/ v/$2 Ubuntu $3/ i/Ubuntu Linux; protocol $1/ o/Linux/ cpe:/a:openbsd:openssh:$2/ cpe:/o:canonical:ubuntu_linux/
        match ssh m|^SSH-([\d.]+)-OpenSSH_([\w._-]+)[^\r\n]*\r?\n| p/OpenSSH/ v/$2/ i/protocol $1/ cpe:/a:openbsd:openssh:$2/
        match ssh m|^SSH-([\d.]+)-dropbear_([\w._-]+)\r?\n| p/Dropbear sshd/ v/$2/ i/protocol $1/ cpe:/a:matt_johnston:dropbear_ssh_server:$2/
        softmatch ssh m|^SSH-([\d.]+)-| i/protocol $1/

        match ftp m|^220 \(vsFTPd ([\w._-]+)\)\r?\n| p/vsftpd/ v/$1/ o/Unix/ cpe:/a:beasts:vsftpd:$1/
        match ftp m|^500 OOPS: vsftpd: ([^\r\n]+)| p/vsftpd/ i/$1/ o/Unix/ cpe:/a:beasts:vsftpd/
        match ftp m|^220[ -]ProFTPD ([\w._-]+) Server| p/ProFTPD/ v/$1/ cpe:/a:proftpd:proftpd:$1/
        softmatch ftp m|^220[ -][^\r\n]*\bftp|i

        match smtp m|^220[ -]([-\w.]+) ESMTP Postfix| p/Postfix smtpd/ h/$1/ cpe:/a:postfix:postfix/
        match smtp m|^220[ -]([-\w.]+) ESMTP Exim ([\d.]+)| p/Exim smtpd/ v/$2/ h/$1/ cpe:/a:exim:exim:$2/
        softmatch smtp m|^220[ -][^\r\n]*\bE?SMTP\b|i

        softmatch pop3 m|^\+OK[^\r\n]*\bPOP3?\b|i
        softmatch imap m|^\* OK[^\r\n]*\bIMAP4?(?:rev1)?\b|i

        # A minimal HTTP request.
        Probe TCP GetRequest q|GET / HTTP/1.0\r\n\r\n|
        rarity 1
        ports 80-85,631,3000,5000,8000,8008,8080,8081,8888,9000
        sslports 443,8443

        match http m|^HTTP/1\.[01] \d\d\d[^\r\n]*\r\n(?:[^\r\n]+\r\n)*?Server: nginx/([\d.]+)| p/nginx/ v/$1/ cpe:/a:igor_sysoev:nginx:$1/
        match http m|^HTTP/1\.[01] \d\d\d[^\r\n]*\r\n(?:[^\r\n]+\r\n)*?Server: nginx\r\n| p/nginx/ cpe:/a:igor_sysoev:nginx/
        match http m|^HTTP/1\.[01] \d\d\d[^\r\n]*\r\n(?:[^\r\n]+\r\n)*?Server: Apache/([\d.]+)(?: \(([^)\r\n]+)\))?| p/Apache httpd/ v/$1/ i/$2/ cpe:/a:apache:http_server:$1/
        match http m|^HTTP/1\.[01] \d\d\d[^\r\n]*\r\n(?:[^\r\n]+\r\n)*?Server: lighttpd/([\d.]+)| p/lighttpd/ v/$1/ cpe:/a:lighttpd:lighttpd:$1/
        match http m|^HTTP/1\.[01] \d\d\d[^\r\n]*\r\n(?:[^\r\n]+\r\n)*?Server: Microsoft-IIS/([\d.]+)| p/Microsoft IIS httpd/ v/$1/ o/Windows/ cpe:/a:microsoft:internet_information_services:$1/
        softmatch http m|^HTTP/1\.[01] \d\d\d |

        # TLS: a ClientHello of our own. A server hello or an alert means TLS; probing then goes on inside the tunnel.
        Probe TCP TLSClientHello q|\x16\x03\x01\x00S\x01\x00\x00O\x03\x03ProRT WarScan TLS probe, random.\x00\x00\x0a\xc0\x2f\xc0\x2b\xc00\x00\x9c\x00\x2f\x01\x00\x00\x1c\x00\x0a\x00\x06\x00\x04\x00\x1d\x00\x17\x00\x0b\x00\x02\x01\x00\x00\x0d\x00\x08\x00\x06\x04\x01\x08\x04\x04\x03|
        rarity 1
        ports 443,465,636,853,993,995,8443

        match ssl m|^\x16\x03[\x00-\x04]..\x02|s
        match ssl m|^\x15\x03[\x00-\x04]\x00\x02[\x01\x02]|s

        # Redis answers PING with +PONG, or says why it will not.
        Probe TCP RedisPing q|PING\r\n|
        rarity 6
        ports 6379,6380

        match redis m|^\+PONG\r\n| p/Redis key-value store/
        match redis m|^-NOAUTH | p/Redis key-value store/ i/authentication required/
        match redis m|^-DENIED Redis is running in protected mode| p/Redis key-value store/ i/protected mode/

        # DNS over TCP: TXT query for version.bind in class CHAOS.
        Probe TCP DNSVersionBindReqTCP q|\0\x1e\0\x06\x01\0\0\x01\0\0\0\0\0\0\x07version\x04bind\0\0\x10\0\x03|
        rarity 3
        ports 53

        match domain m|^..\0\x06[\x80-\xff].\0\x01\0\x01.*?\x07version\x04bind\0\0\x10\0\x03.*?dnsmasq-([\w.]+)|s p/dnsmasq/ v/$1/ cpe:/a:thekelleys:dnsmasq:$1/
        softmatch domain m|^..\0\x06[\x80-\xff]|s

        # DNS over UDP, the same question.
        Probe UDP DNSVersionBindReqUDP q|\x50\x72\0\0\0\x01\0\0\0\0\0\0\x07version\x04bind\0\0\x10\0\x03|
        rarity 1
        ports 53

        match domain m|^\x50\x72[\x80-\xff].\0\x01\0\x01.*?\x07version\x04bind\0\0\x10\0\x03.*?dnsmasq-([\w.]+)|s p/dnsmasq/ v/$1/ cpe:/a:thekelleys:dnsmasq:$1/
        softmatch domain m|^\x50\x72[\x80-\xff]|s

        # SNMPv1 get of sysName.0 with the community everyone forgets to change.
        Probe UDP SNMPv1GetSysName q|\x30\x27\x02\x01\0\x04\x06public\xa0\x1a\x02\x02\x50\x72\x02\x01\0\x02\x01\0\x30\x0e\x30\x0c\x06\x08\x2b\x06\x01\x02\x01\x01\x05\0\x05\0|
        rarity 1
        ports 161

        match snmp m|^\x30.*\x04\x06public\xa2.*\x06\x08\x2b\x06\x01\x02\x01\x01\x05\0\x04[\x01-\x7f]([^\0]+)$|s p/SNMPv1 server/ i/public/ h/$1/
        match snmp m|^\x30.*\x04\x06public\xa2|s p/SNMPv1 server/ i/public/

        # SNMPv3 engine discovery: the report names the engine's vendor (see SnmpEngineId).
        Probe UDP SNMPv3GetRequest q|\x30\x3a\x02\x01\x03\x30\x0f\x02\x02\x4a\x69\x02\x03\0\xff\xe3\x04\x01\x04\x02\x01\x03\x04\x10\x30\x0e\x04\0\x02\x01\0\x02\x01\0\x04\0\x04\0\x04\0\x30\x12\x04\0\x04\0\xa0\x0c\x02\x02\x50\x72\x02\x01\0\x02\x01\0\x30\0|
        rarity 4
        ports 161

        softmatch snmp m|^\x30.\x02\x01\x03\x30.\x02\x02\x4a\x69|s
        """;
}
