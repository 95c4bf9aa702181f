using PacketDotNet;
using PacketDotNet.Tcp;
using ProRT.Protocols.Packets;

namespace ProRT.Protocols.Tests.Packets;

public class TcpOptionsWriterSpecs
{
    [Fact]
    public void Writes_each_option_with_its_kind_and_length()
    {
        Span<byte> buffer = stackalloc byte[40];
        var writer = new TcpOptionsWriter(buffer);
        writer.WriteMaximumSegmentSize(1460);
        writer.WriteSackPermitted();
        writer.WriteTimestamp(0x01020304, 0x0A0B0C0D);
        writer.WriteNoOperation();
        writer.WriteWindowScale(7);
        writer.WriteEndOfList();

        byte[] expected =
        [
            2, 4, 0x05, 0xB4,
            4, 2,
            8, 10, 1, 2, 3, 4, 0x0A, 0x0B, 0x0C, 0x0D,
            1,
            3, 3, 7,
            0,
        ];
        Assert.Equal(expected, writer.Written.ToArray());
    }

    [Fact]
    public void Pads_to_a_multiple_of_four_with_zeros()
    {
        Span<byte> buffer = stackalloc byte[40];
        buffer.Fill(0xEE);
        var writer = new TcpOptionsWriter(buffer);
        writer.WriteWindowScale(2);
        writer.PadToWordBoundary();

        Assert.Equal(new byte[] { 3, 3, 2, 0 }, writer.Written.ToArray());

        writer.PadToWordBoundary();
        Assert.Equal(4, writer.Length);
    }

    [Fact]
    public void Refuses_to_pass_the_40_byte_limit()
    {
        byte[] buffer = new byte[64];
        var writer = new TcpOptionsWriter(buffer);
        for (int i = 0; i < 4; i++)
            writer.WriteTimestamp(0, 0);

        bool threw = false;
        try
        {
            writer.WriteMaximumSegmentSize(1);
        }
        catch (InvalidOperationException)
        {
            threw = true;
        }

        Assert.True(threw);
        Assert.Equal(40, writer.Length);
    }

    [Fact]
    public void A_typical_SYN_option_set_decodes_in_PacketDotNet()
    {
        byte[] segment = new byte[60];
        var tcp = new TcpHeader(segment);
        var writer = new TcpOptionsWriter(segment.AsSpan(TcpHeader.MinLength));
        writer.WriteMaximumSegmentSize(1460);
        writer.WriteSackPermitted();
        writer.WriteTimestamp(123456, 0);
        writer.WriteNoOperation();
        writer.WriteWindowScale(7);
        writer.PadToWordBoundary();
        tcp.HeaderLength = TcpHeader.MinLength + writer.Length;
        tcp.Flags = TcpFlags.Syn;

        var decoded = new TcpPacket(new PacketDotNet.Utils.ByteArraySegment(segment, 0, tcp.HeaderLength));
        var options = decoded.OptionsCollection;

        Assert.Equal(40, tcp.HeaderLength);
        Assert.Equal(1460, Assert.IsType<MaximumSegmentSizeOption>(options[0]).Value);
        Assert.IsType<SelectiveAcknowledgmentPermittedOption>(options[1]);
        Assert.Equal(123456u, Assert.IsType<TimeStampOption>(options[2]).Value);
        Assert.IsType<NoOperationOption>(options[3]);
        Assert.Equal(7, Assert.IsType<WindowScaleFactorOption>(options[4]).ScaleFactor);
    }
}
