using System.Globalization;
using Spectre.Console;
using ProRT.Protocols.Results;

namespace ProRT.Host.Output;

/// <summary>
/// Shows a running scan's progress: on a terminal, a live bar on stderr (hosts and ports done, rate, open ports so
/// far, time left) drawn with Spectre.Console; elsewhere, with --stats-every, nmap-style "Stats:" lines on stdout at
/// that interval. Subscribes to Scanner.Progress, so it never touches the scan itself.
/// </summary>
public sealed class ProgressDisplay : IDisposable
{
    private readonly IDisposable _subscription;
    private readonly Task? _live;
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ProgressDisplay(IObservable<ScanProgress> progress, IAnsiConsole? terminal, TextWriter? lines, TimeSpan every)
    {
        if (terminal is not null)
        {
            ProgressTask? bar = null;
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _live = terminal.Progress()
                .AutoClear(true)
                .HideCompleted(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async ctx =>
                {
                    bar = ctx.AddTask("starting", maxValue: 100);
                    ready.SetResult();
                    await _done.Task.ConfigureAwait(false);
                    bar.Value = 100;
                });
            _subscription = progress.Subscribe(p =>
            {
                if (!ready.Task.IsCompleted || bar is null) return;
                bar.Value = p.Percent;
                bar.Description = Markup.Escape(Describe(p));
            }, _ => _done.TrySetResult(), () => _done.TrySetResult());
        }
        else if (lines is not null)
        {
            var last = DateTimeOffset.MinValue;
            _subscription = progress.Subscribe(p =>
            {
                var now = DateTimeOffset.UtcNow;
                if (p.Completed || now - last < every) return;
                last = now;
                lines.WriteLine(StatsLine(p));
                lines.Flush();
            }, _ => { });
        }
        else
        {
            _subscription = System.Reactive.Disposables.Disposable.Empty;
        }
    }

    /// <summary>A live bar when <paramref name="interactive"/>; else stats lines when <paramref name="statsEvery"/> is set; else nothing.</summary>
    public static ProgressDisplay Start(IObservable<ScanProgress> progress, bool interactive, TimeSpan? statsEvery, TextWriter stdout)
    {
        if (interactive)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            return new ProgressDisplay(progress, console, null, TimeSpan.Zero);
        }
        return new ProgressDisplay(progress, null, statsEvery is null ? null : stdout, statsEvery ?? TimeSpan.Zero);
    }

    /// <summary>One line as the bar shows it: hosts, ports, rate, open ports.</summary>
    public static string Describe(ScanProgress p) => string.Create(CultureInfo.InvariantCulture,
        $"{p.HostsDone}/{p.HostsTotal} hosts, {p.PortsDone:N0} ports, {p.PortsPerSecond:N0}/s, {p.OpenPorts} open{Malformed(p)}");

    private static string Malformed(ScanProgress p) =>
        p.MalformedPackets > 0 ? string.Create(CultureInfo.InvariantCulture, $", {p.MalformedPackets} malformed packets dropped") : "";

    /// <summary>nmap's --stats-every report, in two lines.</summary>
    public static string StatsLine(ScanProgress p)
    {
        string eta = p.Remaining is { } r
            ? string.Create(CultureInfo.InvariantCulture, $"; ETC: {DateTime.UtcNow.Add(r):HH:mm} ({Clock(r)} remaining)")
            : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"Stats: {Clock(p.Elapsed)} elapsed; {p.HostsDone} hosts completed, {p.PortsDone} ports done, {p.OpenPorts} open{Malformed(p)}\nScan Timing: About {p.Percent:0.00}% done{eta}");
    }

    private static string Clock(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}");

    public void Dispose()
    {
        _subscription.Dispose();
        _done.TrySetResult();
        try
        {
            _live?.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // The display is cosmetic; the scan's outcome is reported elsewhere.
        }
    }
}
