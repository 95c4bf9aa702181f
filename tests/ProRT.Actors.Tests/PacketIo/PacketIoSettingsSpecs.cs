using ProRT.Actors.PacketIo;
using ProRT.Protocols.Crypto;

namespace ProRT.Actors.Tests.PacketIo;

public sealed class PacketIoSettingsSpecs
{
    [Fact]
    public void Each_try_leaves_from_its_own_source_port_and_replies_tell_which_try_they_answer()
    {
        var s = new PacketIoSettings(new SynCookie(), 50000, null);
        Assert.Equal(50000, s.SourcePortFor(1));
        Assert.Equal(50001, s.SourcePortFor(2));
        Assert.Equal(50000 + PacketIoSettings.TryPorts - 1, s.SourcePortFor(200));
        for (int t = 1; t <= PacketIoSettings.TryPorts; t++) Assert.Equal(t, s.TryOf(s.SourcePortFor(t)));
        Assert.Equal(0, s.TryOf(49999));
        Assert.Equal(0, s.TryOf(50000 + PacketIoSettings.TryPorts));
        Assert.Equal("dst portrange 50000-50063", s.DestinationPortFilter);
    }

    [Fact]
    public void A_source_port_given_with_g_is_kept_for_every_try()
    {
        var s = PacketIoSettings.Create(53, null);
        Assert.Equal(53, s.SourcePortFor(1));
        Assert.Equal(53, s.SourcePortFor(5));
        Assert.Equal(1, s.TryOf(53));
        Assert.Equal(0, s.TryOf(54));
        Assert.Equal("dst port 53", s.DestinationPortFilter);
    }
}
