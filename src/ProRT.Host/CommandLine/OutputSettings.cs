namespace ProRT.Host.CommandLine;

/// <summary>Where results go and how they look. A path of "-" means stdout.</summary>
public sealed record OutputSettings(
    string? NormalFile,
    string? JsonFile,
    bool Verbose,
    bool ShowReason,
    bool OpenOnly)
{
    /// <summary>When a file output goes to stdout, the terminal output steps aside, as nmap's does.</summary>
    public bool TerminalToStdout => NormalFile != "-" && JsonFile != "-";
}
