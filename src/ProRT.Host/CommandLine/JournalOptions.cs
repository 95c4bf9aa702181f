using System.CommandLine;
using Akka.Configuration;
using ProRT.Actors.Persistence;

namespace ProRT.Host.CommandLine;

/// <summary>Which journal a command uses: --journal, else `prtip.journal` in config/akka.conf, else the default SQLite file.</summary>
public static class JournalOptions
{
    public static Option<string> Journal() => new("--journal")
    {
        Description = $"Scan journal: a SQLite file (default {JournalSettings.DefaultSqlitePath}) or postgres://user:pass@host/db",
        HelpName = "file|url",
    };

    public static JournalSettings Resolve(string? flag, Config? config)
    {
        var spec = flag ?? config?.GetString("prtip.journal", "");
        try
        {
            return string.IsNullOrWhiteSpace(spec) ? JournalSettings.Sqlite(JournalSettings.DefaultSqlitePath) : JournalSettings.Parse(spec);
        }
        catch (JournalException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
