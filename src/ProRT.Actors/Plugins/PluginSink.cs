using ProRT.Actors.Results;
using ProRT.Protocols.Results;
using ProRT.Protocols.Scanning;
using ProRT.Protocols.Targets;

namespace ProRT.Actors.Plugins;

/// <summary>
/// Runs one <see cref="IScanPlugin"/> as a result sink, isolated: the first exception it throws is reported through
/// <paramref name="log"/>, the plugin is disabled and cleaned up, and the scan and every other consumer go on.
/// </summary>
/// <param name="plugin">The plugin to run.</param>
/// <param name="config">The scan's configuration, given to the plugin.</param>
/// <param name="settings">The plugin's settings; none when null.</param>
/// <param name="log">Receives error messages; null to drop them.</param>
public sealed class PluginSink(IScanPlugin plugin, ScanConfig config, IReadOnlyDictionary<string, string>? settings = null,
    Action<string>? log = null) : IResultSink
{
    private readonly SeenPorts _seen = new();
    private bool _disabled, _cleaned;

    /// <summary>"plugin" and the plugin's name.</summary>
    public string Name => $"plugin {plugin.Name}";

    /// <summary>Whether the plugin threw and was disabled.</summary>
    public bool Disabled => _disabled;

    /// <summary>Calls the plugin's <see cref="IScanPlugin.Initialize"/>.</summary>
    public void OnScanStarted(ScanInfo info) => Guard("Initialize", () => plugin.Initialize(new PluginConfig(config, settings ?? new Dictionary<string, string>())));

    /// <summary>Calls the plugin's <see cref="IScanPlugin.OnPortDiscovered"/> for each open port not reported before.</summary>
    public void OnPorts(IReadOnlyList<ScanResult> results) => Discovered(results);

    /// <summary>Calls the plugin's <see cref="IScanPlugin.OnPortDiscovered"/> for the host's open ports not reported before.</summary>
    public void OnHost(HostResult host)
    {
        Discovered(host.Ports);
        _seen.Forget(host.Address);
    }

    /// <summary>Calls the plugin's <see cref="IScanPlugin.OnScanComplete"/>, then its <see cref="IScanPlugin.Cleanup"/>.</summary>
    public void OnScanCompleted(ScanReport report)
    {
        Guard("OnScanComplete", () => plugin.OnScanComplete(report));
        CleanupOnce();
    }

    private void Discovered(IReadOnlyList<ScanResult> results)
    {
        foreach (var r in results)
        {
            if (_disabled) return;
            if (r.State != PortState.Open) continue;
            if (_seen.Add(r)) Guard("OnPortDiscovered", () => plugin.OnPortDiscovered(r));
        }
    }

    private void Guard(string call, Action action)
    {
        if (_disabled) return;
        try
        {
            action();
        }
        catch (Exception e)
        {
            _disabled = true;
            log?.Invoke($"plugin {SafeName()} failed in {call} and is disabled: {e.Message}");
            CleanupOnce();
        }
    }

    private void CleanupOnce()
    {
        if (_cleaned) return;
        _cleaned = true;
        try
        {
            plugin.Cleanup();
        }
        catch (Exception e)
        {
            log?.Invoke($"plugin {SafeName()} failed in Cleanup: {e.Message}");
        }
    }

    private string SafeName()
    {
        try
        {
            return plugin.Name;
        }
        catch (Exception)
        {
            return plugin.GetType().Name;
        }
    }
}
