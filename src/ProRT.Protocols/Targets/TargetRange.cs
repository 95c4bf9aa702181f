namespace ProRT.Protocols.Targets;

/// <summary>
/// One target expression as nmap accepts it: an address, a CIDR block or octet ranges.
/// Each octet is a sorted list of inclusive ranges, so a CIDR block and "198.18.0-3.1-254" share one shape
/// and enumerate lazily in nmap's order (last octet fastest).
/// </summary>
public sealed class TargetRange
{
    private readonly (byte Lo, byte Hi)[][] _octets;

    private TargetRange(string text, (byte Lo, byte Hi)[][] octets, string? hostname = null)
    {
        Text = text;
        Hostname = hostname;
        _octets = octets;
        ulong count = 1;
        foreach (var ranges in octets)
            count *= (ulong)ranges.Sum(r => r.Hi - r.Lo + 1);
        Count = count;
    }

    /// <summary>The expression as the user wrote it (hostnames keep their name).</summary>
    public string Text { get; }

    /// <summary>The hostname the user gave, when the range came from one.</summary>
    public string? Hostname { get; }

    /// <summary>Number of addresses in the range.</summary>
    public ulong Count { get; }

    /// <summary>One address; <paramref name="text"/> is the expression as written.</summary>
    public static TargetRange Single(uint address, string text, string? hostname = null) =>
        Cidr(address, 32, text, hostname);

    /// <summary>The CIDR block of <paramref name="address"/>/<paramref name="prefix"/> (host bits ignored); throws <see cref="TargetSpecException"/> for a prefix outside 0-32.</summary>
    public static TargetRange Cidr(uint address, int prefix, string text, string? hostname = null)
    {
        if (prefix is < 0 or > 32) throw new TargetSpecException($"invalid target '{text}': prefix length must be 0-32");
        uint mask = prefix == 0 ? 0 : uint.MaxValue << (32 - prefix);
        uint lo = address & mask, hi = lo | ~mask;
        var octets = new (byte, byte)[4][];
        for (int i = 0; i < 4; i++)
        {
            int shift = 24 - 8 * i;
            octets[i] = [((byte)(lo >> shift), (byte)(hi >> shift))];
        }
        return new TargetRange(text, octets, hostname);
    }

    /// <summary>Octet ranges as in "198.18.0-3.1-254": four arrays of inclusive ranges, first octet first.</summary>
    public static TargetRange Octets(string text, (byte Lo, byte Hi)[][] octets, string? hostname = null) =>
        new(text, octets.Select(o => o.ToArray()).ToArray(), hostname);

    /// <summary>The inclusive ranges of each octet, first octet first: everything needed to rebuild the range (a resumed scan does).</summary>
    public IReadOnlyList<IReadOnlyList<(byte Lo, byte Hi)>> OctetRanges => _octets;

    /// <summary>Whether <paramref name="address"/> (host order) is in the range.</summary>
    public bool Contains(uint address)
    {
        for (int i = 0; i < 4; i++)
        {
            byte b = (byte)(address >> (24 - 8 * i));
            bool hit = false;
            foreach (var (lo, hi) in _octets[i])
                if (b >= lo && b <= hi) { hit = true; break; }
            if (!hit) return false;
        }
        return true;
    }

    /// <summary>
    /// The address at position <paramref name="index"/> of <see cref="Enumerate"/>'s order, computed directly (mixed
    /// radix over the octets), so a permuted sweep can visit a huge range in any order without listing it.
    /// </summary>
    public uint AddressAt(ulong index)
    {
        if (index >= Count) throw new ArgumentOutOfRangeException(nameof(index));
        uint address = 0;
        for (int octet = 3; octet >= 0; octet--)
        {
            var ranges = _octets[octet];
            ulong size = 0;
            foreach (var (lo, hi) in ranges) size += (ulong)(hi - lo + 1);
            ulong digit = index % size;
            index /= size;
            foreach (var (lo, hi) in ranges)
            {
                ulong width = (ulong)(hi - lo + 1);
                if (digit < width) { address |= (uint)(lo + (int)digit) << (24 - 8 * octet); break; }
                digit -= width;
            }
        }
        return address;
    }

    /// <summary>Addresses in nmap's order, produced one at a time: a /8 is never materialized.</summary>
    public IEnumerable<uint> Enumerate()
    {
        foreach (var (a0, a1) in _octets[0])
            for (int a = a0; a <= a1; a++)
                foreach (var (b0, b1) in _octets[1])
                    for (int b = b0; b <= b1; b++)
                        foreach (var (c0, c1) in _octets[2])
                            for (int c = c0; c <= c1; c++)
                                foreach (var (d0, d1) in _octets[3])
                                    for (int d = d0; d <= d1; d++)
                                        yield return (uint)(a << 24 | b << 16 | c << 8 | d);
    }

    /// <summary>The expression as the user wrote it.</summary>
    public override string ToString() => Text;
}
