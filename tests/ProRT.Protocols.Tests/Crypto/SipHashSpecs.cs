using System.Buffers.Binary;
using ProRT.Protocols.Crypto;

namespace ProRT.Protocols.Tests.Crypto;

public class SipHashSpecs
{
    // The reference implementation's vectors_sip64: key 00..0f, message i = bytes 00..(i-1);
    // each output written as its 8 bytes little-endian, as in the reference's vectors.h.
    private static readonly string[] ReferenceOutputs =
    [
        "310e0edd47db6f72", "fd67dc93c539f874", "5a4fa9d909806c0d", "2d7efbd796666785",
        "b7877127e09427cf", "8da699cd64557618", "cee3fe586e46c9cb", "37d1018bf50002ab",
        "6224939a79f5f593", "b0e4a90bdf82009e", "f3b9dd94c5bb5d7a", "a7ad6b22462fb3f4",
        "fbe50e86bc8f1e75", "903d84c02756ea14", "eef27a8e90ca23f7", "e545be4961ca29a1",
        "db9bc2577fcc2a3f", "9447be2cf5e99a69", "9cd38d96f0b3c14b", "bd6179a71dc96dbb",
        "98eea21af25cd6be", "c7673b2eb0cbf2d0", "883ea3e395675393", "c8ce5ccd8c030ca8",
        "94af49f6c650adb8", "eab8858ade92e1bc", "f315bb5bb835d817", "adcf6b0763612e2f",
        "a5c91da7acaa4dde", "716595876650a2a6", "28ef495c53a387ad", "42c341d8fa92d832",
        "ce7cf2722f512771", "e37859f94623f3a7", "381205bb1ab0e012", "ae97a10fd434e015",
        "b4a31508beff4d31", "81396229f0907902", "4d0cf49ee5d4dcca", "5c73336a76d8bf9a",
        "d0a704536ba93e0e", "925958fcd6420cad", "a915c29bc8067318", "952b79f3bc0aa6d4",
        "f21df2e41d4535f9", "87577519048f53a9", "10a56cf5dfcd9adb", "eb75095ccd986cd0",
        "51a9cb9ecba312e6", "96afadfc2ce666c7", "72fe52975a4364ee", "5a1645b276d592a1",
        "b274cb8ebf87870a", "6f9bb4203de7b381", "eaecb2a30b22a87f", "9924a43cc1315724",
        "bd838d3aafbf8db7", "0b1a2a3265d51aea", "135079a3231ce660", "932b2846e4d70666",
        "e1915f5cb1eca46c", "f325965ca16d629f", "575ff28e60381be5", "724506eb4c328a95",
    ];

    private static readonly byte[] ReferenceKey = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();

    public static TheoryData<int> MessageLengths() => new(Enumerable.Range(0, 64));

    [Theory]
    [MemberData(nameof(MessageLengths))]
    public void Matches_the_reference_vectors_for_every_length_from_0_to_63(int length)
    {
        byte[] message = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();
        ulong expected = BinaryPrimitives.ReadUInt64LittleEndian(Convert.FromHexString(ReferenceOutputs[length]));

        Assert.Equal(expected, SipHash.Hash(ReferenceKey, message));
    }

    [Fact]
    public void Gives_the_papers_values_for_the_empty_and_15_byte_messages()
    {
        Assert.Equal(0x726fdb47dd0e0e31UL, SipHash.Hash(ReferenceKey, ReadOnlySpan<byte>.Empty));
        byte[] fifteen = Enumerable.Range(0, 15).Select(i => (byte)i).ToArray();
        Assert.Equal(0xa129ca6149be45e5UL, SipHash.Hash(ReferenceKey, fifteen));
    }

    [Fact]
    public void Key_halves_are_the_little_endian_readings_of_the_key_bytes()
    {
        ulong k0 = BinaryPrimitives.ReadUInt64LittleEndian(ReferenceKey);
        ulong k1 = BinaryPrimitives.ReadUInt64LittleEndian(ReferenceKey.AsSpan(8));
        byte[] message = [1, 2, 3, 4, 5, 6, 7, 8, 9];

        Assert.Equal(SipHash.Hash(ReferenceKey, message), SipHash.Hash(k0, k1, message));
    }

    [Fact]
    public void Tuple_fast_path_equals_hashing_the_12_little_endian_bytes()
    {
        var random = new Random(1071);
        Span<byte> tuple = stackalloc byte[12];
        for (int i = 0; i < 1000; i++)
        {
            ulong k0 = (ulong)random.NextInt64(), k1 = (ulong)random.NextInt64();
            uint srcIp = (uint)random.NextInt64(), dstIp = (uint)random.NextInt64();
            ushort srcPort = (ushort)random.Next(65536), dstPort = (ushort)random.Next(65536);
            BinaryPrimitives.WriteUInt32LittleEndian(tuple, srcIp);
            BinaryPrimitives.WriteUInt32LittleEndian(tuple[4..], dstIp);
            BinaryPrimitives.WriteUInt16LittleEndian(tuple[8..], srcPort);
            BinaryPrimitives.WriteUInt16LittleEndian(tuple[10..], dstPort);

            Assert.Equal(SipHash.Hash(k0, k1, tuple), SipHash.HashTuple(k0, k1, srcIp, dstIp, srcPort, dstPort));
        }
    }

    [Fact]
    public void Rejects_keys_that_are_not_16_bytes()
    {
        Assert.Throws<ArgumentException>(() => SipHash.Hash(new byte[15], ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void Tuple_hash_allocates_nothing()
    {
        ulong sink = SipHash.HashTuple(1, 2, 3, 4, 5, 6);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (uint i = 0; i < 10_000; i++)
            sink ^= SipHash.HashTuple(1, 2, i, 4, 5, 6);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.NotEqual(0UL, sink);
    }
}
