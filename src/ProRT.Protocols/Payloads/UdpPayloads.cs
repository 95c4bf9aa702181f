using System.Globalization;
using System.Text;

namespace ProRT.Protocols.Payloads;

/// <summary>
/// What a UDP probe carries per port: a request the service answers (DNS, SNMP, NTP, NetBIOS, RPC...), since most
/// UDP services ignore an empty datagram. Read from nmap's nmap-payloads when installed; a small built-in set
/// (the specification's five) otherwise. Ports without a payload get an empty datagram, as nmap sends. A port may
/// have several payloads (nmap's file gives DNS two, RPC ports three...): each probe of the port sends all of them.
/// </summary>
public sealed class UdpPayloads
{
    /// <summary>Where Debian's nmap-common installs nmap's payloads.</summary>
    public const string NmapPayloadsPath = "/usr/share/nmap/nmap-payloads";

    /// <summary>nmap's limit of payloads per port.</summary>
    public const int MaxPerPort = 255;

    private static readonly byte[][] None = [];
    private readonly Dictionary<ushort, List<byte[]>> _byPort;

    private UdpPayloads(Dictionary<ushort, List<byte[]>> byPort, string source)
    {
        _byPort = byPort;
        Source = source;
    }

    /// <summary>Where the payloads were read from: a file path or "built-in payloads".</summary>
    public string Source { get; }

    /// <summary>Number of ports with a payload.</summary>
    public int Count => _byPort.Count;

    /// <summary>The first payload of <paramref name="port"/>; empty when there is none.</summary>
    public ReadOnlySpan<byte> For(ushort port) => _byPort.TryGetValue(port, out var p) ? p[0] : ReadOnlySpan<byte>.Empty;

    /// <summary>Every payload of <paramref name="port"/> in the file's order; none when the port has no payload.</summary>
    public IReadOnlyList<byte[]> All(ushort port) => _byPort.TryGetValue(port, out var p) ? p : None;

    /// <summary>The longest payload of any port, in bytes.</summary>
    public int LongestPayload => _byPort.Values.SelectMany(p => p).Select(p => p.Length).DefaultIfEmpty(0).Max();

    /// <summary>nmap's payloads when installed at <paramref name="path"/>, with the built-in ones for ports it lacks; otherwise the built-in set.</summary>
    public static UdpPayloads LoadDefault(string path = NmapPayloadsPath)
    {
        if (!File.Exists(path)) return Builtin;
        // Latin-1, as nmap reads it: every byte of a string stays one char, and so one byte of the payload.
        using var reader = new StreamReader(path, Encoding.Latin1, detectEncodingFromByteOrderMarks: false);
        var nmap = Parse(reader, path);
        // nmap's file wins; our built-in ones fill any port it lacks.
        foreach (var (port, payload) in Builtin._byPort) nmap._byPort.TryAdd(port, [.. payload]);
        return nmap;
    }

    /// <summary>
    /// Parses nmap-payloads: <c>udp PORTS "string" ["string"...] [keyword ...]</c>, strings with C escapes, '#'
    /// comments, entries spanning lines. A keyword after the strings (nmap's file has <c>source PORT</c>, which nmap
    /// does not honour either) is ignored with the rest of its line, as the file's own header asks of readers.
    /// A malformed entry fails with its line number.
    /// </summary>
    public static UdpPayloads Parse(TextReader reader, string source)
    {
        var byPort = new Dictionary<ushort, List<byte[]>>();
        var tokens = Tokenize(reader, source).GetEnumerator();
        bool more = tokens.MoveNext();
        while (more)
        {
            var (kind, text, line) = tokens.Current;
            if (kind != TokenKind.Word || text != "udp")
                throw new FormatException($"{source}:{line}: expected 'udp', found '{text}'");
            if (!tokens.MoveNext() || tokens.Current.Kind != TokenKind.Word)
                throw new FormatException($"{source}:{line}: 'udp' needs a port list");
            var ports = Ports.PortSpecParser.Parse(tokens.Current.Text).Udp;
            var payload = new List<byte>();
            int strings = 0;
            more = tokens.MoveNext();
            while (more && tokens.Current.Kind == TokenKind.String)
            {
                payload.AddRange(Unescape(tokens.Current.Text, source, tokens.Current.Line));
                strings++;
                more = tokens.MoveNext();
            }
            if (strings == 0) throw new FormatException($"{source}:{line}: the entry has no payload string");
            while (more && tokens.Current is { Kind: TokenKind.Word } keyword && keyword.Text != "udp")
            {
                if (keyword.Text == "source")
                {
                    if (!tokens.MoveNext() || !ushort.TryParse(tokens.Current.Text, out _))
                        throw new FormatException($"{source}:{keyword.Line}: 'source' needs a port number");
                }
                while ((more = tokens.MoveNext()) && tokens.Current.Line == keyword.Line) { }
            }
            var bytes = payload.ToArray();
            foreach (var port in ports)
            {
                if (!byPort.TryGetValue(port, out var list)) byPort[port] = list = [];
                if (list.Count == MaxPerPort)
                    throw new FormatException($"{source}:{line}: port {port} has more than {MaxPerPort} payloads");
                list.Add(bytes);
            }
        }
        return new UdpPayloads(byPort, source);
    }

