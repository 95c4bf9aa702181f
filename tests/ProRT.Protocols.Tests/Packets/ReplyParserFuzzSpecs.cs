using CsCheck;
using PacketDotNet;
using ProRT.Protocols.Packets;
using ProRT.Tests.Fuzzing;

namespace ProRT.Protocols.Tests.Packets;

/// <summary>Anything may arrive on a capture: the parser answers false, never throws, and reads valid replies exactly.</summary>
public class ReplyParserFuzzSpecs
{
    private static readonly uint Us = ReplyFrames.Ip("192.0.2.10");
    private static readonly uint Target = ReplyFrames.Ip("198.51.100.7");

    // Every kind of reply a scan takes in, each a seed for the mutator.
    private static readonly byte[][] Replies =
    [
        ReplyFrames.Tcp(Target, Us, 443, 51000, 0xA0B0C0D0, 0x01020305, syn: true, ackFlag: true, window: 64240, ttl: 57),
        ReplyFrames.Tcp(Target, Us, 81, 51000, 0, 0x01020305, rst: true, ackFlag: true),
        ReplyFrames.Udp(Target, Us, 53, 51000, [1, 2, 3, 4, 5]),
        ReplyFrames.Icmp(Target, Us, IcmpV4TypeCode.UnreachablePort, ReplyFrames.Udp(Us, Target, 51000, 161, [])[14..]),
        ReplyFrames.Icmp(Target, Us, IcmpV4TypeCode.UnreachableHostProhibited,
            ReplyFrames.Tcp(Us, Target, 51000, 82, 0xCAFEF00D, 0, syn: true, ethernet: false)[..28]),
        ReplyFrames.Icmp(Target, Us, IcmpV4TypeCode.EchoReply, [0x70, 0x72], id: 0x1234, sequence: 7),
    ];

    [Fact]
    public void Arbitrary_bytes_are_rejected_or_read_never_thrown() =>
        Property.Holds(Gen.Select(Gen.Byte.Array[0, 96], Gen.Int[-2, 40]), t =>
        {
            var (frame, link) = t;
            if (ReplyParser.TryParse(frame, link, out _))
                Assert.Equal(4, frame[link] >> 4);
        }, iterations: 5000);

    [Fact]
    public void Damaged_replies_are_rejected_or_read_never_thrown() =>
        Property.Holds(Mutations.Bytes(Replies), frame =>
        {
            ReplyParser.TryParse(frame, EthernetHeader.Length, out _);
            if (frame.Length >= EthernetHeader.Length) ReplyParser.TryParse(frame.AsSpan(EthernetHeader.Length), 0, out _);
        }, iterations: 5000);

    [Fact]
    public void Every_seed_reply_reads()
    {
        foreach (var frame in Replies)
            Assert.True(ReplyParser.TryParse(frame, EthernetHeader.Length, out _));
    }

    [Fact]
    public void A_generated_TCP_reply_reads_back_as_generated() =>
        Property.Holds(Gen.Select(Gen.UInt, Gen.UInt, Gen.UShort, Gen.UShort, Gen.UInt, Gen.UInt, Gen.Int[0, 7],
            Gen.Select(Gen.UShort, Gen.Byte, Gen.UShort)), t =>
        {
            var (src, dst, sport, dport, seq, ack, flags, (window, ttl, ipId)) = t;
            byte[] frame = ReplyFrames.Tcp(src, dst, sport, dport, seq, ack, syn: (flags & 1) != 0, ackFlag: (flags & 2) != 0,
                rst: (flags & 4) != 0, window: window, ttl: ttl, ipId: ipId);
            Assert.True(ReplyParser.TryParse(frame, EthernetHeader.Length, out var r));
            var expectedFlags = ((flags & 1) != 0 ? TcpFlags.Syn : 0) | ((flags & 2) != 0 ? TcpFlags.Ack : 0) | ((flags & 4) != 0 ? TcpFlags.Rst : 0);
            Assert.Equal((src, dst, IpProtocol.Tcp, ttl, ipId, sport, dport, seq, ack, expectedFlags, window, false),
                (r.SourceIp, r.DestinationIp, r.Protocol, r.Ttl, r.IpId, r.SourcePort, r.DestinationPort, r.Sequence, r.Acknowledgment,
                    r.TcpFlags, r.Window, r.HasEmbedded));
        }, iterations: 1000);

    [Fact]
    public void A_generated_ICMP_error_names_the_probe_it_quotes() =>
        Property.Holds(Gen.Select(Gen.UInt, Gen.UInt, Gen.UShort, Gen.UShort, Gen.UInt, Gen.Int[28, 40]), t =>
        {
            var (router, dst, sport, dport, seq, quoted) = t;
            byte[] probe = ReplyFrames.Tcp(Us, dst, sport, dport, seq, 0, syn: true, ethernet: false);
            byte[] frame = ReplyFrames.Icmp(router, Us, IcmpV4TypeCode.UnreachablePort, probe[..quoted]);
            Assert.True(ReplyParser.TryParse(frame, EthernetHeader.Length, out var r));
            Assert.Equal((IpProtocol.Icmp, router, (byte)3, (byte)3, true, IpProtocol.Tcp, Us, dst, sport, dport, seq),
                (r.Protocol, r.SourceIp, r.IcmpType, r.IcmpCode, r.HasEmbedded, r.EmbeddedProtocol, r.EmbeddedSourceIp, r.EmbeddedDestinationIp,
                    r.EmbeddedSourcePort, r.EmbeddedDestinationPort, r.EmbeddedSequence));
        }, iterations: 1000);
}
