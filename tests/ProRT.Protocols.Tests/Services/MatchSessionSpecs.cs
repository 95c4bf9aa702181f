using ProRT.Protocols.Services;

namespace ProRT.Protocols.Tests.Services;

public sealed class MatchSessionSpecs
{
    private const string Probes = """
        Probe TCP NULL q||
        match ssh m|^SSH-([\d.]+)-| p/generic ssh/ v/$1/
        Probe TCP GetRequest q|GET / HTTP/1.0\r\n\r\n|
        match http m|^HTTP/1\.[01] | p/generic http/
        """;

    private static ServiceProbeDatabase Database() => ServiceProbeDatabase.Parse(new StringReader(Probes), "test");

    [Fact]
    public void A_spent_session_tries_no_further_pattern()
    {
        var db = Database();
        var spent = new MatchSession(TimeSpan.Zero);
        Assert.True(spent.Exhausted);
        Assert.Null(db.Match(db.NullProbe!, "SSH-2.0-x\r\n"u8, out _, out _, spent));
        Assert.NotNull(db.Match(db.NullProbe!, "SSH-2.0-x\r\n"u8, out _, out _, new MatchSession(MatchSession.DefaultLimit)));
    }

    [Fact]
    public void A_remembered_verdict_gives_the_same_answer_as_matching_afresh()
    {
        var db = Database();
        var session = new MatchSession(MatchSession.DefaultLimit);
        var get = db.FindProbe("GetRequest", ProRT.Protocols.Ports.Protocol.Tcp)!;
        // The same banner to two probes: the NULL probe's patterns judge it once; both answers name ssh 2.0.
        var first = db.Match(db.NullProbe!, "SSH-2.0-x\r\n"u8, out _, out _, session);
        var spent = session.Spent;
        var second = db.Match(get, "SSH-2.0-x\r\n"u8, out _, out _, session);
        Assert.Equal(first, second);
        Assert.Equal("2.0", second!.Version);
        Assert.Equal(db.Match(get, "SSH-2.0-x\r\n"u8, out _), second);
        Assert.True(session.Spent >= spent);
        Assert.Equal("http", db.Match(get, "HTTP/1.1 200 OK\r\n"u8, out _, out _, session)!.Name);
    }
}
