using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace ProRT.Actors.Scanning;

/// <summary>Akka's log events on stderr, so stdout carries only scan output (as nmap's does).</summary>
public sealed class StderrLogger : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    /// <summary>Created by Akka from the loggers setting of <see cref="Scanner.DefaultAkkaConfig"/>.</summary>
    public StderrLogger()
    {
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(e => Console.Error.WriteLine($"prtip: {e.LogLevel().ToString().Replace("Level", "").ToLowerInvariant()}: {e.Message}{(e.Cause is null ? "" : " (" + e.Cause.Message + ")")}"));
    }
}
