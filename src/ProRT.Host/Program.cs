using ProRT.Host.CommandLine;

namespace ProRT.Host;

public static class Program
{
    public static Task<int> Main(string[] args) => PrtipCommand.RunAsync(args, Console.Out, Console.Error);
}
