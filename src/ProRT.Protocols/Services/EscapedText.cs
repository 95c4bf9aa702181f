using System.Text;

namespace ProRT.Protocols.Services;

/// <summary>The C-style escapes of nmap-service-probes probe strings and $SUBST arguments.</summary>
internal static class EscapedText
{
    /// <summary>
    /// Decodes \0 \a \b \f \n \r \t \v \\ and \xHH (exactly two hex digits); a backslash before any other
    /// punctuation or space stands for that character ("\|"). Like nmap, other escaped letters or digits
    /// (octal such as \015 included) and a trailing backslash are errors. The result holds one char per byte.
    /// </summary>
    public static bool TryUnescape(ReadOnlySpan<char> text, out string result, out string error)
    {
        var sb = new StringBuilder(text.Length);
        result = "";
        error = "";
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }
            if (++i >= text.Length)
            {
                error = "string ends with a lone backslash";
                return false;
            }
            char e = text[i];
            switch (e)
            {
                case '0': sb.Append('\0'); break;
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'v': sb.Append('\v'); break;
                case 'x':
                    if (i + 2 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2]))
                    {
                        error = "\\x must be followed by two hexadecimal digits";
                        return false;
                    }
                    sb.Append((char)Convert.ToByte(text.Slice(i + 1, 2).ToString(), 16));
                    i += 2;
                    break;
                default:
                    if (char.IsAsciiLetterOrDigit(e))
                    {
                        error = $"unknown escape \\{e}";
                        return false;
                    }
                    sb.Append(e);
                    break;
            }
        }
        result = sb.ToString();
        return true;
    }
}
