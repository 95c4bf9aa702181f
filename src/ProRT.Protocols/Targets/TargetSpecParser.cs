namespace ProRT.Protocols.Targets;

/// <summary>
/// Parses target expressions as nmap takes them: "198.18.0.2", "198.18.0.0/24", "198.18.0-3.1-254",
/// "198.18.1,3.*" and hostnames (optionally with "/prefix"). Hostname lookup is handed in, so this stays pure.
/// </summary>
public static class TargetSpecParser
{
    /// <summary>Resolves a hostname to an IPv4 address, or null when it does not resolve.</summary>
    public delegate uint? HostResolver(string hostname);

    /// <summary>Parses one target expression; hostnames go through <paramref name="resolve"/>. Throws <see cref="TargetSpecException"/> when it is invalid or does not resolve.</summary>
    public static TargetRange Parse(string text, HostResolver? resolve = null)
    {
        var token = text.Trim();
        if (token.Length == 0) throw new TargetSpecException("empty target specification");

        string body = token;
        int? prefix = null;
        int slash = token.IndexOf('/');
        if (slash >= 0)
        {
            body = token[..slash];
            var p = token[(slash + 1)..];
            if (!int.TryParse(p, System.Globalization.NumberStyles.None, null, out var bits) || bits > 32)
                throw new TargetSpecException($"invalid target '{token}': prefix length must be 0-32");
            prefix = bits;
        }

        if (LooksNumeric(body))
        {
            if (Ipv4.TryParse(body, out var address))
                return prefix is { } n ? TargetRange.Cidr(address, n, token) : TargetRange.Single(address, token);
            if (prefix is not null)
                throw new TargetSpecException($"invalid target '{token}': octet ranges cannot take a prefix length");
            return TargetRange.Octets(token, ParseOctets(token));
        }

        if (!IsHostname(body))
            throw new TargetSpecException($"invalid target '{token}': not an IPv4 address, range or hostname");
        var resolved = resolve?.Invoke(body)
            ?? throw new TargetSpecException($"failed to resolve '{body}'");
        return TargetRange.Cidr(resolved, prefix ?? 32, token, body);
    }

    private static bool LooksNumeric(string s) =>
        s.Length > 0 && s.All(c => char.IsAsciiDigit(c) || c is '.' or '-' or ',' or '*');

    private static bool IsHostname(string s) =>
        s.Length is > 0 and <= 253 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')
        && !s.StartsWith('-') && !s.StartsWith('.');

    private static (byte Lo, byte Hi)[][] ParseOctets(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 4)
            throw new TargetSpecException($"invalid target '{token}': an address needs four octets");
        var result = new (byte, byte)[4][];
        for (int i = 0; i < 4; i++)
            result[i] = ParseOctet(parts[i], token);
        return result;
    }

    private static (byte Lo, byte Hi)[] ParseOctet(string part, string token)
    {
        if (part == "*") return [(0, 255)];
        var ranges = new List<(byte, byte)>();
        foreach (var item in part.Split(','))
        {
            int dash = item.IndexOf('-');
            int lo = dash == 0 ? 0 : ParseByte(dash < 0 ? item : item[..dash], token);
            int hi = dash < 0 ? lo : dash == item.Length - 1 ? 255 : ParseByte(item[(dash + 1)..], token);
            if (lo > hi) throw new TargetSpecException($"invalid target '{token}': range {item} is reversed");
            ranges.Add(((byte)lo, (byte)hi));
        }
        // Overlapping items ("1-5,3-7") must not yield an address twice: merge them, as nmap's octet bitmap does.
        var merged = new List<(byte Lo, byte Hi)>();
        foreach (var (lo, hi) in ranges.OrderBy(r => r.Item1))
        {
            if (merged.Count > 0 && lo <= merged[^1].Hi + 1)
                merged[^1] = (merged[^1].Lo, Math.Max(merged[^1].Hi, hi));
            else
                merged.Add((lo, hi));
        }
        return merged.ToArray();
    }

    private static int ParseByte(string s, string token)
    {
        if (s.Length is 0 or > 3 || !int.TryParse(s, System.Globalization.NumberStyles.None, null, out var v))
            throw new TargetSpecException($"invalid target '{token}': '{s}' is not an octet");
        if (v > 255) throw new TargetSpecException($"invalid target '{token}': octet {v} is out of range 0-255");
        return v;
    }
}
