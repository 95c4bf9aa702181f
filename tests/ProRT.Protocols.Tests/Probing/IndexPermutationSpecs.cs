using ProRT.Protocols.Probing;

namespace ProRT.Protocols.Tests.Probing;

public sealed class IndexPermutationSpecs
{
    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    [InlineData(10UL)]
    [InlineData(1000UL)]
    [InlineData(65536UL)]
    [InlineData(100_003UL)]
    public void Visits_every_index_exactly_once(ulong count)
    {
        var p = new IndexPermutation(count, 0x0706050403020100, 0x0F0E0D0C0B0A0908);
        var seen = new bool[count];
        for (ulong i = 0; i < count; i++)
        {
            ulong j = p.Map(i);
            Assert.True(j < count);
            Assert.False(seen[j], $"{j} visited twice");
            seen[j] = true;
        }
    }

    [Fact]
    public void Different_keys_give_different_orders_and_the_same_key_the_same()
    {
        var a = new IndexPermutation(4096, 1, 2);
        var b = new IndexPermutation(4096, 3, 4);
        var again = new IndexPermutation(4096, 1, 2);
        var orderA = Enumerable.Range(0, 64).Select(i => a.Map((ulong)i)).ToList();
        Assert.NotEqual(orderA, Enumerable.Range(0, 64).Select(i => b.Map((ulong)i)).ToList());
        Assert.Equal(orderA, Enumerable.Range(0, 64).Select(i => again.Map((ulong)i)).ToList());
        // Spread out: consecutive indexes do not land next to each other.
        Assert.True(orderA.Zip(orderA.Skip(1)).Count(p => Math.Abs((long)p.First - (long)p.Second) == 1) < 4);
    }

    [Fact]
    public void Rejects_an_index_outside_the_range()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new IndexPermutation(10, 1, 2).Map(10));
    }
}
