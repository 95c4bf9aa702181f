using ProRT.Fuzz;
using SharpFuzz;

// prtip's fuzz targets for afl-fuzz (see tests/fuzz/run.sh):
//   ProRT.Fuzz TARGET              run under afl-fuzz (SharpFuzz's out-of-process mode)
//   ProRT.Fuzz TARGET FILE...      run the target once per file and report, to reproduce a finding
//   ProRT.Fuzz seeds DIR           write the binary seed corpora (journal, cluster) under DIR
if (args.Length == 2 && args[0] == "seeds")
{
    SeedCorpus.Write(args[1]);
    return 0;
}
if (args.Length == 0 || !FuzzTargets.All.TryGetValue(args[0], out var target))
{
    Console.Error.WriteLine($"usage: ProRT.Fuzz TARGET [FILE...] | seeds DIR; targets: {string.Join(", ", FuzzTargets.All.Keys)}");
    return 2;
}
if (args.Length == 1)
{
    // Out of process: a stack overflow or a crash of the runtime is reported as a crash instead of killing the fuzzer.
    Fuzzer.OutOfProcess.Run(stream =>
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        target(buffer.ToArray());
    });
    return 0;
}
int failed = 0;
foreach (var file in args[1..])
{
    try
    {
        target(File.ReadAllBytes(file));
        Console.WriteLine($"{file}: ok");
    }
    catch (Exception e)
    {
        failed++;
        Console.WriteLine($"{file}: {e.GetType().FullName}: {e.Message}\n{e.StackTrace}");
    }
}
return failed == 0 ? 0 : 1;