    private enum TokenKind { Word, String }

    private static IEnumerable<(TokenKind Kind, string Text, int Line)> Tokenize(TextReader reader, string source)
    {
        string? line;
        int number = 0;
        while ((line = reader.ReadLine()) is not null)
        {
            number++;
            int i = 0;
            while (i < line.Length)
            {
                char c = line[i];
                if (char.IsWhiteSpace(c)) { i++; continue; }
                if (c == '#') break;
                if (c == '"')
                {
                    var sb = new StringBuilder();
                    i++;
                    while (true)
                    {
                        if (i >= line.Length) throw new FormatException($"{source}:{number}: unterminated string");
                        if (line[i] == '\\' && i + 1 < line.Length) { sb.Append(line, i, 2); i += 2; continue; }
                        if (line[i] == '"') { i++; break; }
                        sb.Append(line[i++]);
                    }
                    yield return (TokenKind.String, sb.ToString(), number);
                    continue;
                }
                int start = i;
                while (i < line.Length && !char.IsWhiteSpace(line[i]) && line[i] != '"' && line[i] != '#') i++;
                yield return (TokenKind.Word, line[start..i], number);
            }
        }
    }

    private static byte[] Unescape(string text, string source, int line)
    {
        // A char beyond Latin-1 (text read as UTF-8, say) would lose its high byte in the cast below.
        int wide = text.AsSpan().IndexOfAnyExceptInRange('\0', '\u00ff');
        if (wide >= 0) throw new FormatException($"{source}:{line}: '{text[wide]}' is not a byte; write it as \\x escapes");
        var bytes = new List<byte>(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c != '\\') { bytes.Add((byte)c); continue; }
            if (++i >= text.Length) throw new FormatException($"{source}:{line}: dangling backslash");
            switch (text[i])
            {
                case 'x':
                    if (i + 2 > text.Length - 1 || !byte.TryParse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber,
                            CultureInfo.InvariantCulture, out var b))
                        throw new FormatException($"{source}:{line}: bad \\x escape");
                    bytes.Add(b);
                    i += 2;
                    break;
                case '0': bytes.Add(0); break;
                case 'a': bytes.Add(7); break;
                case 'b': bytes.Add(8); break;
                case 'f': bytes.Add(12); break;
                case 'n': bytes.Add(10); break;
                case 'r': bytes.Add(13); break;
                case 't': bytes.Add(9); break;
                case 'v': bytes.Add(11); break;
                default: bytes.Add((byte)text[i]); break;
            }
        }
        return bytes.ToArray();
    }

    /// <summary>The specification's five payloads, written from the protocols' RFCs.</summary>
    public static UdpPayloads Builtin { get; } = new(new Dictionary<ushort, byte[]>
    {
        // DNS: a standard query for the root's A record (RFC 1035), as the specification's packet shows.
        [53] = [0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01],
        // NTP: a version 4 client request (RFC 5905), 48 bytes.
        [123] = [0xE3, .. new byte[47]],
        // NetBIOS: a node status query for "*" (RFC 1002).
        [137] = [0x80, 0xF0, 0x00, 0x10, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20,
            0x43, 0x4B, .. Enumerable.Repeat((byte)0x41, 30), 0x00, 0x00, 0x21, 0x00, 0x01],
        // SNMP v1 GetRequest for sysDescr.0 with community "public" (RFC 1157).
        [161] = [0x30, 0x29, 0x02, 0x01, 0x00, 0x04, 0x06, (byte)'p', (byte)'u', (byte)'b', (byte)'l', (byte)'i', (byte)'c',
            0xA0, 0x1C, 0x02, 0x04, 0x12, 0x34, 0x56, 0x78, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00,
            0x30, 0x0E, 0x30, 0x0C, 0x06, 0x08, 0x2B, 0x06, 0x01, 0x02, 0x01, 0x01, 0x01, 0x00, 0x05, 0x00],
        // ONC RPC: a NULL call to the portmapper, program 100000 version 2 (RFC 5531).
        [111] = [0x72, 0xFE, 0x1D, 0x13, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x86, 0xA0,
            0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00],
    }.ToDictionary(e => e.Key, e => new List<byte[]> { e.Value }), "built-in payloads");
}
