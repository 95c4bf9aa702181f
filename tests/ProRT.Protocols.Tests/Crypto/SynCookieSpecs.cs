using PacketDotNet;
using ProRT.Protocols.Crypto;
using ProRT.Protocols.Packets;
using ProRT.Protocols.Tests.Packets;

namespace ProRT.Protocols.Tests.Crypto;

public class SynCookieSpecs
{
    private static readonly uint Us = ReplyFrames.Ip("192.0.2.10");
    private static readonly uint Target = ReplyFrames.Ip("198.51.100.7");

    [Fact]
    public void Cookie_is_the_low_32_bits_of_SipHash_over_the_tuple()
    {
        var cookie = new SynCookie(0x0706050403020100, 0x0F0E0D0C0B0A0908);

        Assert.Equal((uint)SipHash.HashTuple(0x0706050403020100, 0x0F0E0D0C0B0A0908, Us, Target, 40000, 80),
            cookie.Cookie(Us, Target, 40000, 80));
    }

    [Fact]
    public void Accepts_the_acknowledgment_of_the_cookie_and_nothing_near_it()
    {
        var cookie = new SynCookie(11, 22);
        uint seq = cookie.Cookie(Us, Target, 40000, 443);

        Assert.True(cookie.IsValidAck(Us, Target, 40000, 443, seq + 1));
        Assert.False(cookie.IsValidAck(Us, Target, 40000, 443, seq));
        Assert.False(cookie.IsValidAck(Us, Target, 40000, 443, seq + 2));
        Assert.False(cookie.IsValidAck(Us, Target, 40001, 443, seq + 1));
        Assert.False(cookie.IsValidAck(Us, Target + 1, 40000, 443, seq + 1));
        Assert.True(cookie.IsValidSequence(Us, Target, 40000, 443, seq));
    }

    [Fact]
    public void Different_scans_get_different_keys()
    {
        var first = new SynCookie();
        var second = new SynCookie();

        int same = 0;
        for (ushort port = 1; port <= 100; port++)
            if (first.Cookie(Us, Target, 40000, port) == second.Cookie(Us, Target, 40000, port))
                same++;

        Assert.True(same < 3);
    }

    [Fact]
    public void Recognises_a_SYN_ACK_and_a_RST_ACK_to_our_probe_and_rejects_a_forged_one()
    {
        var cookie = new SynCookie(0xDEADBEEF, 0xFEEDFACE);
        uint seq = cookie.Cookie(Us, Target, 51000, 443);
        byte[] synAck = ReplyFrames.Tcp(Target, Us, 443, 51000, seq: 777, ack: seq + 1, syn: true, ackFlag: true);
        byte[] rstAck = ReplyFrames.Tcp(Target, Us, 443, 51000, seq: 0, ack: seq + 1, rst: true, ackFlag: true);
        byte[] forged = ReplyFrames.Tcp(Target, Us, 443, 51000, seq: 777, ack: seq + 2, syn: true, ackFlag: true);
        byte[] noAck = ReplyFrames.Tcp(Target, Us, 443, 51000, seq: seq + 1, ack: seq + 1, rst: true);

        Assert.True(Parse(synAck, out var a) && cookie.IsReplyToSyn(a));
        Assert.True(Parse(rstAck, out var b) && cookie.IsReplyToSyn(b));
        Assert.True(Parse(forged, out var c) && !cookie.IsReplyToSyn(c));
        Assert.True(Parse(noAck, out var d) && !cookie.IsReplyToSyn(d));
    }

    [Fact]
    public void Recognises_an_ICMP_error_quoting_our_probe()
    {
        var cookie = new SynCookie(1, 2);
        var template = SynProbeTemplate.ForRawIp(Us);
        byte[] sent = new byte[template.FrameLength];
        template.Write(sent, Target, 443, 51000, cookie.Cookie(Us, Target, 51000, 443), 5);
        byte[] unreachable = ReplyFrames.Icmp(ReplyFrames.Ip("203.0.113.1"), Us, IcmpV4TypeCode.UnreachableHostProhibited, sent[..28]);
        sent[24] ^= 1; // a different sequence number quoted back
        byte[] spoofed = ReplyFrames.Icmp(ReplyFrames.Ip("203.0.113.1"), Us, IcmpV4TypeCode.UnreachableHostProhibited, sent[..28]);

        Assert.True(Parse(unreachable, out var genuine) && cookie.IsReplyToSyn(genuine));
        Assert.True(Parse(spoofed, out var fake) && !cookie.IsReplyToSyn(fake));
    }

    [Fact]
    public void Derived_source_ports_stay_in_range_and_repeat_for_the_same_target()
    {
        var cookie = new SynCookie(3, 4);
        var seen = new HashSet<ushort>();
        for (ushort port = 1; port <= 2000; port++)
        {
            ushort src = cookie.SourcePort(Us, Target, port, firstPort: 40000, portCount: 1000);
            Assert.InRange(src, 40000, 40999);
            Assert.Equal(src, cookie.SourcePort(Us, Target, port, 40000, 1000));
            seen.Add(src);
        }
        Assert.True(seen.Count > 700, $"only {seen.Count} distinct ports");
        Assert.Equal(65535, cookie.SourcePort(Us, Target, 1, 65535, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => cookie.SourcePort(Us, Target, 1, 65535, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => cookie.SourcePort(Us, Target, 1, 1024, 0));
    }

    [Fact]
    public void Checking_a_reply_allocates_nothing()
    {
        var cookie = new SynCookie(5, 6);
        uint seq = cookie.Cookie(Us, Target, 51000, 443);
        Assert.True(Parse(ReplyFrames.Tcp(Target, Us, 443, 51000, 1, seq + 1, syn: true, ackFlag: true), out var reply));
        cookie.IsReplyToSyn(reply);

        long before = GC.GetAllocatedBytesForCurrentThread();
        int matched = 0;
        for (int i = 0; i < 10_000; i++)
            if (cookie.IsReplyToSyn(reply))
                matched++;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(10_000, matched);
    }

    private static bool Parse(byte[] frame, out ReplyPacket reply) =>
        ReplyParser.TryParse(frame, EthernetHeader.Length, out reply);
}
