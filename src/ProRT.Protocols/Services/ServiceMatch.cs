using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ProRT.Protocols.Results;

namespace ProRT.Protocols.Services;

/// <summary>
/// One match or softmatch line of an nmap-service-probes file: the service it names, the compiled pattern and
/// the version templates (p/ v/ i/ h/ o/ d/ cpe:/) filled from the pattern's groups when a response matches.
/// </summary>
/// <remarks>
/// Responses are matched as text holding one char per byte (Latin-1, see <see cref="AsText"/>), because nmap matches
/// raw bytes. Templates accept $1..$9 and nmap's helpers $P(n) (printable characters only), $SUBST(n,"from","to")
/// and $I(n,"&gt;") / $I(n,"&lt;") (unsigned big/little-endian integer). As in nmap, trailing spaces and commas are
/// trimmed, values put into a cpe: template are lower-cased with spaces as '_' and URL-reserved characters
/// %-escaped, and a field that cannot be filled (unknown helper, $0, a group the pattern lacks, or a value longer
/// than nmap's buffer for it) is left empty. A group that did not take part in the match counts as empty text.
/// </remarks>
public sealed class ServiceMatch
{
    /// <summary>How long one pattern may run on one response; a pattern that runs longer does not match.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    // nmap's buffer sizes for the filled fields (service_scan.h): longer values are dropped.
    private const int ProductMax = 80, VersionMax = 80, InfoMax = 256, HostnameMax = 80, OsMax = 32, DeviceMax = 32, CpeMax = 80;

    internal ServiceMatch(string service, bool soft, int line, string pattern, bool ignoreCase, bool singleline, string translated,
        IReadOnlyDictionary<string, string> templates, IReadOnlyList<string> cpeTemplates)
    {
        Service = service;
        Soft = soft;
        Line = line;
        Pattern = pattern;
        IgnoreCase = ignoreCase;
        Singleline = singleline;
        _translated = translated;
        ProductTemplate = templates.GetValueOrDefault("p");
        VersionTemplate = templates.GetValueOrDefault("v");
        InfoTemplate = templates.GetValueOrDefault("i");
        HostnameTemplate = templates.GetValueOrDefault("h");
        OsTemplate = templates.GetValueOrDefault("o");
        DeviceTypeTemplate = templates.GetValueOrDefault("d");
        CpeTemplates = cpeTemplates;
        RequiredPrefix = PcrePrefix.Of(pattern, ignoreCase);
    }

    /// <summary>The text every match starts with (see <see cref="PcrePrefix"/>): a response without it is turned away
    /// before the regex runs.</summary>
    public string RequiredPrefix { get; }

    /// <summary>Service the line names, such as "ssh" or "ssl/http".</summary>
    public string Service { get; }

    /// <summary>True for a softmatch line: the service is known but probing should go on for the version.</summary>
    public bool Soft { get; }

    /// <summary>Line of the match directive in its file.</summary>
    public int Line { get; }

    /// <summary>The pattern as the file writes it (PCRE syntax, without delimiters and flags).</summary>
    public string Pattern { get; }

    /// <summary>True when the line carries the i flag (case-insensitive).</summary>
    public bool IgnoreCase { get; }

    /// <summary>True when the line carries the s flag ('.' also matches a newline).</summary>
    public bool Singleline { get; }

    /// <summary>
    /// The pattern compiled for .NET (culture-invariant, with <see cref="MatchTimeout"/>), built on first use: most
    /// of nmap's 11,917 patterns are turned away by their <see cref="RequiredPrefix"/> and never need one, which saves
    /// a scan half a second of CPU and tens of megabytes. Throws <see cref="ArgumentException"/> when .NET refuses
    /// the translated pattern (<see cref="ServiceProbeDatabase.CompileAll"/> finds those up front).
    /// </summary>
    public Regex Regex => LazyInitializer.EnsureInitialized(ref _regex, () => Build(_translated, IgnoreCase, Singleline));

    private readonly string _translated;
    private Regex? _regex;
    private bool _refused;

    /// <summary>The p/ template (product), if any.</summary>
    public string? ProductTemplate { get; }

    /// <summary>The v/ template (version), if any.</summary>
    public string? VersionTemplate { get; }

    /// <summary>The i/ template (extra information), if any.</summary>
    public string? InfoTemplate { get; }

    /// <summary>The h/ template (host name), if any.</summary>
    public string? HostnameTemplate { get; }

