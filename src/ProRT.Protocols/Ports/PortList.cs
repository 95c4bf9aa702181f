namespace ProRT.Protocols.Ports;

/// <summary>The ports to scan, per protocol, sorted and without duplicates.</summary>
/// <param name="Tcp">TCP ports, ascending.</param>
/// <param name="Udp">UDP ports, ascending.</param>
public sealed record PortList(ushort[] Tcp, ushort[] Udp)
{
    /// <summary>No ports at all.</summary>
    public static readonly PortList Empty = new([], []);

    /// <summary>The ports of one protocol.</summary>
    public ushort[] For(Protocol protocol) => protocol == Protocol.Tcp ? Tcp : Udp;

    /// <summary>Number of ports over both protocols.</summary>
    public int Count => Tcp.Length + Udp.Length;

    /// <summary>Compact text of a sorted port array, e.g. "22,80,1000-2000".</summary>
    public static string Describe(IReadOnlyList<ushort> ports)
    {
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < ports.Count;)
        {
            int j = i;
            while (j + 1 < ports.Count && ports[j + 1] == ports[j] + 1) j++;
            if (sb.Length > 0) sb.Append(',');
            sb.Append(ports[i]);
            if (j > i) sb.Append('-').Append(ports[j]);
            i = j + 1;
        }
        return sb.ToString();
    }
}
