using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using ProRT.Protocols.Services;
using ProRT.Tests.Fuzzing;

namespace ProRT.Protocols.Tests.Services;

/// <summary>
/// Every pattern of a probe file goes through the translator: a pattern it cannot take fails with
/// <see cref="ArgumentException"/> or <see cref="NotSupportedException"/> (the file's line is then skipped with a
/// warning), never with anything else, and what it does take means what PCRE means.
/// </summary>
public class PcreTranslatorFuzzSpecs
{
    private const string Sample = "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n\0\xff HTTP/1.1 200 OK\r\n";

    /// <summary>Compiles and runs a pattern; the only failures allowed are the translator's two and the match timeout.</summary>
    private static void CompileAndMatch(string pattern, bool ignoreCase = false, bool singleline = false)
    {
        Regex regex;
        try
        {
            regex = ServiceMatch.Compile(pattern, ignoreCase, singleline);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return;
        }
        try
        {
            regex.Match(Sample);
        }
        catch (RegexMatchTimeoutException)
        {
        }
    }

    private static readonly string[] Fragments =
    [
        "\\", "(", ")", "?", "<", ">", "P", "=", "!", "[", "]", "^", "-", ":", "{", "}", ",", "*", "+", "|", ".", "$", "'", "#", "&",
        "a", "Z", "0", "1", "2", "7", "8", "9", "x", "o", "c", "Q", "E", "k", "g", "R", "d", "w", "s", "b", "N", "h", "v", "i", "U",
        "[:", ":]", "alpha", "^digit", "(?", "(?P<n>", "(?<n>", "\\x{", "\\o{", "\\g{-1}", "\\k<n>", "(?(", "(?#", "\\Q", "\\E", "\\0",
        "\\377", "\\400", "FFFFFFFF", "77777777777", "99999999999", "{2,1}", "{,3}", "\xff", "\u0100",
    ];

    [Fact]
    public void Patterns_of_PCRE_syntax_translate_or_fail_with_the_translator_s_two_exceptions() =>
        Property.Holds(Gen.Select(Gen.OneOf(Fragments).Array[0, 16], Gen.Bool, Gen.Bool), t =>
            CompileAndMatch(string.Concat(t.Item1), t.Item2, t.Item3), iterations: 5000);

    // The patterns of nmap's file (or of the built-in set), each a seed for the mutator.
    private static readonly byte[][] Patterns = (Mutations.NmapFile("nmap-service-probes") ?? ServiceProbeDatabase.BuiltInProbes.Split('\n'))
        .Select(l => Regex.Match(l, @"^\s*(?:soft)?match \S+ m(.)(.*)$"))
        .Where(m => m.Success)
        .Select(m => Encoding.Latin1.GetBytes(Regex.Match(m.Groups[2].Value, $@"^(?:\\.|[^\\{Regex.Escape(m.Groups[1].Value)}])*").Value))
        .Where((_, i) => i % 23 == 0)
        .ToArray();

    [Fact]
    public void Damaged_patterns_of_nmap_s_file_translate_or_fail_with_the_translator_s_two_exceptions() =>
        Property.Holds(Mutations.Bytes(Patterns), pattern => CompileAndMatch(Encoding.Latin1.GetString(pattern)), iterations: 3000);

    private static readonly string Plain = " !\"#%&',-/:;<=>@_`~";

    // One byte in one of PCRE's ways of writing it.
    private static string Spell(byte b, int how) => how switch
    {
        0 => $"\\x{b:x2}",
        1 => $"\\x{{{b:X}}}",
        2 => "\\" + Convert.ToString(b, 8).PadLeft(3, '0'),
        3 => $"\\Q{(char)b}\\E",
        4 when char.IsAsciiLetterOrDigit((char)b) || Plain.Contains((char)b) => ((char)b).ToString(),
        4 or 5 when !char.IsAsciiLetterOrDigit((char)b) => "\\" + (char)b,
        6 => $"[\\x{b:x2}]",
        7 => $"\\o{{{Convert.ToString(b, 8)}}}",
        _ => $"\\x{b:x2}",
    };

    [Fact]
    public void A_literal_written_in_any_of_PCRE_s_escapes_matches_exactly_its_bytes() =>
        Property.Holds(Gen.Select(Gen.Byte, Gen.Int[0, 7]).Array[0, 24], spelled =>
        {
            string pattern = "^" + string.Concat(spelled.Select(t => Spell(t.Item1, t.Item2))) + "\\z";
            string text = ServiceMatch.AsText(spelled.Select(t => t.Item1).ToArray());
            var regex = ServiceMatch.Compile(pattern, ignoreCase: false, singleline: false);
            Assert.True(regex.IsMatch(text), $"{pattern} (.NET: {regex}) does not match {Property.Show(text)}");
            Assert.False(regex.IsMatch(text + "!"), $"{pattern} (.NET: {regex}) matches more than {Property.Show(text)}");
        }, iterations: 3000);

    // Found by the properties above and by afl (tests/fuzz, target pcre: 66 crashes in 3 minutes, the first three kinds):
    // each used to escape as an OverflowException (out of ServiceProbeDatabase.Parse too), or to be read as code -1 and
    // written as a different pattern.
    [Theory]
    [InlineData(@"\99999999999")]
    [InlineData(@"(a)(?(99999999999)a|b)")]
    [InlineData(@"\x{FFFFFFFF}")]
    [InlineData(@"\o{77777777777}")]
    [InlineData(@"\o{37777777777}")]
    [InlineData(@"[\x{100}]")]
    [InlineData(@"\o{}")]
    public void Numbers_beyond_a_byte_or_an_int_are_an_ArgumentException(string pattern)
    {
        var e = Record.Exception(() => PcreTranslator.ToDotNet(pattern));
        Assert.IsType<ArgumentException>(e);
    }
}
