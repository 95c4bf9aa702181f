using System.Diagnostics;

namespace ProRT.Actors.Scanning;

/// <summary>
/// With PRTIP_TRACE_STARTUP=1, each <see cref="Mark"/> prints the milliseconds since the process started to stderr:
/// where a scan's start-up time goes. Costs one static field read when off.
/// </summary>
public static class StartupTrace
{
    private static readonly bool On = Environment.GetEnvironmentVariable("PRTIP_TRACE_STARTUP") == "1";
    private static readonly DateTime ProcessStart = On ? Process.GetCurrentProcess().StartTime.ToUniversalTime() : default;

    /// <summary>Prints "[trace] N ms: <paramref name="what"/>" when tracing is on.</summary>
    public static void Mark(string what)
    {
        if (On) Console.Error.WriteLine($"[trace] {(DateTime.UtcNow - ProcessStart).TotalMilliseconds,7:F0} ms: {what}");
    }
}
