using PacketDotNet;
using ProRT.Protocols.Packets;

namespace ProRT.Protocols.Tests.Packets;

public class ReplyParserSpecs
{
    private static readonly uint Us = ReplyFrames.Ip("192.0.2.10");
    private static readonly uint Target = ReplyFrames.Ip("198.51.100.7");
    private static readonly uint Router = ReplyFrames.Ip("203.0.113.1");

    [Fact]
    public void Reads_a_SYN_ACK()
    {
        byte[] frame = ReplyFrames.Tcp(Target, Us, 443, 51000, seq: 0xA0B0C0D0, ack: 0x01020305,
            syn: true, ackFlag: true, window: 64240, ttl: 57, ipId: 0x3344);

        Assert.True(ReplyParser.TryParse(frame, EthernetHeader.Length, out var reply));

        Assert.Equal(Target, reply.SourceIp);
        Assert.Equal(Us, reply.DestinationIp);
        Assert.Equal(IpProtocol.Tcp, reply.Protocol);
        Assert.Equal(57, reply.Ttl);
        Assert.Equal(0x3344, reply.IpId);
        Assert.Equal(443, reply.SourcePort);
        Assert.Equal(51000, reply.DestinationPort);
        Assert.Equal(0xA0B0C0D0u, reply.Sequence);
        Assert.Equal(0x01020305u, reply.Acknowledgment);
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, reply.TcpFlags);
        Assert.Equal(64240, reply.Window);
        Assert.True(reply.IsSynAck);
        Assert.False(reply.IsRst);
        Assert.False(reply.HasEmbedded);
    }

    [Fact]
    public void Reads_a_RST_ACK_from_a_closed_port_in_raw_IP_framing()
    {
        byte[] frame = ReplyFrames.Tcp(Target, Us, 23, 51000, seq: 0, ack: 0x77, ackFlag: true, rst: true, ethernet: false);

        Assert.True(ReplyParser.TryParse(frame, 0, out var reply));

        Assert.True(reply.IsRst);
        Assert.False(reply.IsSynAck);
        Assert.Equal(TcpFlags.Rst | TcpFlags.Ack, reply.TcpFlags);
        Assert.Equal(0x77u, reply.Acknowledgment);
        Assert.Equal(23, reply.SourcePort);
    }

    [Fact]
    public void Reads_an_ICMP_port_unreachable_and_the_probe_it_quotes()
    {
        var probe = SynProbeTemplate.ForRawIp(Us);
        byte[] sent = new byte[probe.FrameLength];
        probe.Write(sent, Target, dstPort: 161, srcPort: 45678, seq: 0xCAFEF00D, ipId: 1);
        // A router quotes the IPv4 header and the first 8 bytes of TCP: ports and sequence number.
        byte[] frame = ReplyFrames.Icmp(Router, Us, IcmpV4TypeCode.UnreachablePort, sent[..28]);

        Assert.True(ReplyParser.TryParse(frame, EthernetHeader.Length, out var reply));

        Assert.Equal(IpProtocol.Icmp, reply.Protocol);
        Assert.Equal(Router, reply.SourceIp);
        Assert.Equal(IcmpType.DestinationUnreachable, reply.IcmpType);
        Assert.Equal(IcmpUnreachableCode.Port, reply.IcmpCode);
        Assert.True(reply.HasEmbedded);
        Assert.Equal(IpProtocol.Tcp, reply.EmbeddedProtocol);
        Assert.Equal(Us, reply.EmbeddedSourceIp);
        Assert.Equal(Target, reply.EmbeddedDestinationIp);
        Assert.Equal(45678, reply.EmbeddedSourcePort);
        Assert.Equal(161, reply.EmbeddedDestinationPort);
        Assert.Equal(0xCAFEF00Du, reply.EmbeddedSequence);
    }

    [Fact]
    public void Reads_the_quote_of_a_UDP_probe_and_a_full_length_quote()
    {
        byte[] udpProbe = ReplyFrames.Udp(Us, Target, 53000, 53, "query"u8.ToArray())[EthernetHeader.Length..];
        byte[] frame = ReplyFrames.Icmp(Target, Us, IcmpV4TypeCode.UnreachablePort, udpProbe);

        Assert.True(ReplyParser.TryParse(frame, EthernetHeader.Length, out var reply));

        Assert.Equal(IpProtocol.Udp, reply.EmbeddedProtocol);
        Assert.Equal(53000, reply.EmbeddedSourcePort);
        Assert.Equal(53, reply.EmbeddedDestinationPort);
        Assert.Equal(0u, reply.EmbeddedSequence);
    }

    [Fact]
    public void Rejects_an_ICMP_error_whose_quote_is_too_short_to_name_the_probe()
    {
        var probe = SynProbeTemplate.ForRawIp(Us);
        byte[] sent = new byte[probe.FrameLength];
        probe.Write(sent, Target, 161, 45678, 1, 1);

        byte[] frame = ReplyFrames.Icmp(Router, Us, IcmpV4TypeCode.UnreachableHostProhibited, sent[..27]);

        Assert.False(ReplyParser.TryParse(frame, EthernetHeader.Length, out _));
    }

    [Fact]
    public void Reads_an_echo_reply_without_a_quote()
    {
        byte[] frame = ReplyFrames.Icmp(Target, Us, IcmpV4TypeCode.EchoReply, "ping"u8.ToArray(), id: 0x1234, sequence: 9);

        Assert.True(ReplyParser.TryParse(frame, EthernetHeader.Length, out var reply));

        Assert.Equal(IcmpType.EchoReply, reply.IcmpType);
        Assert.Equal(0x1234, reply.IcmpIdentifier);
        Assert.Equal(9, reply.IcmpSequence);
        Assert.False(reply.HasEmbedded);
    }

    [Fact]
    public void Reads_UDP_ports()
    {
        byte[] frame = ReplyFrames.Udp(Target, Us, 53, 53000, new byte[12]);

        Assert.True(ReplyParser.TryParse(frame, EthernetHeader.Length, out var reply));

        Assert.Equal(IpProtocol.Udp, reply.Protocol);
        Assert.Equal(53, reply.SourcePort);
        Assert.Equal(53000, reply.DestinationPort);
    }

    [Fact]
    public void Ignores_Ethernet_padding_after_the_datagram()
    {
        byte[] frame = ReplyFrames.Tcp(Target, Us, 80, 50000, 1, 2, rst: true, ackFlag: true);
        byte[] padded = new byte[60];
        frame.CopyTo(padded, 0);
        padded.AsSpan(frame.Length).Fill(0xAA);

        Assert.True(ReplyParser.TryParse(padded, EthernetHeader.Length, out var reply));
        Assert.Equal(80, reply.SourcePort);
    }

    [Fact]
    public void Skips_IPv4_options_by_their_header_length()
    {
        byte[] frame = ReplyFrames.Tcp(Target, Us, 80, 50000, 1, 2, syn: true, ackFlag: true, ethernet: false);
        // Insert 4 bytes of NOP options after the 20-byte header and fix up IHL and total length.
        byte[] withOptions = [.. frame[..20], 1, 1, 1, 0, .. frame[20..]];
        withOptions[0] = 0x46;
        withOptions[3] += 4;

        Assert.True(ReplyParser.TryParse(withOptions, 0, out var reply));
        Assert.Equal(80, reply.SourcePort);
        Assert.Equal(50000, reply.DestinationPort);
    }

    [Fact]
    public void Every_truncation_of_a_valid_frame_is_rejected()
    {
        var probe = SynProbeTemplate.ForRawIp(Us);
        byte[] sent = new byte[probe.FrameLength];
        probe.Write(sent, Target, 161, 45678, 1, 1);
        byte[][] frames =
        [
            ReplyFrames.Tcp(Target, Us, 443, 51000, 5, 6, syn: true, ackFlag: true),
            ReplyFrames.Icmp(Router, Us, IcmpV4TypeCode.UnreachablePort, sent[..28]),
            ReplyFrames.Udp(Target, Us, 53, 53000, new byte[3]),
        ];
        foreach (byte[] frame in frames)
        {
            Assert.True(ReplyParser.TryParse(frame, EthernetHeader.Length, out _));
            for (int length = 0; length < frame.Length; length++)
                Assert.False(ReplyParser.TryParse(frame.AsSpan(0, length), EthernetHeader.Length, out _), $"length {length}");
        }
    }

    [Fact]
    public void Malformed_headers_are_rejected()
    {
        byte[] good = ReplyFrames.Tcp(Target, Us, 443, 51000, 5, 6, syn: true, ackFlag: true, ethernet: false);

        Assert.False(ReplyParser.TryParse(With(good, 0, 0x65), 0, out _));   // IPv6 version nibble
        Assert.False(ReplyParser.TryParse(With(good, 0, 0x44), 0, out _));   // IHL below 5
        Assert.False(ReplyParser.TryParse(With(good, 0, 0x4F), 0, out _));   // IHL past the datagram
        Assert.False(ReplyParser.TryParse(With(good, 3, 19), 0, out _));     // total length below the header
        Assert.False(ReplyParser.TryParse(With(good, 3, 200), 0, out _));    // total length past the bytes
        Assert.False(ReplyParser.TryParse(With(good, 32, 0x40), 0, out _));  // TCP data offset below 5
        Assert.False(ReplyParser.TryParse(With(good, 32, 0xF0), 0, out _));  // TCP data offset past the segment
        Assert.False(ReplyParser.TryParse(With(good, 7, 0x01), 0, out _));   // a later fragment
        Assert.False(ReplyParser.TryParse(good, -1, out _));
        Assert.False(ReplyParser.TryParse(good, good.Length + 1, out _));
        Assert.False(ReplyParser.TryParse(good, 14, out _));
    }

    [Fact]
    public void Random_bytes_and_mutated_frames_never_throw()
    {
        var random = new Random(4242);
        var probe = SynProbeTemplate.ForRawIp(Us);
        byte[] sent = new byte[probe.FrameLength];
        probe.Write(sent, Target, 161, 45678, 1, 1);
        byte[][] seeds =
        [
            ReplyFrames.Tcp(Target, Us, 443, 51000, 5, 6, syn: true, ackFlag: true),
            ReplyFrames.Icmp(Router, Us, IcmpV4TypeCode.UnreachablePort, sent[..28]),
            ReplyFrames.Udp(Target, Us, 53, 53000, new byte[3]),
        ];
        int accepted = 0;
        for (int i = 0; i < 20_000; i++)
        {
            byte[] input;
            if (i % 2 == 0)
            {
                input = new byte[random.Next(0, 120)];
                random.NextBytes(input);
                if (input.Length > 14 && i % 4 == 0)
                    input[14] = (byte)(0x40 | random.Next(16)); // look like IPv4 often enough to get past the first check
            }
            else
            {
                input = (byte[])seeds[random.Next(seeds.Length)].Clone();
                for (int flips = random.Next(1, 4); flips > 0; flips--)
                    input[random.Next(input.Length)] = (byte)random.Next(256);
                if (random.Next(3) == 0)
                    input = input[..random.Next(input.Length + 1)];
            }
            int link = random.Next(4) switch { 0 => 0, 1 => 14, 2 => random.Next(-2, 130), _ => 14 };

            if (ReplyParser.TryParse(input, link, out _))
                accepted++;
        }

        Assert.InRange(accepted, 1, 20_000);
    }

    [Fact]
    public void Parsing_allocates_nothing()
    {
        byte[] frame = ReplyFrames.Tcp(Target, Us, 443, 51000, 5, 6, syn: true, ackFlag: true);
        ReplyParser.TryParse(frame, EthernetHeader.Length, out _);

        long before = GC.GetAllocatedBytesForCurrentThread();
        uint sink = 0;
        for (int i = 0; i < 10_000; i++)
            if (ReplyParser.TryParse(frame, EthernetHeader.Length, out var reply))
                sink += reply.Sequence;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(50_000u, sink);
    }

    private static byte[] With(byte[] frame, int index, byte value)
    {
        byte[] copy = (byte[])frame.Clone();
        copy[index] = value;
        return copy;
    }
}
