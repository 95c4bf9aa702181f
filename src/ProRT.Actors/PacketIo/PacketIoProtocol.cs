using Akka.Actor;
using ProRT.Protocols.Packets;
using ProRT.Protocols.Techniques;

namespace ProRT.Actors.PacketIo;

/// <summary>Messages of the raw-packet path: bursts out, batches of matched replies back. Never one per packet.</summary>
public static class PacketIoProtocol
{
    /// <summary>Route replies from <paramref name="Host"/> to <paramref name="Owner"/>; answered with <see cref="Registered"/>.</summary>
    /// <remarks>TCP and UDP replies of one host may go to different owners (-sS -sU); ICMP echo, timestamp and ARP
    /// answers go to the TCP owner.</remarks>
    /// <param name="Host">The target, host-order IPv4.</param>
    /// <param name="Owner">The actor that receives the host's <see cref="Replies"/>.</param>
    /// <param name="Udp">Register the host's UDP replies rather than its TCP ones.</param>
    public sealed record Register(uint Host, IActorRef Owner, bool Udp = false);

    /// <summary><paramref name="PacketIo"/> sends for this host; <paramref name="Error"/> when the host cannot be reached.</summary>
    /// <param name="Host">The registered target.</param>
    /// <param name="PacketIo">The interface's actor, to send probes to.</param>
    /// <param name="Error">Why the host cannot be reached (no route, no ARP answer); null on success.</param>
    public sealed record Registered(uint Host, IActorRef PacketIo, string? Error);

    /// <summary>Stop routing replies from <paramref name="Host"/> to its owner.</summary>
    /// <param name="Host">The target, host-order IPv4.</param>
    /// <param name="Udp">Unregister the host's UDP replies rather than its TCP ones.</param>
    public sealed record Unregister(uint Host, bool Udp = false);

    /// <summary>One probe to each of the first <paramref name="Count"/> ports, carrying <paramref name="Flags"/>.</summary>
    /// <param name="Host">The target, host-order IPv4.</param>
    /// <param name="Flags">TCP flags of the probes (SYN, FIN, ACK...).</param>
    /// <param name="Ports">Destination ports; only the first <paramref name="Count"/> are used.</param>
    /// <param name="Tries">Which probe of its port each one is (1 for the first): it picks the source port.</param>
    /// <param name="Count">How many ports to probe.</param>
    public sealed record SendTcpProbes(uint Host, TcpFlags Flags, ushort[] Ports, byte[] Tries, int Count);

    /// <summary>
    /// Ask whether <paramref name="Hosts"/> are up with the given probes (ARP for neighbours, the others beyond);
    /// answers go to <paramref name="Owner"/> as <see cref="Replies"/> until it unregisters the hosts.
    /// </summary>
    /// <param name="Hosts">The targets, host-order IPv4.</param>
    /// <param name="Probes">Which discovery probes to send.</param>
    /// <param name="Owner">The actor that receives the <see cref="Replies"/>.</param>
    /// <param name="Tag">The caller's id for this round, echoed in <see cref="DiscoverySent"/>.</param>
    public sealed record Discover(uint[] Hosts, ProRT.Protocols.Scanning.DiscoveryProbes Probes, IActorRef Owner, int Tag);

    /// <summary>The probes of <see cref="Discover"/> <paramref name="Tag"/> left at this time (Unix-epoch ticks, as capture times are).</summary>
    /// <param name="Tag">The <see cref="Discover"/> request's tag.</param>
    /// <param name="SentUnixTicks">When the probes left, in ticks since the Unix epoch.</param>
    public sealed record DiscoverySent(int Tag, long SentUnixTicks);

    /// <summary>
    /// Send one probe to every (host, port) of <paramref name="Plan"/> in permuted order, keeping no state per probe;
    /// replies from hosts nobody registered go to <paramref name="Owner"/>, which hears <see cref="SweepSent"/> at the end.
    /// </summary>
    /// <param name="Plan">What to send.</param>
    /// <param name="Owner">The sweep's actor.</param>
    public sealed record StartSweep(SweepPlan Plan, IActorRef Owner);

    /// <summary>The sweep has sent everything; <paramref name="Error"/> if it stopped on a send failure.</summary>
    /// <param name="Sent">Probes sent.</param>
    /// <param name="Skipped">Probes not sent because the next hop could not be reached.</param>
    /// <param name="Error">The send failure that stopped the sweep, if any.</param>
    public sealed record SweepSent(long Sent, long Skipped, string? Error);

    /// <summary>One UDP probe, with the port's payload, to each of the first <paramref name="Count"/> ports.</summary>
    /// <param name="Host">The target, host-order IPv4.</param>
    /// <param name="Ports">Destination ports; only the first <paramref name="Count"/> are used.</param>
    /// <param name="Tries">Which probe of its port each one is (1 for the first): it picks the source port.</param>
    /// <param name="Count">How many ports to probe.</param>
    public sealed record SendUdpProbes(uint Host, ushort[] Ports, byte[] Tries, int Count);

    /// <summary>
    /// Answers <see cref="SendTcpProbes"/> and <see cref="SendUdpProbes"/>: the probes left at <paramref name="Ticks"/>
    /// (<see cref="ProRT.Protocols.Timing.MonotonicClock"/>). A busy interface may send a batch well after it was asked to, and a
    /// probe's timeout runs from when it left, as nmap times it.
    /// </summary>
    /// <param name="Ticks">When the batch was handed to the kernel.</param>
    public sealed record ProbesSent(long Ticks);

    /// <summary>Replies matched to our probes, for one owner.</summary>
    /// <param name="Items">The replies, in arrival order.</param>
    public sealed record Replies(ProbeReply[] Items);

    /// <summary>Ask a <see cref="PacketIo"/> for its counters; answered with <see cref="Statistics"/>.</summary>
    public sealed record GetStatistics
    {
        /// <summary>The shared instance; the message carries no data.</summary>
        public static readonly GetStatistics Instance = new();
    }

    /// <summary>Counters of one interface's <see cref="PacketIo"/>.</summary>
    /// <param name="Interface">The interface name.</param>
    /// <param name="FramesSent">Frames sent, sweeps included.</param>
    /// <param name="Captured">Frames the capture passed to us.</param>
    /// <param name="Matched">Captured frames matched to our probes.</param>
    /// <param name="PcapDropped">Frames pcap dropped: replies that may have been missed.</param>
    /// <param name="InterfaceDropped">Frames the interface dropped.</param>
    public sealed record Statistics(string Interface, long FramesSent, long Captured, long Matched, long PcapDropped, long InterfaceDropped);
}
