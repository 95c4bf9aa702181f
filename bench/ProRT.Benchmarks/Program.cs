using BenchmarkDotNet.Running;
using ProRT.Benchmarks;

// Hot functions: dotnet run -c Release --project bench/ProRT.Benchmarks -- --filter '*'
// Journal write rate and recovery time: bench/journal.sh (runs this program with "journal <store>").
if (args is ["journal", ..]) return await JournalBenchmark.RunAsync(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
