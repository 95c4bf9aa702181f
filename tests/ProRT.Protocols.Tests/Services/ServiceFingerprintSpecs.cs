using System.Text;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Services;
using Xunit;

namespace ProRT.Protocols.Tests.Services;

/// <summary>Known answers for nmap's service fingerprint (service_scan.cc, addToServiceFingerprint).</summary>
public sealed class ServiceFingerprintSpecs
{
    // Noon UTC: the same local day (D=) in every time zone from -11 to +11.
    private static readonly DateTimeOffset Noon = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private const string Header = "SF-Port8081-TCP:V=7.93%I=7%D=12/7%Time=6B169FC0%P=x86_64-pc-linux-gnu";

    private static ServiceFingerprint New(ushort port = 8081, Protocol protocol = Protocol.Tcp, bool ssl = false) =>
        new(port, protocol, ssl, 7, Noon, "x86_64-pc-linux-gnu");

    private static string Unwrapped(ServiceFingerprint fp) => ServiceFingerprint.Unwrapped(fp.Text!);

    [Fact]
    public void Nothing_answered_is_no_fingerprint()
    {
        var fp = New();
        fp.Add("NULL", []);
        Assert.True(fp.IsEmpty);
        Assert.Null(fp.Text);
    }

    [Fact]
    public void The_header_names_port_protocol_version_tunnel_intensity_day_time_and_platform()
    {
        var fp = New();
        fp.Add("NULL", "hi"u8);
        Assert.Equal(Header + "%r(NULL,2,\"hi\");", Unwrapped(fp));
        var udp = new ServiceFingerprint(161, Protocol.Udp, true, 9, Noon, "p");
        udp.Add("X", "a"u8);
        Assert.Equal("SF-Port161-UDP:V=7.93%T=SSL%I=9%D=12/7%Time=6B169FC0%P=p%r(X,1,\"a\");", Unwrapped(udp));
    }

    [Fact]
    public void Bytes_are_escaped_as_nmap_escapes_them()
    {
        // NUL before a digit is \x00 (PCRE would read \01 as an octal escape), else \0; PCRE specials get a backslash;
        // other punctuation stays; \r \n \t; space and everything else as \xhh.
        byte[] response = [0x00, (byte)'1', 0x00, (byte)'a', (byte)'\\', (byte)'"', (byte)'?', (byte)' ', (byte)'\r', (byte)'\n',
            (byte)'\t', (byte)'~', 0x80, (byte)'&', (byte)'[', (byte)']', (byte)'(', (byte)')', (byte)'.', (byte)'*', (byte)'+',
            (byte)'$', (byte)'^', (byte)'|', (byte)';', (byte)'<', 0x7f, 0xff, 0x00];
        var fp = New();
        fp.Add("GetRequest", response);
        Assert.Equal(Header + "%r(GetRequest,1D,\"\\x001\\0a\\\\\\\"\\?\\x20\\r\\n\\t~\\x80&\\[\\]\\(\\)\\.\\*\\+\\$\\^\\|;<\\x7f\\xff\\0\");",
            Unwrapped(fp));
    }

    [Fact]
    public void Lines_wrap_at_74_characters_each_new_one_starting_with_SF()
    {
        var fp = New();
        fp.Add("NULL", Encoding.ASCII.GetBytes(new string('A', 200)));
        var lines = fp.Text!.Split('\n');
        Assert.All(lines[..^1], l => Assert.Equal(74, l.Length));
        Assert.All(lines[1..], l => Assert.StartsWith("SF:", l));
        Assert.Equal(Header, lines[0][..Header.Length]);
        Assert.EndsWith("\");", lines[^1]);
    }

    [Fact]
    public void An_answer_is_cut_at_900_bytes_but_keeps_its_whole_length()
    {
        var fp = New();
        fp.Add("NULL", Encoding.ASCII.GetBytes(new string('B', 1000)));
        Assert.Equal(Header + "%r(NULL,3E8,\"" + new string('B', 900) + "\");", Unwrapped(fp));
    }

    [Fact]
    public void Answers_stop_being_added_once_the_text_is_past_2200_characters()
    {
        var fp = New();
        var answer = Encoding.ASCII.GetBytes(new string('C', 800));
        foreach (var probe in new[] { "P1", "P2", "P3", "P4" }) fp.Add(probe, answer);
        var text = Unwrapped(fp);
        // Before P3 the text is ~1700 long, so P3 still goes in (past 2200), and P4 does not.
        Assert.Contains("%r(P3,", text);
        Assert.DoesNotContain("%r(P4,", text);
    }
}
