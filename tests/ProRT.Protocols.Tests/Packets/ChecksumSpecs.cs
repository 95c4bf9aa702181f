using ProRT.Protocols.Packets;

namespace ProRT.Protocols.Tests.Packets;

public class ChecksumSpecs
{
    [Fact]
    public void Computes_the_RFC_1071_example()
    {
        // RFC 1071 section 3: these words sum to ddf2 (after the carry), whose complement is 220d.
        byte[] data = [0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7];

        Assert.Equal(0xddf2u, Checksum.Add(data));
        Assert.Equal((ushort)0x220d, Checksum.Compute(data));
    }

    [Fact]
    public void Computes_a_real_IPv4_header_checksum()
    {
        // 192.168.0.1 -> 192.168.0.199 UDP, total length 115, DF, TTL 64; the checksum field (b861) zeroed.
        byte[] header = Convert.FromHexString("450000730000400040110000c0a80001c0a800c7");

        Assert.Equal((ushort)0xb861, Checksum.Compute(header));
        header[10] = 0xb8;
        header[11] = 0x61;
        Assert.True(Checksum.IsValid(header));
        header[8] = 63;
        Assert.False(Checksum.IsValid(header));
    }

    [Fact]
    public void Agrees_with_a_word_by_word_reference_for_every_length_and_alignment()
    {
        var random = new Random(791);
        byte[] buffer = new byte[300];
        random.NextBytes(buffer);
        for (int offset = 0; offset < 8; offset++)
            for (int length = 0; length <= 260; length++)
            {
                var data = buffer.AsSpan(offset, length);
                Assert.Equal(ReferenceChecksum(data), Checksum.Compute(data));
            }
    }

    [Fact]
    public void Handles_all_ones_data_where_carries_pile_up()
    {
        byte[] data = Enumerable.Repeat((byte)0xFF, 4097).ToArray();

        Assert.Equal(ReferenceChecksum(data), Checksum.Compute(data));
    }

    [Fact]
    public void Chained_partial_sums_equal_one_pass_over_the_concatenation()
    {
        var random = new Random(1624);
        byte[] data = new byte[101];
        random.NextBytes(data);

        uint chained = Checksum.Add(data.AsSpan(40), Checksum.Add(data.AsSpan(0, 40)));

        Assert.Equal(Checksum.Compute(data), Checksum.Finish(chained));
    }

    [Fact]
    public void Transport_checksum_covers_the_pseudo_header()
    {
        var random = new Random(793);
        byte[] segment = new byte[37];
        random.NextBytes(segment);
        uint src = 0xC0000201, dst = 0xC6336405;
        byte[] pseudo =
        [
            0xC0, 0x00, 0x02, 0x01, 0xC6, 0x33, 0x64, 0x05, 0, (byte)IpProtocol.Tcp, 0, (byte)segment.Length,
        ];

        ushort expected = ReferenceChecksum(pseudo.Concat(segment).ToArray());

        Assert.Equal(expected, Checksum.Transport(src, dst, (byte)IpProtocol.Tcp, segment));
    }

    [Fact]
    public void Transport_validation_accepts_a_segment_carrying_its_checksum()
    {
        byte[] segment = new byte[24];
        new Random(5).NextBytes(segment);
        segment[16] = segment[17] = 0;
        ushort sum = Checksum.Transport(1, 2, 6, segment);
        segment[16] = (byte)(sum >> 8);
        segment[17] = (byte)sum;

        Assert.True(Checksum.IsValidTransport(1, 2, 6, segment));
        Assert.False(Checksum.IsValidTransport(1, 3, 6, segment));
    }

    [Fact]
    public void Incremental_updates_equal_recomputing()
    {
        var random = new Random(1141);
        byte[] data = new byte[20];
        for (int i = 0; i < 2000; i++)
        {
            random.NextBytes(data);
            ushort before = Checksum.Compute(data);

            ushort old16 = (ushort)(data[4] << 8 | data[5]);
            ushort new16 = (ushort)random.Next(65536);
            data[4] = (byte)(new16 >> 8);
            data[5] = (byte)new16;
            ushort after16 = Checksum.Update16(before, old16, new16);
            Assert.True(Equivalent(Checksum.Compute(data), after16), $"16-bit update, round {i}");

            uint old32 = (uint)(data[12] << 24 | data[13] << 16 | data[14] << 8 | data[15]);
            uint new32 = (uint)random.NextInt64();
            data[12] = (byte)(new32 >> 24);
            data[13] = (byte)(new32 >> 16);
            data[14] = (byte)(new32 >> 8);
            data[15] = (byte)new32;
            Assert.True(Equivalent(Checksum.Compute(data), Checksum.Update32(after16, old32, new32)), $"32-bit update, round {i}");
        }
    }

    /// <summary>0x0000 and 0xFFFF are both one's complement zero; RFC 1624 can land on either.</summary>
    private static bool Equivalent(ushort a, ushort b) => a == b || (a is 0 or 0xFFFF && b is 0 or 0xFFFF);

    private static ushort ReferenceChecksum(ReadOnlySpan<byte> data)
    {
        long sum = 0;
        for (int i = 0; i < data.Length; i += 2)
            sum += (data[i] << 8) | (i + 1 < data.Length ? data[i + 1] : 0);
        while (sum >> 16 != 0)
            sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }
}
