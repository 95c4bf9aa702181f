namespace ProRT.Protocols.Targets;

/// <summary>One address to scan, with the name the user called it by when there was one.</summary>
/// <param name="Address">The address, as a host-order integer.</param>
/// <param name="Hostname">The hostname the user gave for it, or null.</param>
public readonly record struct Target(uint Address, string? Hostname)
{
    /// <summary>The address in dotted-quad form.</summary>
    public override string ToString() => Ipv4.Format(Address);
}

/// <summary>What the user asked to scan, less what they excluded; enumerated lazily in the order given.</summary>
public sealed class TargetSet
{
    /// <summary>Targets in <paramref name="include"/>, less any address in <paramref name="exclude"/>.</summary>
    public TargetSet(IReadOnlyList<TargetRange> include, IReadOnlyList<TargetRange>? exclude = null)
    {
        Include = include;
        Exclude = exclude ?? [];
    }

    /// <summary>Target ranges in the order given.</summary>
    public IReadOnlyList<TargetRange> Include { get; }
    /// <summary>Ranges to skip (--exclude, --excludefile).</summary>
    public IReadOnlyList<TargetRange> Exclude { get; }

    /// <summary>Upper bound of the number of targets (exclusions are not subtracted).</summary>
    public ulong MaxCount => Include.Aggregate(0UL, (n, r) => n + r.Count);

    /// <summary>The address at a position of the concatenated ranges (exclusions not applied; check <see cref="IsExcluded"/>).</summary>
    public Target TargetAt(ulong index)
    {
        foreach (var range in Include)
        {
            if (index < range.Count) return new Target(range.AddressAt(index), range.Hostname);
            index -= range.Count;
        }
        throw new ArgumentOutOfRangeException(nameof(index));
    }

    /// <summary>Every target not excluded, range by range in nmap's order, produced one at a time.</summary>
    public IEnumerable<Target> Enumerate()
    {
        foreach (var range in Include)
            foreach (var address in range.Enumerate())
                if (!IsExcluded(address))
                    yield return new Target(address, range.Hostname);
    }

    /// <summary>Whether <paramref name="address"/> (host order) falls in an excluded range.</summary>
    public bool IsExcluded(uint address)
    {
        foreach (var ex in Exclude)
            if (ex.Contains(address)) return true;
        return false;
    }

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
