using BenchmarkDotNet.Attributes;
using ProRT.Protocols.Packets;

namespace ProRT.Benchmarks;

/// <summary>Internet checksum over a header-sized and an MTU-sized buffer.</summary>
[MemoryDiagnoser]
public class ChecksumBenchmarks
{
    private readonly byte[] _data = new byte[1500];

    [Params(20, 1500)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup() => new Random(1071).NextBytes(_data);

    [Benchmark]
    public ushort Compute() => Checksum.Compute(_data.AsSpan(0, Length));

    [Benchmark]
    public ushort TcpWithPseudoHeader() => Checksum.Transport(0xC000020A, 0xC6336407, 6, _data.AsSpan(0, Length));
}
