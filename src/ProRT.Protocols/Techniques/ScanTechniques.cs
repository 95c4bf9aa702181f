using ProRT.Protocols.Packets;
using ProRT.Protocols.Scanning;

namespace ProRT.Protocols.Techniques;

/// <summary>The raw technique behind each scan type.</summary>
public static class ScanTechniques
{
    /// <summary>Any raw scan type, UDP included.</summary>
    public static IPortScanTechnique For(ScanType type, TcpFlags? customFlags = null) =>
        type == ScanType.Udp ? UdpScanTechnique.Instance : ForTcp(type, customFlags);

    /// <summary>The TCP technique for a raw TCP scan type, wrapped in a <see cref="CustomFlagsTechnique"/> when <paramref name="customFlags"/> is given; throws for other types.</summary>
    public static ITcpScanTechnique ForTcp(ScanType type, TcpFlags? customFlags = null)
    {
        ITcpScanTechnique technique = type switch
        {
            ScanType.Syn => SynScanTechnique.Instance,
            ScanType.Fin => FinNullXmasTechnique.Fin,
            ScanType.Null => FinNullXmasTechnique.Null,
            ScanType.Xmas => FinNullXmasTechnique.Xmas,
            ScanType.Maimon => FinNullXmasTechnique.Maimon,
            ScanType.Ack => AckScanTechnique.Instance,
            ScanType.Window => WindowScanTechnique.Instance,
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a raw TCP scan type"),
        };
        return customFlags is { } flags ? new CustomFlagsTechnique(technique, flags) : technique;
    }
}
