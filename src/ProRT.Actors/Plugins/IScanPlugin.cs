using ProRT.Protocols.Results;
using ProRT.Protocols.Scanning;

namespace ProRT.Actors.Plugins;

/// <summary>What a plugin is given at start: the scan's configuration and its own settings (`--plugin-arg key=value`).</summary>
/// <param name="Scan">The scan's configuration.</param>
/// <param name="Settings">The plugin's settings, from --plugin-arg.</param>
public sealed record PluginConfig(ScanConfig Scan, IReadOnlyDictionary<string, string> Settings)
{
    /// <summary>A setting, or <paramref name="fallback"/> when it was not given.</summary>
    public string Get(string key, string fallback) => Settings.TryGetValue(key, out var v) ? v : fallback;
}

/// <summary>
/// A scan plugin (the specification's Plugin API). Loaded from an assembly with `prtip --plugin PATH` (every public
/// class implementing this interface with a parameterless constructor), or handed to a
/// <see cref="ProRT.Actors.Scanning.Scanner"/> wrapped in a <see cref="PluginSink"/>. Calls come one at a time.
/// A plugin that throws is disabled (its <see cref="Cleanup"/> still runs) and the error logged; the scan goes on.
/// </summary>
public interface IScanPlugin
{
    /// <summary>The plugin's name, for messages.</summary>
    string Name { get; }

    /// <summary>Before the first result.</summary>
    void Initialize(PluginConfig config);

    /// <summary>Each open port, once, as soon as the scan has journaled it.</summary>
    void OnPortDiscovered(ScanResult result);

    /// <summary>The scan finished; the full report.</summary>
    void OnScanComplete(ScanReport report);

    /// <summary>Last call: release files, connections.</summary>
    void Cleanup();
}