    /// <summary>The o/ template (operating system), if any.</summary>
    public string? OsTemplate { get; }

    /// <summary>The d/ template (device type), if any.</summary>
    public string? DeviceTypeTemplate { get; }

    /// <summary>The cpe: templates in file order, written out in full ("cpe:/a:openbsd:openssh:$2").</summary>
    public IReadOnlyList<string> CpeTemplates { get; }

    /// <summary>The bytes as text with one char per byte (Latin-1), the form <see cref="Match"/> expects.</summary>
    /// <param name="bytes">Raw response bytes.</param>
    /// <returns>A string of the same length whose chars are the byte values.</returns>
    public static string AsText(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    /// <summary>Matches <paramref name="response"/> (text from <see cref="AsText"/>) and fills the version fields.</summary>
    /// <param name="response">The response, one char per byte.</param>
    /// <returns>The service with product, version, CPEs, OS, device type, host name and extra information filled from the templates;
    /// null when the pattern does not match or runs past <see cref="MatchTimeout"/>.</returns>
    public ServiceInfo? Match(string response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (_refused || !response.StartsWith(RequiredPrefix, IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            return null;
        Match m;
        try
        {
            m = Regex.Match(response);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
        catch (ArgumentException)
        {
            _refused = true; // a pattern .NET cannot build never matches
            return null;
        }
        if (!m.Success) return null;

        return new ServiceInfo(
            Service,
            Product: Fill(ProductTemplate, m, ProductMax),
            Version: Fill(VersionTemplate, m, VersionMax),
            Cpe: FillCpes(m),
            OsHint: Fill(OsTemplate, m, OsMax),
            ExtraInfo: Fill(InfoTemplate, m, InfoMax),
            Hostname: Fill(HostnameTemplate, m, HostnameMax),
            DeviceType: Fill(DeviceTypeTemplate, m, DeviceMax));
    }

    // As nmap (ServiceProbeMatch::getVersionStr): one CPE per part, a later template of a part replacing an earlier
    // one (a template that cannot be filled empties its part), listed as application, hardware, operating system.
    private string? FillCpes(Match m)
    {
        if (CpeTemplates.Count == 0) return null;
        string? a = null, h = null, o = null;
        foreach (var template in CpeTemplates)
        {
            char part = template.Length > 5 ? template[5] : '\0'; // "cpe:/a:..."
            var value = Fill(template, m, CpeMax, cpe: true);
            switch (part)
            {
                case 'a': a = value; break;
                case 'h': h = value; break;
                case 'o': o = value; break;
            }
        }
        var all = new[] { a, h, o }.Where(c => c is not null);
        return all.Any() ? string.Join(' ', all) : null;
    }

    /// <summary>The h/ value for a successful match of this line on <paramref name="response"/>, or null.</summary>
    /// <param name="response">The response, one char per byte.</param>
    /// <returns>The filled host name template, or null when there is none or the pattern does not match.</returns>
    public string? MatchHostname(string response) => MatchTemplate(HostnameTemplate, response, HostnameMax);

    /// <summary>The d/ value for a successful match of this line on <paramref name="response"/>, or null.</summary>
    /// <param name="response">The response, one char per byte.</param>
    /// <returns>The filled device type template, or null when there is none or the pattern does not match.</returns>
    public string? MatchDeviceType(string response) => MatchTemplate(DeviceTypeTemplate, response, DeviceMax);

    /// <inheritdoc/>
    public override string ToString() => $"{(Soft ? "softmatch" : "match")} {Service} (line {Line})";

    private string? MatchTemplate(string? template, string response, int max)
    {
        if (template is null) return null;
        try
        {
            var m = Regex.Match(response);
            return m.Success ? Fill(template, m, max) : null;
        }
        catch (Exception e) when (e is RegexMatchTimeoutException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Compiles a PCRE pattern of the file for .NET; throws <see cref="ArgumentException"/> or <see cref="NotSupportedException"/>.</summary>
    internal static Regex Compile(string pcre, bool ignoreCase, bool singleline) =>
        Build(PcreTranslator.ToDotNet(pcre), ignoreCase, singleline);

    private static Regex Build(string translated, bool ignoreCase, bool singleline)
    {
        var options = RegexOptions.CultureInvariant;
        if (ignoreCase) options |= RegexOptions.IgnoreCase;
        if (singleline) options |= RegexOptions.Singleline;
        return new Regex(translated, options, MatchTimeout);
    }

    /// <summary>Fills a template from a successful match; null when it is absent, fails, comes out empty or too long.</summary>
    internal static string? Fill(string? template, Match m, int max, bool cpe = false)
    {
        if (template is null) return null;
        var sb = new StringBuilder(template.Length + 16);
        int i = 0;
        while (i < template.Length)
        {
            char c = template[i];
            if (c != '$')
            {
                sb.Append(c);
                i++;
                continue;
            }
            string? value = Substitute(template, ref i, m);
            if (value is null) return null;
            sb.Append(cpe ? CpeEscape(value) : value);
        }

        int end = sb.Length;
        while (end > 0 && sb[end - 1] is ' ' or ',' or (>= '\t' and <= '\r')) end--;
        if (end == 0 || end >= max) return null;
        return sb.ToString(0, end);
    }

    // At a '$': reads $N or $CMD(args) and returns its value, or null when it cannot be filled.
    private static string? Substitute(string t, ref int i, Match m)
    {
        i++; // '$'
        if (i >= t.Length) return null;
        if (char.IsAsciiDigit(t[i]))
        {
            int n = t[i] - '0';
            i++;
            return Group(m, n);
        }

        int open = t.IndexOf('(', i);
        if (open < 0) return null;
        string command = t[i..open];
        i = open + 1;
        var args = ReadArguments(t, ref i);
        if (args is null) return null;

        switch (command)
        {
            case "P" when args is [int n]:
                {
                    string? g = Group(m, n);
                    if (g is null) return null;
                    var sb = new StringBuilder(g.Length);
                    foreach (char ch in g)
                        if (ch is >= ' ' and <= '~') sb.Append(ch);
                    return sb.ToString();
                }
            case "SUBST" when args is [int n, string from, string to]:
                {
                    string? g = Group(m, n);
                    if (g is null) return null;
                    return from.Length == 0 ? g : g.Replace(from, to, StringComparison.Ordinal);
                }
            case "I" when args is [int n, string endian] && endian is ">" or "<":
                {
                    string? g = Group(m, n);
                    if (g is null || g.Length > 8) return null;
                    ulong value = 0;
                    for (int k = 0; k < g.Length; k++)
                    {
                        ulong b = (byte)g[k];
                        if (endian == ">") value = (value << 8) | b;
                        else value |= b << (8 * k);
                    }
                    return value.ToString(CultureInfo.InvariantCulture);
                }
            default:
                return null;
        }
    }

    private static string? Group(Match m, int n)
    {
        if (n is < 1 or > 9 || n >= m.Groups.Count) return null;
        var g = m.Groups[n];
        return g.Success ? g.Value : "";
    }

    // Arguments of a helper after its '(' up to and past the ')': ints (C notation) and "strings" with C escapes.
    private static List<object>? ReadArguments(string t, ref int i)
    {
        var args = new List<object>();
        while (true)
        {
            while (i < t.Length && char.IsWhiteSpace(t[i])) i++;
            if (i >= t.Length) return null;
            if (t[i] == ')')
            {
                i++;
                return args;
            }
            if (t[i] == '"')
            {
                int start = ++i;
                while (i < t.Length && t[i] != '"') i += t[i] == '\\' ? 2 : 1;
                if (i >= t.Length) return null;
                if (!EscapedText.TryUnescape(t.AsSpan(start, i - start), out string text, out _)) return null;
                args.Add(text);
                i++;
            }
            else
            {
                int start = i;
                while (i < t.Length && t[i] != ',' && t[i] != ')' && !char.IsWhiteSpace(t[i])) i++;
                if (!TryParseCInt(t[start..i], out int n)) return null;
                args.Add(n);
            }
            while (i < t.Length && char.IsWhiteSpace(t[i])) i++;
            if (i < t.Length && t[i] == ',') i++;
        }
    }

    private static bool TryParseCInt(string s, out int value)
    {
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return int.TryParse(s.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        return int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    // nmap's transform for text put into a CPE name: lower case, spaces as '_', reserved characters %-escaped.
    private static string CpeEscape(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (char c in value)
        {
            if (":/?#[]@!$&'()*+,;=%<>\"".Contains(c)) sb.Append(CultureInfo.InvariantCulture, $"%{(int)c:X2}");
            else if (c == ' ') sb.Append('_');
            else sb.Append(char.IsAsciiLetterUpper(c) ? (char)(c + 32) : c);
        }
        return sb.ToString();
    }
}
