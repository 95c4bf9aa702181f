using System.Text.Json;
using ProRT.Actors.Persistence;
using ProRT.Protocols.Output;

namespace ProRT.Host.CommandLine;

/// <summary>
/// Where results go and how they look. A path of "-" means stdout. The journal keeps these with the scan, so
/// `prtip resume` writes what the original command asked for.
/// </summary>
public sealed record OutputSettings(
    string? NormalFile,
    string? JsonFile,
    bool Verbose,
    bool ShowReason,
    bool OpenOnly,
    string? Database = null,
    bool PacketTrace = false,
    string[]? Plugins = null,
    string[]? PluginArgs = null,
    string? XmlFile = null,
    string? GrepableFile = null,
    string? Stylesheet = XmlOutputWriter.DefaultStylesheet,
    string CommandLine = "prtip",
    TimeSpan? StatsEvery = null)
{
    /// <summary>When a file output goes to stdout, the terminal output steps aside, as nmap's does.</summary>
    public bool TerminalToStdout => NormalFile != "-" && JsonFile != "-" && XmlFile != "-" && GrepableFile != "-";

    /// <summary>The settings as the journal keeps them: the database's password masked (a resume takes it again from
    /// --db, PGPASSWORD or ~/.pgpass). <see cref="CommandLine"/> is masked when it is made.</summary>
    public string ToJson() => JsonSerializer.Serialize(this with { Database = Database is null ? null : PasswordRedaction.Redact(Database) },
        OutputSettingsJson.Default.OutputSettings);

    /// <summary>The settings a journaled scan was started with; defaults when it kept none (an embedding program's scan).</summary>
    public static OutputSettings FromJson(string? json)
    {
        if (string.IsNullOrEmpty(json)) return new OutputSettings(null, null, false, false, false);
        try
        {
            return JsonSerializer.Deserialize(json, OutputSettingsJson.Default.OutputSettings) ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            throw new UsageException($"the journaled scan's output settings cannot be read: {e.Message}");
        }
    }
}

/// <summary>The settings' serializer, generated at build time: no reflection or emitted code when a scan starts.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(OutputSettings))]
internal sealed partial class OutputSettingsJson : System.Text.Json.Serialization.JsonSerializerContext;
