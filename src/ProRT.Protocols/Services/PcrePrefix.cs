using System.Globalization;

namespace ProRT.Protocols.Services;

/// <summary>
/// The literal text every match of an anchored PCRE pattern starts with (<c>^SSH-</c> gives "SSH-"), so that a
/// response can be turned away with a string comparison before the regex runs: nine in ten of nmap's 11,917
/// patterns start this way, and most responses fail them on their first bytes. Conservative: when in doubt the
/// prefix is shorter (empty when the pattern is not anchored or has an alternative at its top level).
/// </summary>
public static class PcrePrefix
{
    /// <summary>The literal prefix every match of <paramref name="pcre"/> starts with; empty when there is none.</summary>
    /// <param name="pcre">The pattern, PCRE syntax without delimiters.</param>
    /// <param name="ignoreCase">The i flag: the prefix then stops before any character whose case folding beyond
    /// ASCII might differ between PCRE and .NET.</param>
    public static string Of(string pcre, bool ignoreCase)
    {
        ArgumentNullException.ThrowIfNull(pcre);
        if (pcre.Length < 2 || pcre[0] != '^' || HasTopLevelAlternative(pcre)) return "";
        var prefix = new System.Text.StringBuilder();
        int i = 1;
        while (i < pcre.Length)
        {
            char c = pcre[i];
            char literal;
            int next;
            if (c == '\\')
            {
                if (i + 1 >= pcre.Length || !TryEscape(pcre, i + 1, out literal, out next)) break;
            }
            else if (".[](){}|?*+$^".Contains(c)) break;
            else
            {
                literal = c;
                next = i + 1;
            }
            // A quantifier that allows zero of this character ends the prefix before it; '+' after it.
            if (next < pcre.Length && pcre[next] is '?' or '*' or '{') break;
            if (ignoreCase && literal > 0x7F) break;
            prefix.Append(literal);
            if (next < pcre.Length && pcre[next] == '+') break;
            i = next;
        }
        return prefix.ToString();
    }

    /// <summary>Reads the escape whose letter is at <paramref name="at"/>; false for anything but one literal character.</summary>
    private static bool TryEscape(string p, int at, out char literal, out int next)
    {
        char e = p[at];
        next = at + 1;
        literal = e switch { 'r' => '\r', 'n' => '\n', 't' => '\t', 'f' => '\f', 'e' => '\x1B', 'a' => '\a', _ => '\0' };
        if (literal != '\0') return true;
        if (e == '0')
        {
            // \0 alone is NUL; \0 followed by octal digits is an octal code, left alone here.
            return at + 1 >= p.Length || p[at + 1] is < '0' or > '7';
        }
        if (e == 'x')
        {
            if (at + 2 < p.Length && IsHex(p[at + 1]) && IsHex(p[at + 2]))
            {
                literal = (char)int.Parse(p.AsSpan(at + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                next = at + 3;
                return true;
            }
            return false;
        }
        // An escaped punctuation character stands for itself; letters and digits are classes, anchors or references.
        if (!char.IsAsciiLetterOrDigit(e) && e < 0x80)
        {
            literal = e;
            return true;
        }
        return false;
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    /// <summary>True when a '|' outside any group or class splits the whole pattern (then the anchor covers one side only).</summary>
    private static bool HasTopLevelAlternative(string p)
    {
        int depth = 0;
        bool inClass = false;
        for (int i = 0; i < p.Length; i++)
        {
            char c = p[i];
            if (c == '\\')
            {
                if (i + 1 < p.Length && p[i + 1] == 'Q') return true; // \Q...\E: not worth reading, take no prefix
                i++;
                continue;
            }
            if (inClass)
            {
                if (c == ']') inClass = false;
                continue;
            }
            switch (c)
            {
                case '[':
                    inClass = true;
                    // A ']' first in the class (or after '^') is a literal.
                    if (i + 1 < p.Length && p[i + 1] == '^') i++;
                    if (i + 1 < p.Length && p[i + 1] == ']') i++;
                    break;
                case '(': depth++; break;
                case ')': depth--; break;
                case '|' when depth == 0: return true;
            }
        }
        return false;
    }
}
