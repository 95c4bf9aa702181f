using CsCheck;

namespace ProRT.Tests.Fuzzing;

/// <summary>
/// CsCheck properties as the fuzzing specs use them: single-threaded (the machine is shared and the last input is then
/// the one that hung), bounded in time, and with one way to say "nothing but the documented exception".
/// </summary>
internal static class Property
{
    /// <summary>
    /// Checks <paramref name="assertion"/> on <paramref name="iterations"/> generated inputs. CsCheck shrinks a failure and
    /// reports the smallest input; a run that has not finished after <paramref name="seconds"/> fails with the input it
    /// was working on, since a parser that loops forever would otherwise hold the test run until CI gives up.
    /// </summary>
    public static void Holds<T>(Gen<T> gen, Action<T> assertion, long iterations = 2000, int seconds = 30, string? seed = null)
    {
        object? current = null;
        var run = Task.Run(() => gen.Sample(t =>
        {
            Volatile.Write(ref current, t);
            assertion(t);
        }, iter: iterations, threads: 1, seed: seed));
        if (Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(seconds))).GetAwaiter().GetResult() != run)
            Assert.Fail($"no answer after {seconds} s; working on: {Show(Volatile.Read(ref current))}");
        run.GetAwaiter().GetResult();
    }

    /// <summary>Runs <paramref name="parse"/>; <typeparamref name="TDocumented"/> (and its subclasses) is an answer, anything else escapes.</summary>
    public static void ThrowsOnly<TDocumented>(Action parse) where TDocumented : Exception
    {
        try
        {
            parse();
        }
        catch (TDocumented)
        {
        }
    }

    /// <summary>An input as a regression test would spell it: strings escaped, bytes in hex.</summary>
    public static string Show(object? value) => value switch
    {
        null => "null",
        string s => System.Text.Json.JsonSerializer.Serialize(s),
        byte[] b => Convert.ToHexString(b),
        _ => value.ToString() ?? "",
    };
}
