using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using ProRT.Protocols.Ports;

namespace ProRT.Protocols.Services;

/// <summary>
/// nmap's service fingerprint of a service -sV could not name: the answers of its probes, in probe order, in the form
/// nmap asks users to submit (service_scan.cc, ServiceNFO::addToServiceFingerprint and getServiceFingerprint):
/// <c>SF-Port8081-TCP:V=7.93%I=7%D=12/7%Time=6571A2B3%P=x86_64-pc-linux-gnu%r(NULL,10,"...")...;</c>
/// </summary>
/// <remarks>
/// <para>As nmap: a header (port, protocol, nmap version, "%T=SSL" inside TLS, intensity, local month/day, Unix time in
/// hex, platform), then per answer <c>%r(Probe,LENGTH,"bytes")</c> with the whole length in hex but at most
/// <see cref="BytesPerAnswer"/> bytes written; letters and digits as they are, NUL as \0 (\x00 before a digit), the
/// PCRE specials \ ? " [ ] ( ) . * + $ ^ | with a backslash, other punctuation as it is, \r \n \t, anything else as
/// \xhh. Answers stop being added once the text is past <see cref="Cap"/> characters. Lines wrap at 74 characters, a
/// new one starting with "SF:" (written as "\nSF:", which the XML leaves out); a ';' ends it.</para>
/// <para>The version in V= is the nmap whose format this follows (<see cref="NmapVersion"/>).</para>
/// </remarks>
public sealed class ServiceFingerprint
{
    /// <summary>The nmap version whose fingerprint format this follows, written as V=.</summary>
    public const string NmapVersion = "7.93";

    /// <summary>Bytes of one answer written at most (nmap's limit without debugging).</summary>
    public const int BytesPerAnswer = 900;

    /// <summary>Length past which no further answer is added (nmap's limit without debugging).</summary>
    public const int Cap = 2200;

    private const int WrapAt = 74;
    private readonly StringBuilder _text = new();
    private readonly string _header;

    /// <summary>Starts the fingerprint of one port.</summary>
    /// <param name="port">The port.</param>
    /// <param name="protocol">TCP or UDP.</param>
    /// <param name="ssl">True when the probes ran inside TLS.</param>
    /// <param name="intensity">--version-intensity.</param>
    /// <param name="now">When it is made: D= takes the local month and day, Time= the Unix time.</param>
    /// <param name="platform">P=, nmap's build platform; <see cref="Platform"/> by default.</param>
    public ServiceFingerprint(ushort port, Protocol protocol, bool ssl, int intensity, DateTimeOffset now, string? platform = null)
    {
        var local = now.ToLocalTime();
        _header = string.Create(CultureInfo.InvariantCulture,
            $"SF-Port{port}-{(protocol == Protocol.Udp ? "UDP" : "TCP")}:V={NmapVersion}{(ssl ? "%T=SSL" : "")}%I={intensity}%D={local.Month}/{local.Day}%Time={(uint)now.ToUnixTimeSeconds():X}%P={platform ?? Platform}");
    }

    /// <summary>This machine as nmap's platform string names it ("x86_64-pc-linux-gnu").</summary>
    public static string Platform { get; } = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => "x86_64",
        Architecture.X86 => "i686",
        Architecture.Arm64 => "aarch64",
        Architecture.Arm => "arm",
        var a => a.ToString().ToLowerInvariant(),
    } + (OperatingSystem.IsWindows() ? "-pc-windows-windows" : OperatingSystem.IsMacOS() ? "-apple-darwin" : "-pc-linux-gnu");

    /// <summary>True when no answer has been added.</summary>
    public bool IsEmpty => _text.Length == 0;

    /// <summary>Adds one probe's answer; an empty answer adds nothing, and nothing is added once past <see cref="Cap"/>.</summary>
    /// <param name="probe">The probe's name ("NULL", "GetRequest"...).</param>
    /// <param name="response">Everything it got back.</param>
    public void Add(string probe, ReadOnlySpan<byte> response)
    {
        ArgumentNullException.ThrowIfNull(probe);
        if (response.IsEmpty || _text.Length > Cap) return;
        if (_text.Length == 0) Append(_header);
        Append(string.Create(CultureInfo.InvariantCulture, $"%r({probe},{response.Length:X},\""));
        int used = Math.Min(response.Length, BytesPerAnswer);
        for (int i = 0; i < used; i++)
        {
            byte b = response[i];
            if (char.IsAsciiLetterOrDigit((char)b)) Append((char)b);
            else if (b == 0) Append(i + 1 >= used || !char.IsAsciiDigit((char)response[i + 1]) ? "\\0" : "\\x00");
            else if ("\\?\"[]().*+$^|".Contains((char)b, StringComparison.Ordinal)) { Append('\\'); Append((char)b); }
            else if (b is >= 0x21 and <= 0x7e) Append((char)b); // C's ispunct: the rest of printable ASCII but space
            else if (b == '\r') Append("\\r");
            else if (b == '\n') Append("\\n");
            else if (b == '\t') Append("\\t");
            else Append(string.Create(CultureInfo.InvariantCulture, $"\\x{b:x2}"));
        }
        Append('"');
        Append(')');
    }

    /// <summary>The fingerprint as normal output prints it (lines joined by "\nSF:", ending in ';'); null when empty.</summary>
    public string? Text => IsEmpty ? null : _text + ";";

    /// <summary>The fingerprint as XML's servicefp attribute holds it: without the "\nSF:" line breaks.</summary>
    /// <param name="fingerprint">The text of <see cref="Text"/>.</param>
    public static string Unwrapped(string fingerprint) => fingerprint.Replace("\nSF:", "", StringComparison.Ordinal);

    private void Append(string s)
    {
        foreach (char c in s) Append(c);
    }

    // nmap counts the inserted "\nSF:" too when it decides where the next line starts.
    private void Append(char c)
    {
        if (_text.Length % (WrapAt + 1) == WrapAt) _text.Append("\nSF:");
        _text.Append(c);
    }
}
