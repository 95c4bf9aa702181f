using ProRT.Protocols.Crypto;
using ProRT.Protocols.Packets;

namespace ProRT.Protocols.Tests.Crypto;

public sealed class TcpProbeMatchingSpecs
{
    private static readonly SynCookie Cookie = new(1, 2);
    private const uint Us = 0xC6120001, Them = 0xC6120002;
    private const ushort OurPort = 45000, TheirPort = 80;
    private static uint C => Cookie.Cookie(Us, Them, OurPort, TheirPort);

    private static ReplyPacket Tcp(TcpFlags flags, uint seq, uint ack) => new()
    {
        Protocol = IpProtocol.Tcp, SourceIp = Them, DestinationIp = Us, SourcePort = TheirPort, DestinationPort = OurPort,
        TcpFlags = flags, Sequence = seq, Acknowledgment = ack,
    };

    [Fact]
    public void Accepts_each_answer_an_rfc_793_stack_gives()
    {
        Assert.True(Cookie.IsReplyToTcpProbe(Tcp(TcpFlags.Syn | TcpFlags.Ack, 7, C + 1))); // SYN -> SYN/ACK
        Assert.True(Cookie.IsReplyToTcpProbe(Tcp(TcpFlags.Rst | TcpFlags.Ack, 0, C + 1))); // SYN or FIN -> RST/ACK
        Assert.True(Cookie.IsReplyToTcpProbe(Tcp(TcpFlags.Rst | TcpFlags.Ack, 0, C)));     // NULL -> RST/ACK
        Assert.True(Cookie.IsReplyToTcpProbe(Tcp(TcpFlags.Rst, C, 0)));                    // ACK -> RST, seq = our ack
    }

    [Fact]
    public void Refuses_what_does_not_carry_the_cookie()
    {
        Assert.False(Cookie.IsReplyToTcpProbe(Tcp(TcpFlags.Syn | TcpFlags.Ack, 7, C + 2)));
        Assert.False(Cookie.IsReplyToTcpProbe(Tcp(TcpFlags.Rst, C + 1, 0)));
        Assert.False(Cookie.IsReplyToTcpProbe(Tcp(TcpFlags.Ack, C, 0))); // a bare ACK with our sequence is not an answer
        var other = Tcp(TcpFlags.Rst | TcpFlags.Ack, 0, C + 1) with { SourcePort = 81 };
        Assert.False(Cookie.IsReplyToTcpProbe(other));
    }
}
