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
    public sealed record Register(uint Host, IActorRef Owner, bool Udp = false);

    /// <summary><paramref name="PacketIo"/> sends for this host; <paramref name="Error"/> when the host cannot be reached.</summary>
    public sealed record Registered(uint Host, IActorRef PacketIo, string? Error);

    public sealed record Unregister(uint Host, bool Udp = false);

    /// <summary>One probe to each of the first <paramref name="Count"/> ports, carrying <paramref name="Flags"/>.</summary>
    public sealed record SendTcpProbes(uint Host, TcpFlags Flags, ushort[] Ports, int Count);

    /// <summary>
    /// Ask whether <paramref name="Hosts"/> are up with the given probes (ARP for neighbours, the others beyond);
    /// answers go to <paramref name="Owner"/> as <see cref="Replies"/> until it unregisters the hosts.
    /// </summary>
    public sealed record Discover(uint[] Hosts, ProRT.Protocols.Scanning.DiscoveryProbes Probes, IActorRef Owner, int Tag);

    /// <summary>The probes of <see cref="Discover"/> <paramref name="Tag"/> left at this time (Unix-epoch ticks, as capture times are).</summary>
    public sealed record DiscoverySent(int Tag, long SentUnixTicks);

    /// <summary>
    /// Send one probe to every (host, port) of <paramref name="Plan"/> in permuted order, keeping no state per probe;
    /// replies from hosts nobody registered go to <paramref name="Owner"/>, which hears <see cref="SweepSent"/> at the end.
    /// </summary>
    public sealed record StartSweep(SweepPlan Plan, IActorRef Owner);

    /// <summary>The sweep has sent everything; <paramref name="Error"/> if it stopped on a send failure.</summary>
    public sealed record SweepSent(long Sent, long Skipped, string? Error);

    /// <summary>One UDP probe, with the port's payload, to each of the first <paramref name="Count"/> ports.</summary>
    public sealed record SendUdpProbes(uint Host, ushort[] Ports, int Count);

    /// <summary>Replies matched to our probes, for one owner.</summary>
    public sealed record Replies(ProbeReply[] Items);

    public sealed record GetStatistics
    {
        public static readonly GetStatistics Instance = new();
    }

    public sealed record Statistics(string Interface, long FramesSent, long Captured, long Matched, long PcapDropped, long InterfaceDropped);
}
