using ProRT.Protocols.Results;

namespace ProRT.Protocols.Tests.Results;

public sealed class PortStateNamesSpecs
{
    public static TheoryData<PortState> AllStates => new(Enum.GetValues<PortState>());

    [Theory]
    [MemberData(nameof(AllStates))]
    public void Every_state_round_trips_through_its_nmap_name(PortState state)
    {
        Assert.Equal(state, PortStateNames.FromNmap(state.ToNmap()));
    }

    [Theory]
    [InlineData(PortState.Open, "open")]
    [InlineData(PortState.Closed, "closed")]
    [InlineData(PortState.Filtered, "filtered")]
    [InlineData(PortState.OpenFiltered, "open|filtered")]
    [InlineData(PortState.ClosedFiltered, "closed|filtered")]
    [InlineData(PortState.Unfiltered, "unfiltered")]
    [InlineData(PortState.Unknown, "unknown")]
    public void States_print_as_nmap_prints_them(PortState state, string name)
    {
        Assert.Equal(name, state.ToNmap());
        Assert.Equal(state, PortStateNames.FromNmap(name));
    }

    [Fact]
    public void Every_state_has_its_own_name()
    {
        var names = Enum.GetValues<PortState>().Select(s => s.ToNmap()).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Theory]
    [InlineData("")]
    [InlineData("bogus")]
    [InlineData("OPEN")]
    [InlineData("open filtered")]
    public void Unrecognized_names_are_unknown(string name)
    {
        Assert.Equal(PortState.Unknown, PortStateNames.FromNmap(name));
    }
}
