using CoScientist.Core.Literature;
using CoScientist.Literature;
using CoScientist.Literature.Http;
using CoScientist.Literature.Tests.Fakes;
using CoScientist.Testing;

namespace CoScientist.Literature.Tests.Http;

/// <summary>Each API's usage policy, checked on the fake clock: rates, concurrency, and gates shared by all runs.</summary>
public sealed class EtiquetteTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Arxiv_ThreeCallsAtOnce_AreSentThreeSecondsApartOnOneConnection()
    {
        var clock = new TestClock();
        await using var host = await LiteratureHost.StartAsync(clock: clock);
        host.Server.On("/query", ScriptedResponse.Fixture("arxiv/arxivpy_id_1605.08386.xml"));
        var client = host.Client("arxiv");

        var calls = Enumerable.Range(0, 3).Select(i => client.SearchAsync($"topic{i}", 1, Cancellation)).ToList();
        await Eventually.TrueAsync(() => host.Server.Requests.Count == 1, "the first call was not sent at once");
        for (var sent = 1; sent < 3; sent++)
        {
            await Eventually.TrueAsync(() => clock.Timers.Count(t => t == TimeSpan.FromSeconds(3)) >= sent, $"call {sent + 1} is not waiting on the gate");
            clock.Advance(TimeSpan.FromSeconds(3) - TimeSpan.FromMilliseconds(1));
            await Eventually.StillTrueAsync(() => host.Server.Requests.Count == sent, $"call {sent + 1} went out before 3 s had passed");
            clock.Advance(TimeSpan.FromMilliseconds(1));
            await Eventually.TrueAsync(() => host.Server.Requests.Count == sent + 1, $"call {sent + 1} was not sent after 3 s");
        }

        await Task.WhenAll(calls);
        var at = host.Server.Requests.Select(r => r.At).ToList();
        Assert.Equal(TimeSpan.FromSeconds(3), at[1] - at[0]);
        Assert.Equal(TimeSpan.FromSeconds(3), at[2] - at[1]);
        Assert.Equal(1, host.Server.MaxInFlight);
    }

    [Fact]
    public async Task Arxiv_TwoRunsInOneProcess_ShareTheGate()
    {
        var clock = new TestClock();
        await using var host = await LiteratureHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Literature:PubMed:Enabled"] = "false",
                ["Literature:EuropePmc:Enabled"] = "false",
                ["Literature:OpenAlex:Enabled"] = "false",
                ["Literature:Crossref:Enabled"] = "false",
            },
            clock);
        host.Server.On("/query", ScriptedResponse.Fixture("arxiv/arxivpy_id_1605.08386.xml"));
        var firstRun = host.Sources.CreateSearch();
        var secondRun = host.Sources.CreateSearch();

        var first = firstRun.SearchAsync("graphs", 1, Cancellation);
        await Eventually.TrueAsync(() => host.Server.Requests.Count == 1, "the first run's call was not sent");
        var second = secondRun.SearchAsync("walks", 1, Cancellation);
        await clock.WaitForTimerAsync(TimeSpan.FromSeconds(3));
        await Eventually.StillTrueAsync(() => host.Server.Requests.Count == 1, "the second run did not wait for the first run's slot");
        clock.Advance(TimeSpan.FromSeconds(3));
        await Task.WhenAll(first, second);

        Assert.Equal(TimeSpan.FromSeconds(3), host.Server.Requests[1].At - host.Server.Requests[0].At);
    }

    [Theory]
    [InlineData(null, 3)]
    [InlineData("a-key", 10)]
    public async Task PubMed_CallsAreSpacedByThreePerSecondOrTenWithAKey(string? apiKey, int perSecond)
    {
        var clock = new TestClock();
        await using var host = await LiteratureHost.StartAsync(new Dictionary<string, string?> { ["Literature:PubMed:ApiKey"] = apiKey }, clock);
        host.Server.On("efetch.fcgi", ScriptedResponse.Fixture("pubmed/biopython_pubmed4.xml"));
        var client = host.Client("pubmed");
        var interval = TimeSpan.FromSeconds(1.0 / perSecond);

        var calls = Enumerable.Range(0, 4).Select(_ => client.GetAsync("27797938", Cancellation)).ToList();
        await Eventually.TrueAsync(() => host.Server.Requests.Count == 1, "the first call was not sent at once");
        for (var sent = 1; sent < 4; sent++)
        {
            await Eventually.TrueAsync(() => clock.Timers.Count(t => t < TimeSpan.FromSeconds(5)) >= sent, "the next call is not waiting on the gate");
            await Eventually.StillTrueAsync(() => host.Server.Requests.Count == sent, $"call {sent + 1} went out early", 50);
            clock.Advance(interval);
            await Eventually.TrueAsync(() => host.Server.Requests.Count == sent + 1, $"call {sent + 1} was not sent after {interval}");
        }

        await Task.WhenAll(calls);
        var at = host.Server.Requests.Select(r => r.At).ToList();
        for (var i = 1; i < at.Count; i++)
        {
            Assert.Equal(interval.TotalMilliseconds, (at[i] - at[i - 1]).TotalMilliseconds, 0.001);
        }

        Assert.All(host.Server.Requests, r => Assert.Equal(apiKey, r.Param("api_key")));
    }

    [Theory]
    [InlineData("polite@example.org", 3)]
    [InlineData(null, 1)]
    public async Task Crossref_InFlightRequestsAreCappedThreeInThePolitePoolOneWithout(string? mailto, int cap)
    {
        // Real clock: the server holds each answer 150 ms so requests overlap; the rate is raised so only the cap limits them.
        await using var host = await LiteratureHost.StartAsync(new Dictionary<string, string?> { ["Literature:Crossref:Mailto"] = mailto });
        host.Server.On("/works", ScriptedResponse.Fixture("crossref/habanero_works_select_doi_title.json") with { Delay = TimeSpan.FromMilliseconds(150) });
        var client = host.Client("crossref");

        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => client.SearchAsync($"q{i}", 1, Cancellation)));

        Assert.Equal(cap, host.Server.MaxInFlight);
        Assert.All(host.Server.Requests, r => Assert.Equal(mailto, r.Param("mailto")));
    }

    [Fact]
    public async Task RateGate_StartsAreSpacedAndTheConcurrencyCapHolds()
    {
        var clock = new TestClock();
        using var gate = new RateGate(TimeSpan.FromSeconds(2), 2, clock);

        var first = await gate.AcquireAsync(Cancellation);
        var second = gate.AcquireAsync(Cancellation).AsTask();
        var third = gate.AcquireAsync(Cancellation).AsTask();
        await clock.WaitForTimerAsync(TimeSpan.FromSeconds(2));
        Assert.False(second.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(2));
        using var secondLease = await second;
        clock.Advance(TimeSpan.FromSeconds(10));
        await Eventually.StillTrueAsync(() => !third.IsCompleted, "a third caller got in while two leases were held");
        first.Dispose();
        using var thirdLease = await third;
    }

    [Fact]
    public async Task RateGate_PauseUntilHoldsEveryLaterCaller()
    {
        var clock = new TestClock();
        using var gate = new RateGate(TimeSpan.Zero, 4, clock);

        gate.PauseUntil(clock.GetUtcNow().AddSeconds(30));
        var waiting = gate.AcquireAsync(Cancellation).AsTask();
        await clock.WaitForTimerAsync(TimeSpan.FromSeconds(30));
        clock.Advance(TimeSpan.FromSeconds(29));
        await Eventually.StillTrueAsync(() => !waiting.IsCompleted, "the pause was cut short");
        clock.Advance(TimeSpan.FromSeconds(1));
        using var lease = await waiting;
    }
}
