using ProRT.Protocols.Services;

namespace ProRT.Protocols.Tests.Services;

public sealed class PcrePrefixSpecs
{
    [Theory]
    [InlineData(@"^SSH-([\d.]+)-OpenSSH", false, "SSH-")]
    [InlineData(@"^220 .* FTP", false, "220 ")]
    [InlineData(@"^\x16\x03\0\0S\x01", false, "\x16\x03\0\0S\x01")]
    [InlineData(@"^HTTP/1\.[01] \d\d\d", false, "HTTP/1.")]
    [InlineData(@"^abc?d", false, "ab")]          // c may be absent
    [InlineData(@"^ab*", false, "a")]
    [InlineData(@"^ab+c", false, "ab")]           // one b at least; what follows is not fixed
    [InlineData(@"^ab{2}", false, "a")]
    [InlineData(@"^\0\x01", false, "\0\x01")]
    [InlineData(@"^\012", false, "")]             // an octal code, not NUL then digits
    [InlineData(@"^\d+", false, "")]
    [InlineData(@"^(?i)abc", false, "")]
    [InlineData(@"^abc|^def", false, "")]         // the anchor covers one side only
    [InlineData(@"^a(b|c)d", false, "a")]         // an alternative inside a group is fine
    [InlineData(@"^[|]x", false, "")]             // a '|' in a class is no alternative, but the class ends the prefix
    [InlineData(@"SSH-", false, "")]              // not anchored
    [InlineData(@"^caf\xe9", true, "caf")]        // case folding beyond ASCII is left to the regex
    [InlineData(@"^\Qa|b\E", false, "")]
    public void Known_answers(string pattern, bool ignoreCase, string prefix) =>
        Assert.Equal(prefix, PcrePrefix.Of(pattern, ignoreCase));

    [Fact]
    public void A_prefix_never_turns_away_what_the_pattern_matches()
    {
        // Every pattern of nmap's file, on a string made of its own prefix: where the regex matches text that starts
        // with the prefix, the check must agree; and the prefix of a match is always a prefix of the matched text.
        if (!File.Exists(ServiceProbeDatabase.DefaultPath)) return;
        var db = ServiceProbeDatabase.LoadDefault(ServiceProbeDatabase.DefaultPath);
        foreach (var m in db.Probes.SelectMany(p => p.Matches).Where(m => m.RequiredPrefix.Length > 0))
        {
            var compare = m.IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            foreach (var sample in new[] { m.RequiredPrefix, m.RequiredPrefix[..^1] + "\u00ff", "\u00ff" + m.RequiredPrefix })
            {
                var match = m.Regex.Match(sample);
                if (match.Success) Assert.True(sample.StartsWith(m.RequiredPrefix, compare), $"line {m.Line}: {m.Pattern} matched '{sample}'");
            }
        }
    }
}
