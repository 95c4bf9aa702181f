namespace ProRT.Actors.Timing;

/// <summary>
/// Where a technique asks leave to send probes. Permits come in batches so that rate limiting costs one
/// exchange per batch, never one per packet.
/// </summary>
public interface IProbePermits
{
    /// <summary>Waits until at least one probe may be sent; returns how many (1 to <paramref name="wanted"/>).</summary>
    ValueTask<int> AcquireAsync(int wanted, CancellationToken cancellationToken);
}

/// <summary>No rate limit and no scan delay: every request is granted at once.</summary>
public sealed class UnlimitedPermits : IProbePermits
{
    /// <summary>The shared instance; it holds no state.</summary>
    public static readonly UnlimitedPermits Instance = new();

    /// <summary>Grants all <paramref name="wanted"/> permits at once.</summary>
    public ValueTask<int> AcquireAsync(int wanted, CancellationToken cancellationToken) => ValueTask.FromResult(wanted);
}
