using BenchmarkDotNet.Attributes;
using ProRT.Protocols.Crypto;
using ProRT.Protocols.Packets;

namespace ProRT.Benchmarks;

/// <summary>Cookie cost on the send side (one per probe) and on the receive side (parse and check a reply).</summary>
[MemoryDiagnoser]
public class SynCookieBenchmarks
{
    private readonly SynCookie _cookie = new(0x0706050403020100, 0x0F0E0D0C0B0A0908);
    private readonly byte[] _synAck = new byte[58];
    private uint _target = 0xC6336400;

    [GlobalSetup]
    public void Setup()
    {
        // A SYN/ACK is a SYN with the addresses turned round and ACK added: reuse the template to build one.
        uint us = 0xC000020A, target = 0xC6336407;
        var synAck = new TcpProbeTemplate(new byte[EthernetHeader.Length], target, TcpFlags.Syn | TcpFlags.Ack);
        synAck.Write(_synAck, us, 40000, 443, 12345, _cookie.Cookie(us, target, 40000, 443) + 1, 1);
    }

    [Benchmark]
    public uint Cookie() => _cookie.Cookie(0xC000020A, ++_target, 40000, 443);

    [Benchmark]
    public ulong SipHashTuple() => SipHash.HashTuple(1, 2, 0xC000020A, ++_target, 40000, 443);

    [Benchmark]
    public bool ParseAndValidateSynAck() =>
        ReplyParser.TryParse(_synAck, EthernetHeader.Length, out var reply) && _cookie.IsReplyToSyn(reply);
}
