using ProRT.Protocols.Packets;
using ProRT.Protocols.Results;
using ProRT.Protocols.Scanning;
using ProRT.Protocols.Techniques;

namespace ProRT.Protocols.Tests.Techniques;

public sealed class TcpScanTechniqueSpecs
{
    private static ProbeReply Reply(ReplyKind kind, ushort window = 0, byte code = 0) =>
        new(0xC6120002, 80, kind, kind == ReplyKind.IcmpUnreachable ? (byte)3 : (byte)0, code, 64, window, 0);

    [Theory]
    [InlineData(ScanType.Syn, ReplyKind.SynAck, PortState.Open, "syn-ack")]
    [InlineData(ScanType.Syn, ReplyKind.Rst, PortState.Closed, "reset")]
    [InlineData(ScanType.Fin, ReplyKind.Rst, PortState.Closed, "reset")]
    [InlineData(ScanType.Null, ReplyKind.Rst, PortState.Closed, "reset")]
    [InlineData(ScanType.Xmas, ReplyKind.Rst, PortState.Closed, "reset")]
    [InlineData(ScanType.Maimon, ReplyKind.Rst, PortState.Closed, "reset")]
    [InlineData(ScanType.Ack, ReplyKind.Rst, PortState.Unfiltered, "reset")]
    [InlineData(ScanType.Window, ReplyKind.Rst, PortState.Closed, "reset")]
    public void Replies_map_to_nmaps_states(ScanType type, ReplyKind kind, PortState state, string reason)
    {
        var verdict = ScanTechniques.ForTcp(type).Classify(Reply(kind));
        Assert.Equal((state, reason), verdict);
    }

    [Fact]
    public void A_window_scan_reads_a_non_zero_rst_window_as_open()
    {
        Assert.Equal((PortState.Open, "reset"), WindowScanTechnique.Instance.Classify(Reply(ReplyKind.Rst, window: 512)));
    }

    [Theory]
    [InlineData(ScanType.Syn, PortState.Filtered)]
    [InlineData(ScanType.Fin, PortState.OpenFiltered)]
    [InlineData(ScanType.Null, PortState.OpenFiltered)]
    [InlineData(ScanType.Xmas, PortState.OpenFiltered)]
    [InlineData(ScanType.Maimon, PortState.OpenFiltered)]
    [InlineData(ScanType.Ack, PortState.Filtered)]
    [InlineData(ScanType.Window, PortState.Filtered)]
    public void Silence_maps_to_nmaps_no_response_state(ScanType type, PortState state)
    {
        Assert.Equal((state, "no-response"), ScanTechniques.ForTcp(type).Silence);
    }

    [Theory]
    [InlineData((byte)13, "admin-prohibited")]
    [InlineData((byte)3, "port-unreach")]
    [InlineData((byte)1, "host-unreach")]
    public void Icmp_unreachables_mean_filtered(byte code, string reason)
    {
        foreach (var type in new[] { ScanType.Syn, ScanType.Fin, ScanType.Ack, ScanType.Window })
            Assert.Equal((PortState.Filtered, reason), ScanTechniques.ForTcp(type).Classify(Reply(ReplyKind.IcmpUnreachable, code: code)));
    }

    [Fact]
    public void Probe_flags_are_nmaps()
    {
        Assert.Equal(TcpFlags.Syn, ScanTechniques.ForTcp(ScanType.Syn).ProbeFlags);
        Assert.Equal(TcpFlags.Fin, ScanTechniques.ForTcp(ScanType.Fin).ProbeFlags);
        Assert.Equal((TcpFlags)0, ScanTechniques.ForTcp(ScanType.Null).ProbeFlags);
        Assert.Equal(TcpFlags.Fin | TcpFlags.Psh | TcpFlags.Urg, ScanTechniques.ForTcp(ScanType.Xmas).ProbeFlags);
        Assert.Equal(TcpFlags.Ack, ScanTechniques.ForTcp(ScanType.Ack).ProbeFlags);
        Assert.Equal(TcpFlags.Fin | TcpFlags.Ack, ScanTechniques.ForTcp(ScanType.Maimon).ProbeFlags);
    }

    [Theory]
    [InlineData("SYNFIN", TcpFlags.Syn | TcpFlags.Fin)]
    [InlineData("urgackpshrstsynfin", TcpFlags.Urg | TcpFlags.Ack | TcpFlags.Psh | TcpFlags.Rst | TcpFlags.Syn | TcpFlags.Fin)]
    [InlineData("0x12", TcpFlags.Syn | TcpFlags.Ack)]
    [InlineData("9", TcpFlags.Fin | TcpFlags.Psh)]
    public void Scanflags_parse_as_nmap_takes_them(string text, TcpFlags expected)
    {
        Assert.True(CustomFlagsTechnique.TryParseFlags(text, out var flags));
        Assert.Equal(expected, flags);
        var custom = ScanTechniques.ForTcp(ScanType.Fin, flags);
        Assert.Equal(expected, custom.ProbeFlags);
        Assert.Equal(PortState.OpenFiltered, custom.Silence.State);
    }

    [Theory]
    [InlineData("SYNFOO")]
    [InlineData("")]
    [InlineData("0x1FF")]
    public void Bad_scanflags_are_refused(string text) => Assert.False(CustomFlagsTechnique.TryParseFlags(text, out _));
}
