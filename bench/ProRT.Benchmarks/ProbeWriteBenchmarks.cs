using BenchmarkDotNet.Attributes;
using ProRT.Protocols.Packets;

namespace ProRT.Benchmarks;

/// <summary>Cost of turning one (target, port) into a ready-to-send SYN frame: the per-probe hot path.</summary>
[MemoryDiagnoser]
public class ProbeWriteBenchmarks
{
    private readonly byte[] _frame = new byte[128];
    private TcpProbeTemplate _ethernet = null!;
    private TcpProbeTemplate _rawIp = null!;
    private uint _target = 0xC6336400;

    [GlobalSetup]
    public void Setup()
    {
        byte[] ourMac = [0x02, 0, 0, 0, 0, 1];
        byte[] gatewayMac = [0x02, 0, 0, 0, 0, 2];
        _ethernet = SynProbeTemplate.ForEthernet(ourMac, gatewayMac, 0xC000020A);
        _rawIp = SynProbeTemplate.ForRawIp(0xC000020A);
    }

    [Benchmark(Baseline = true)]
    public int WriteEthernetSyn() => _ethernet.Write(_frame, ++_target, 443, 40000, _target * 2654435761u, (ushort)_target);

    [Benchmark]
    public int WriteRawIpSyn() => _rawIp.Write(_frame, ++_target, 443, 40000, _target * 2654435761u, (ushort)_target);
}
