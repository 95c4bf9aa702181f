namespace ProRT.Actors.PacketIo;

/// <summary>What the receive threads of a scan's interfaces count beyond the replies they route.</summary>
public sealed class PacketCounters
{
    private long _malformed;

    /// <summary>Frames dropped as malformed: an IPv4 frame of ours whose headers do not hold together.</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    internal void CountMalformed() => Interlocked.Increment(ref _malformed);
}
