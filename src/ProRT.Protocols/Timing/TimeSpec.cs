using System.Globalization;

namespace ProRT.Protocols.Timing;

/// <summary>nmap's time values: "500ms", "30s", "5m", "2h"; a bare number is seconds.</summary>
public static class TimeSpec
{
    /// <summary>Parses a time value such as "500ms" or "30s"; false for malformed or negative values.</summary>
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        var t = text.Trim().ToLowerInvariant();
        double scale = 1;
        if (t.EndsWith("ms")) { scale = 0.001; t = t[..^2]; }
        else if (t.EndsWith('s')) t = t[..^1];
        else if (t.EndsWith('m')) { scale = 60; t = t[..^1]; }
        else if (t.EndsWith('h')) { scale = 3600; t = t[..^1]; }
        if (!double.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            || !(number >= 0) || !double.IsFinite(number * scale) || number * scale > TimeSpan.MaxValue.TotalSeconds)
            return false;
        value = TimeSpan.FromSeconds(number * scale);
        return true;
    }

    /// <summary>
    /// Parses an age such as "7d", "12h" or "30m": nmap's time values and d for days, always with a unit (a bare
    /// number, seconds to nmap, reads too easily as days where old scans are deleted); false for anything else.
    /// </summary>
    public static bool TryParseAge(string text, out TimeSpan value)
    {
        value = default;
        var t = text.Trim().ToLowerInvariant();
        if (t.Length == 0 || !char.IsAsciiLetter(t[^1])) return false;
        if (!t.EndsWith('d')) return TryParse(t, out value);
        if (!TryParse(t[..^1] + "h", out var hours) || hours.Ticks > TimeSpan.MaxValue.Ticks / 24) return false;
        value = hours * 24;
        return true;
    }
}
