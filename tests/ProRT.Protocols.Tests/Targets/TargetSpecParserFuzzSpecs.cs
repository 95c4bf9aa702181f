using CsCheck;
using ProRT.Protocols.Targets;
using ProRT.Tests.Fuzzing;

namespace ProRT.Protocols.Tests.Targets;

/// <summary>Targets come from the command line and -iL files: anything fails with <see cref="TargetSpecException"/> or parses to the set it names.</summary>
public class TargetSpecParserFuzzSpecs
{
    private static uint? Resolve(string name) => name.Length % 2 == 0 ? 0xC6120002u : null;

    private static readonly string[] Fragments = ["0", "1", "9", "25", "255", "256", "999", "0000", ".", "-", ",", "*", "/", "/0", "/32", "/33", " ", "\t", "a", "x-y", "_", "..", "\u00a0", "\u0661"];

    [Fact]
    public void Any_text_parses_or_fails_with_TargetSpecException() =>
        Property.Holds(Gen.OneOf(Fragments).Array[0, 14].Select(string.Concat), text => Property.ThrowsOnly<TargetSpecException>(() =>
        {
            var range = TargetSpecParser.Parse(text, Resolve);
            Assert.True(range.Count > 0);
            uint first = range.Enumerate().First();
            Assert.Equal(first, range.AddressAt(0));
            Assert.True(range.Contains(first));
            Assert.True(range.Contains(range.AddressAt(range.Count - 1)));
        }), iterations: 5000);

    // One item of an octet list: its text and the values it names.
    private static readonly Gen<(string Text, int Lo, int Hi)> Items = Gen.Select(Gen.Int[0, 255], Gen.Int[0, 255], Gen.Int[0, 4], (a, b, form) =>
    {
        var (lo, hi) = (Math.Min(a, b), Math.Max(a, b));
        return form switch
        {
            0 => ($"{a}", a, a),
            1 => ($"{lo}-{hi}", lo, hi),
            2 => ($"-{hi}", 0, hi),
            3 => ($"{lo}-", lo, 255),
            _ => ("*", 0, 255),
        };
    });

    [Fact]
    public void A_generated_octet_range_names_exactly_its_addresses() =>
        Property.Holds(Items.Array[1, 3].Array[4], octets =>
        {
            // "*" stands alone in nmap's syntax; anywhere else it is no octet.
            octets = octets.Select(items => items.Any(i => i.Text == "*") && items.Length > 1 ? items.Where(i => i.Text != "*").DefaultIfEmpty(("0", 0, 0)).ToArray() : items).ToArray();
            string text = string.Join('.', octets.Select(items => string.Join(',', items.Select(i => i.Text))));
            var values = octets.Select(items => items.SelectMany(i => Enumerable.Range(i.Lo, i.Hi - i.Lo + 1)).ToHashSet()).ToArray();
            var range = TargetSpecParser.Parse(text);
            Assert.Equal(values.Aggregate(1UL, (n, v) => n * (ulong)v.Count), range.Count);
            uint previous = 0;
            ulong index = 0;
            foreach (uint address in range.Enumerate().Take(300))
            {
                for (int o = 0; o < 4; o++) Assert.Contains((int)(address >> (24 - 8 * o)) & 0xFF, values[o]);
                Assert.True(index == 0 || address > previous, $"{text}: {Ipv4.ToAddress(address)} after {Ipv4.ToAddress(previous)}");
                Assert.Equal(address, range.AddressAt(index++));
                previous = address;
            }
        }, iterations: 1500);

    [Fact]
    public void A_generated_CIDR_block_names_exactly_its_addresses() =>
        Property.Holds(Gen.Select(Gen.UInt, Gen.Int[0, 32]), t =>
        {
            var (address, prefix) = t;
            var range = TargetSpecParser.Parse($"{Ipv4.ToAddress(address)}/{prefix}");
            uint mask = prefix == 0 ? 0 : uint.MaxValue << (32 - prefix);
            Assert.Equal(1UL << (32 - prefix), range.Count);
            Assert.Equal(address & mask, range.AddressAt(0));
            Assert.Equal(address | ~mask, range.AddressAt(range.Count - 1));
            Assert.True(range.Contains(address));
            Assert.Equal(prefix == 0, range.Contains(~address));
        }, iterations: 2000);
}
