using System.Runtime.CompilerServices;

namespace ProRT.Protocols.Targets;

/// <summary>One address to scan, with the name the user called it by when there was one.</summary>
/// <param name="Address">The address, as a host-order integer.</param>
/// <param name="Hostname">The hostname the user gave for it, or null.</param>
public readonly record struct Target(uint Address, string? Hostname)
{
    /// <summary>The address in dotted-quad form.</summary>
    public override string ToString() => Ipv4.Format(Address);
}

/// <summary>
/// What the user asked to scan, less what they excluded; enumerated lazily in the order given.
/// </summary>
/// <remarks>
/// The targets are the include ranges concatenated in the order given, each in its own order
/// (<see cref="TargetRange.Enumerate"/>). Nothing is sorted or merged: an address in two ranges, or a range given twice,
/// is a target twice, at both positions, and counts twice in <see cref="MaxCount"/>. A range with no address takes no
/// position. A sweep asks <see cref="TargetAt"/> and <see cref="IsExcluded"/> once per probe, at permuted positions, so
/// neither walks the lists: positions are found by binary search over the running total of range sizes, and exclusions
/// are merged into sorted disjoint address intervals, also binary-searched; a guide table in front of each answers most
/// lookups with one read. Lookups cost O(log n) at worst in the number of ranges and allocate nothing. Both lists are
/// copied when the set is made.
/// </remarks>
public sealed class TargetSet
{
    private readonly TargetRange[] _include;
    private readonly TargetPositions _positions;
    private readonly AddressIntervals _exclusions;

    /// <summary>Targets in <paramref name="include"/>, less any address in <paramref name="exclude"/>.</summary>
    public TargetSet(IReadOnlyList<TargetRange> include, IReadOnlyList<TargetRange>? exclude = null)
    {
        _include = include.ToArray();
        Include = Array.AsReadOnly(_include);
        Exclude = Array.AsReadOnly((exclude ?? []).ToArray());
        _positions = new TargetPositions(_include);
        _exclusions = new AddressIntervals(Exclude);
    }

    /// <summary>Target ranges in the order given.</summary>
    public IReadOnlyList<TargetRange> Include { get; }
    /// <summary>Ranges to skip (--exclude, --excludefile).</summary>
    public IReadOnlyList<TargetRange> Exclude { get; }

    /// <summary>Upper bound of the number of targets: the sum of the range sizes (exclusions and duplicates are not subtracted).</summary>
    public ulong MaxCount => _positions.Count;

    /// <summary>
    /// The address at a position of the concatenated ranges (exclusions not applied; check <see cref="IsExcluded"/>),
    /// found without walking the ranges. Throws <see cref="ArgumentOutOfRangeException"/> when <paramref name="index"/>
    /// is not below <see cref="MaxCount"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Target TargetAt(ulong index) => _positions.At(index);

    /// <summary>Every target not excluded, range by range in nmap's order, produced one at a time.</summary>
    public IEnumerable<Target> Enumerate()
    {
        foreach (var range in _include)
            foreach (var address in range.Enumerate())
                if (!IsExcluded(address))
                    yield return new Target(address, range.Hostname);
    }

    /// <summary>Whether <paramref name="address"/> (host order) falls in an excluded range: a binary search, whatever the number of exclusions.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsExcluded(uint address) => _exclusions.Contains(address);

    /// <summary>Parses whitespace- or comma-free tokens as nmap's -iL and --excludefile read them: one or more per line, '#' starts a comment.</summary>
    public static IEnumerable<string> ReadTokens(TextReader reader)
    {
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            int hash = line.IndexOf('#');
            if (hash >= 0) line = line[..hash];
            foreach (var token in line.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries))
                yield return token;
        }
    }
}
