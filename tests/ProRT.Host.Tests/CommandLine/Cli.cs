using ProRT.Host.CommandLine;

namespace ProRT.Host.Tests.CommandLine;

/// <summary>Runs prtip's command line in process, as the command specs do.</summary>
internal static class Cli
{
    /// <summary>Runs `prtip args` with empty standard input; returns its exit code and output.</summary>
    public static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await PrtipCommand.RunAsync(args, stdout, stderr, new StringReader(""));
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A usage error: exit code 1 and one "prtip: ..." line on stderr that contains <paramref name="expected"/>.</summary>
    public static void AssertOneLineError(int code, string stderr, string expected)
    {
        Assert.Equal(1, code);
        var line = Assert.Single(stderr.TrimEnd().Split('\n'));
        Assert.StartsWith("prtip: ", line);
        Assert.Contains(expected, line);
    }
}
