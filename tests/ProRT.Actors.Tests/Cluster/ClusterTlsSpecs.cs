using ProRT.Actors.Cluster;

namespace ProRT.Actors.Tests.Cluster;

public sealed class ClusterTlsSpecs
{
    [Fact]
    public void Settings_shown_as_text_mask_the_certificate_password()
    {
        var settings = new ClusterSettings("10.0.0.1", 4053, ["10.0.0.2:4053"], new ClusterTls("/etc/prtip/node.pfx", "hunter2"));
        Assert.DoesNotContain("hunter2", settings.ToString());
        Assert.Contains("/etc/prtip/node.pfx", settings.ToString());
        Assert.Contains("Password = ***", settings.Tls!.ToString());
        // The actor system still gets the real one.
        Assert.Equal("hunter2", settings.ToAkkaConfig(null).GetString("akka.remote.dot-netty.tcp.ssl.certificate.password"));
    }
}
