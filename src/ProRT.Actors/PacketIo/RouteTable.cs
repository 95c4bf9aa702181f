using System.Globalization;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using ProRT.Protocols.Targets;

namespace ProRT.Actors.PacketIo;

/// <summary>
/// Linux's IPv4 routing and neighbour tables as /proc shows them (for the network namespace we run in).
/// Addresses in /proc/net/route are host-byte-order hex of the network-order value, i.e. little-endian on x86.
/// </summary>
public static class RouteTable
{
    /// <summary>One row of /proc/net/route, addresses as host-order integers.</summary>
    /// <param name="Interface">The interface the route goes out of.</param>
    /// <param name="Destination">The destination network.</param>
    /// <param name="Mask">The network mask.</param>
    /// <param name="Gateway">The next-hop router; 0 for a directly connected network.</param>
    /// <param name="Metric">The route's metric; lower wins among equal prefixes.</param>
    public sealed record Route(string Interface, uint Destination, uint Mask, uint Gateway, int Metric);

    /// <summary>The routes, most specific first (lowest metric first among equals), so the first match is the one to use.</summary>
    public static IReadOnlyList<Route> Read(string path = "/proc/net/route")
    {
        var routes = new List<Route>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var f = line.Split('\t', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (f.Length < 8) continue;
            routes.Add(new Route(f[0], Hex(f[1]), Hex(f[7]), Hex(f[2]), int.Parse(f[6], CultureInfo.InvariantCulture)));
        }
        return routes.OrderByDescending(r => System.Numerics.BitOperations.PopCount(r.Mask)).ThenBy(r => r.Metric).ToList();
    }

    private static uint Hex(string s) =>
        System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(uint.Parse(s, NumberStyles.HexNumber, CultureInfo.InvariantCulture));

    /// <summary>Longest-prefix match over routes as <see cref="Read"/> orders them.</summary>
    public static Route? Lookup(IReadOnlyList<Route> routes, uint destination)
    {
        foreach (var r in routes)
            if ((destination & r.Mask) == r.Destination) return r;
        return null;
    }

    /// <summary>The MAC the kernel has cached for a neighbour, from /proc/net/arp; null when absent or incomplete.</summary>
    public static byte[]? Neighbour(uint ip, string iface, string path = "/proc/net/arp")
    {
        var text = Ipv4.Format(ip);
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 6 || f[0] != text || f[5] != iface) continue;
            if (f[2] == "0x0") return null; // incomplete entry
            var mac = PhysicalAddress.Parse(f[3].Replace(':', '-')).GetAddressBytes();
            return mac.Any(b => b != 0) ? mac : null;
        }
        return null;
    }

    /// <summary>Every IPv4 address of this machine (in this network namespace).</summary>
    public static HashSet<uint> LocalAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces().Select(AddressOf).OfType<uint>().ToHashSet();

    /// <summary>The interface's first IPv4 address, or null.</summary>
    public static uint? AddressOf(NetworkInterface nic) =>
        nic.GetIPProperties().UnicastAddresses
            .Where(a => a.Address.AddressFamily == AddressFamily.InterNetwork)
            .Select(a => (uint?)Ipv4.ToUInt32(a.Address)).FirstOrDefault();
}
