using Akka.Actor;
using Akka.Event;
using ProRT.Protocols.Results;

namespace ProRT.Actors.Results;

/// <summary>
/// Fans one scan's results out to every sink. A sink that throws is logged and dropped, so a broken consumer
/// never stops the scan or the other consumers; unless it is <see cref="IResultSink.Required"/>: then this actor
/// fails and the coordinator stops the scan with that error, rather than go on losing results.
/// </summary>
public sealed class ResultPublisher : ReceiveActor
{
    /// <summary>Messages the publisher passes on to the sinks.</summary>
    public static class Protocol
    {
        /// <summary>Calls <see cref="IResultSink.OnScanStarted"/>.</summary>
        /// <param name="Info">The report header.</param>
        public sealed record ScanStarted(ScanInfo Info);

        /// <summary>Calls <see cref="IResultSink.OnPorts"/>.</summary>
        /// <param name="Results">Final port results.</param>
        public sealed record PortsFound(IReadOnlyList<ScanResult> Results);

        /// <summary>Calls <see cref="IResultSink.OnHost"/>.</summary>
        /// <param name="Host">The finished host.</param>
        public sealed record HostFinished(HostResult Host);

        /// <summary>Answered with <paramref name="Answer"/> once everything sent before it has reached the sinks.</summary>
        /// <param name="Answer">What to answer.</param>
        public sealed record Ack(object Answer);

        /// <summary>Calls <see cref="IResultSink.OnScanCompleted"/>, then echoes the message to its sender.</summary>
        /// <param name="Report">The finished scan.</param>
        public sealed record ScanFinished(ScanReport Report);
    }

    private readonly List<IResultSink> _sinks;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    /// <summary>A publisher to <paramref name="sinks"/>, called in the order given.</summary>
    public ResultPublisher(IEnumerable<IResultSink> sinks)
    {
        _sinks = sinks.ToList();
        Receive<Protocol.ScanStarted>(m => Each(s => s.OnScanStarted(m.Info)));
        Receive<Protocol.PortsFound>(m => Each(s => s.OnPorts(m.Results)));
        Receive<Protocol.HostFinished>(m => Each(s => s.OnHost(m.Host)));
        Receive<Protocol.Ack>(m => Sender.Tell(m.Answer));
        Receive<Protocol.ScanFinished>(m =>
        {
            Each(s => s.OnScanCompleted(m.Report));
            Sender.Tell(m);
        });
    }

    /// <summary>Props for a <see cref="ResultPublisher"/>.</summary>
    public static Props Props(IEnumerable<IResultSink> sinks) => Akka.Actor.Props.Create(() => new ResultPublisher(sinks));

    private void Each(Action<IResultSink> deliver)
    {
        foreach (var sink in _sinks.ToArray())
        {
            try
            {
                deliver(sink);
            }
            catch (Exception e) when (sink.Required)
            {
                throw new ResultSinkException($"writing to the {sink.Name} failed: {e.Message}", e);
            }
            catch (Exception e)
            {
                _log.Error(e, "result consumer {0} failed and is disabled: {1}", sink.GetType().Name, e.Message);
                _sinks.Remove(sink);
            }
        }
    }
}

/// <summary>A required result sink failed; the scan stops.</summary>
public sealed class ResultSinkException(string message, Exception inner) : Exception(message, inner);
