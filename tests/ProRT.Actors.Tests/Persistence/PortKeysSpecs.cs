using ProRT.Actors.Persistence;

namespace ProRT.Actors.Tests.Persistence;

public sealed class PortKeysSpecs
{
    [Fact]
    public void Union_adds_keys_once_and_leaves_the_set_it_came_from_alone()
    {
        var a = PortKeys.Of([80, 22, 22]);
        var b = a.Union([443, 80, 65535 | 1 << 16]);
        Assert.Equal([22, 80], a);
        Assert.Equal([22, 80, 443, 65535 | 1 << 16], b);
        Assert.Same(b, b.Union([22, 443]));
        Assert.True(b.Contains(443) && !a.Contains(443));
        Assert.Equal(4, b.Count);
    }

    [Fact]
    public void A_big_set_turns_into_a_bitmap_and_holds_the_same_keys()
    {
        var random = new Random(7);
        var keys = Enumerable.Range(0, 5000).Select(_ => random.Next(0, 2 << 16)).ToList();
        var set = PortKeys.Empty;
        foreach (var chunk in keys.Chunk(300)) set = set.Union(chunk);
        var expected = keys.Distinct().Order().ToList();
        Assert.Equal(expected, set);
        Assert.Equal(expected.Count, set.Count);
        Assert.All(Enumerable.Range(0, 2 << 16).Where(k => k % 97 == 0), k => Assert.Equal(expected.BinarySearch(k) >= 0, set.Contains(k)));
        Assert.False(set.Contains(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => set.Union([2 << 16]));
    }
}
