using System.Collections.Concurrent;

namespace ProRT.Actors.Services;

/// <summary>
/// Runs pattern matching on threads of its own, one per core, below normal priority. A hostile answer can keep a
/// regex busy for its whole timeout; on the thread pool that would stall the actors' dispatcher and every other
/// socket continuation. Started on first use, so scans without -sV pay nothing for them.
/// </summary>
internal static class MatchThreads
{
    private static readonly BlockingCollection<Action> Work = Start();

    /// <summary>Runs <paramref name="work"/> on a match thread; its result or exception completes the task.</summary>
    public static Task<T> Run<T>(Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Work.Add(() =>
        {
            try
            {
                done.SetResult(work());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        });
        return done.Task;
    }

    private static BlockingCollection<Action> Start()
    {
        var work = new BlockingCollection<Action>();
        for (int i = 0; i < Environment.ProcessorCount; i++)
        {
            new Thread(() =>
            {
                foreach (var item in work.GetConsumingEnumerable()) item();
            })
            {
                IsBackground = true,
                Name = "prtip-match",
                Priority = ThreadPriority.BelowNormal,
            }.Start();
        }
        return work;
    }
}
