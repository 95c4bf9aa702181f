using System.Net;
using System.Net.Sockets;
using ProRT.Actors.Plugins;
using ProRT.Actors.Scanning;
using ProRT.Protocols.Ports;
using ProRT.Protocols.Results;
using ProRT.Protocols.Scanning;
using ProRT.Protocols.Targets;

namespace ProRT.Actors.Tests.Plugins;

public sealed class PluginSinkSpecs
{
    private sealed class Recording(string name, string? throwIn = null) : IScanPlugin
    {
        public readonly List<string> Calls = new();

        public string Name => name;

        private void Call(string what)
        {
            Calls.Add(what);
            if (what.StartsWith(throwIn ?? "-", StringComparison.Ordinal)) throw new InvalidOperationException($"{name} broke in {what}");
        }

        public void Initialize(PluginConfig config) => Call($"init {config.Get("k", "none")}");

        public void OnPortDiscovered(ScanResult result) => Call($"port {result.Port}");

        public void OnScanComplete(ScanReport report) => Call("complete");

        public void Cleanup() => Call("cleanup");
    }

    [Theory]
    [InlineData("init")]
    [InlineData("port")]
    [InlineData("complete")]
    public async Task A_throwing_plugin_is_disabled_with_a_logged_error_and_the_scan_completes(string failing)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int open = ((IPEndPoint)listener.LocalEndpoint).Port;
        var config = new ScanConfig
        {
            Targets = new TargetSet([TargetSpecParser.Parse("127.0.0.1")]),
            Ports = new PortList([(ushort)(open - 1), (ushort)open, (ushort)(open + 1)], []),
            ResolveNames = false,
            SkipDiscovery = true,
        };
        var log = new List<string>();
        var broken = new Recording("broken", failing);
        var good = new Recording("good");
        var brokenSink = new PluginSink(broken, config, new Dictionary<string, string> { ["k"] = "v" }, log.Add);
        var report = await new Scanner(config, [brokenSink, new PluginSink(good, config, null, log.Add)]).ExecuteAsync();

        Assert.Equal(3, report.Statistics.TotalPortsScanned);
        Assert.True(brokenSink.Disabled);
        Assert.Equal($"plugin broken failed in {(failing switch { "init" => "Initialize", "port" => "OnPortDiscovered", _ => "OnScanComplete" })} and is disabled: broken broke in {failing}{(failing == "port" ? $" {open}" : failing == "init" ? " v" : "")}",
            Assert.Single(log));
        Assert.Equal("cleanup", broken.Calls[^1]);
        Assert.Single(broken.Calls, c => c == "cleanup");
        Assert.Equal(["init none", $"port {open}", "complete", "cleanup"], good.Calls);
    }
}
