using System.Text.RegularExpressions;

namespace ProRT.Actors.Persistence;

/// <summary>
/// Replaces passwords with <see cref="Mask"/> in whatever prtip records or shows of a command line or a setting:
/// output headers, the journal, the results database, logs and error messages. Connections keep the real password;
/// a password that reads <see cref="Mask"/> is one of these records, never a real one
/// (<see cref="JournalSettings.PostgresConnectionString"/> connects without it).
/// </summary>
public static partial class PasswordRedaction
{
    /// <summary>What a password becomes.</summary>
    public const string Mask = "***";

    /// <summary>
    /// <paramref name="text"/> with every password masked: of a URL (postgres://user:PASSWORD@host, up to the last @ of
    /// the word, so a password holding @ or : is masked whole), of a URL parameter (?password=...) and of a connection
    /// string (Password=..., Pwd=, Psw=, quoted or not, up to the next ;).
    /// </summary>
    public static string Redact(string text)
    {
        text = UrlPassword().Replace(text, m => m.Groups["before"].Value + Mask);
        text = QueryPassword().Replace(text, m => m.Groups["before"].Value + Mask);
        return KeywordPassword().Replace(text, m => m.Groups["before"].Value + Mask);
    }

    /// <summary>Command-line arguments with every password masked: each as <see cref="Redact"/> masks it, and the value
    /// of an option whose name ends in "password" (--cluster-tls-password SECRET, --cluster-tls-password=SECRET).</summary>
    public static string[] RedactArguments(IEnumerable<string> args)
    {
        var redacted = new List<string>();
        bool secretNext = false;
        foreach (var arg in args)
        {
            var option = OptionPassword().Match(arg);
            redacted.Add(secretNext ? Mask : option.Success ? option.Groups["before"].Value + Mask : Redact(arg));
            secretNext = !option.Success && arg.StartsWith("--", StringComparison.Ordinal) && arg.EndsWith("password", StringComparison.OrdinalIgnoreCase);
        }
        return redacted.ToArray();
    }

    // scheme://user:PASSWORD@ — the password runs to the last @ before white space.
    [GeneratedRegex(@"(?<before>\b[A-Za-z][A-Za-z0-9+.-]*://[^\s/@:]*:)\S+(?=@)")]
    private static partial Regex UrlPassword();

    // ?password=VALUE or &pwd=VALUE in a URL: percent-encoded, so it ends at &, # or white space.
    [GeneratedRegex(@"(?<before>[?&](?:password|pwd|psw)=)[^&#\s]*", RegexOptions.IgnoreCase)]
    private static partial Regex QueryPassword();

    // Password=VALUE in a connection string (also "SSL Password"): a quoted value with its doubled quotes, else up to ;.
    [GeneratedRegex("""(?<before>(?:^|[;\s])\s*(?:password|pwd|psw)\s*=\s*)(?:"(?:[^"]|"")*"|'(?:[^']|'')*'|[^;]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex KeywordPassword();

    // --cluster-tls-password=VALUE (or :VALUE) as one argument.
    [GeneratedRegex("^(?<before>--[A-Za-z0-9-]*password[=:]).*", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex OptionPassword();
}
