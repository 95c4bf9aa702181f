using BenchmarkDotNet.Attributes;
using ProRT.Protocols.Packets;

namespace ProRT.Benchmarks;

/// <summary>Receive-side cost of decoding one captured frame.</summary>
[MemoryDiagnoser]
public class ReplyParserBenchmarks
{
    private readonly byte[] _synAck = new byte[58];

    [GlobalSetup]
    public void Setup()
    {
        var synAck = new TcpProbeTemplate(new byte[EthernetHeader.Length], 0xC6336407, TcpFlags.Syn | TcpFlags.Ack);
        synAck.Write(_synAck, 0xC000020A, 40000, 443, 12345, 67890, 1);
    }

    [Benchmark]
    public uint ParseSynAck() =>
        ReplyParser.TryParse(_synAck, EthernetHeader.Length, out var reply) ? reply.Acknowledgment : 0;
}
