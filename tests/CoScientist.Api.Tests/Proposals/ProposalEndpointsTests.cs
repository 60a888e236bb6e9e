using System.Text.Json;
using CoScientist.Api.Tests.Infrastructure;

namespace CoScientist.Api.Tests.Proposals;

/// <summary>The leaderboard, one proposal in full, and Specific Aims pages.</summary>
public sealed class ProposalEndpointsTests(ApiFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ApiTestServer Server => fixture.Server;

    [Fact]
    public async Task Leaderboard_RanksActiveProposalsByElo_ThenTheUnranked()
    {
        var board = await Server.GetJsonAsync($"/api/runs/{fixture.ReadOnlyRunId}/proposals", Ct);

        var entries = board.GetProperty("proposals").EnumerateArray().ToList();
        Assert.Equal(entries.Count, board.GetProperty("total").GetInt32());
        Assert.Equal("completed", board.GetProperty("status").GetString());
        var ranked = entries.TakeWhile(e => e.GetProperty("rank").ValueKind == JsonValueKind.Number).ToList();
        Assert.True(ranked.Count >= 2, $"{ranked.Count} ranked");
        Assert.Equal(Enumerable.Range(1, ranked.Count), ranked.Select(e => e.GetProperty("rank").GetInt32()));
        Assert.Equal(ranked.Select(e => e.GetProperty("elo").GetDouble()).OrderByDescending(e => e), ranked.Select(e => e.GetProperty("elo").GetDouble()));
        Assert.All(entries.Skip(ranked.Count), e => Assert.Equal(JsonValueKind.Null, e.GetProperty("rank").ValueKind));
        Assert.All(entries, e =>
        {
            Assert.Equal(e.GetProperty("games").GetInt32(), e.GetProperty("wins").GetInt32() + e.GetProperty("losses").GetInt32());
            Assert.Contains(e.GetProperty("standing").GetString(), new[] { "pending-review", "in-tournament", "rejected", "duplicate" });
            Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("title").GetString()));
            Assert.Equal($"/api/runs/{fixture.ReadOnlyRunId}/proposals/{e.GetProperty("id").GetString()}", e.GetProperty("url").GetString());
        });
        Assert.True(ranked[0].GetProperty("wins").GetInt32() > 0);

        var top = await Server.GetJsonAsync($"/api/runs/{fixture.ReadOnlyRunId}/proposals?top=2", Ct);
        Assert.Equal(entries.Take(2).Select(e => e.GetProperty("id").GetString()), top.GetProperty("proposals").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        Assert.Equal(entries.Count, top.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Proposal_HasItsReviews_MatchesWithRatingsBeforeAndAfter_AndLineage()
    {
        var board = await Server.GetJsonAsync($"/api/runs/{fixture.WorkRunId}/proposals", Ct);
        var leaderId = board.GetProperty("proposals")[0].GetProperty("id").GetString()!;

        var detail = await Server.GetJsonAsync($"/api/runs/{fixture.WorkRunId}/proposals/{leaderId}", Ct);

        Assert.Equal(1, detail.GetProperty("rank").GetInt32());
        var proposal = detail.GetProperty("proposal");
        Assert.Equal(leaderId, proposal.GetProperty("id").GetString());
        Assert.False(string.IsNullOrWhiteSpace(proposal.GetProperty("statement").GetString()));
        Assert.Equal("in-tournament", proposal.GetProperty("standing").GetString());
        var reviews = detail.GetProperty("reviews").EnumerateArray().ToList();
        Assert.Contains(reviews, r => r.GetProperty("kind").GetString() == "initial" && r.GetProperty("verdict").GetString() == "pass");
        var matches = detail.GetProperty("matches").EnumerateArray().ToList();
        Assert.Equal(detail.GetProperty("games").GetInt32(), matches.Count);
        Assert.Equal(detail.GetProperty("wins").GetInt32(), matches.Count(m => m.GetProperty("won").GetBoolean()));
        Assert.All(matches, m =>
        {
            // A win raises the rating and lowers the opponent's; a loss the reverse.
            var gained = m.GetProperty("ratingAfter").GetDouble() - m.GetProperty("ratingBefore").GetDouble();
            var opponentGained = m.GetProperty("opponentRatingAfter").GetDouble() - m.GetProperty("opponentRatingBefore").GetDouble();
            Assert.Equal(m.GetProperty("won").GetBoolean(), gained > 0);
            Assert.True(gained * opponentGained < 0, $"match {m.GetProperty("id")}: {gained} and {opponentGained}");
            Assert.NotEqual(leaderId, m.GetProperty("opponentId").GetString());
        });
        Assert.True(detail.GetProperty("specificAimsAvailable").GetBoolean(), "the leader's Specific Aims page is written with the overview");

        // Lineage: an evolved proposal names its parents, and each parent names it as a child.
        var all = await Server.GetJsonAsync($"/api/runs/{fixture.WorkRunId}/proposals", Ct);
        var evolvedId = all.GetProperty("proposals").EnumerateArray().First(e => e.GetProperty("origin").GetString() == "evolved").GetProperty("id").GetString()!;
        var evolved = await Server.GetJsonAsync($"/api/runs/{fixture.WorkRunId}/proposals/{evolvedId}", Ct);
        var parents = evolved.GetProperty("lineage").GetProperty("parents").EnumerateArray().ToList();
        Assert.NotEmpty(parents);
        foreach (var parent in parents)
        {
            var parentDetail = await Server.GetJsonAsync(parent.GetProperty("url").GetString()!, Ct);
            Assert.Contains(parentDetail.GetProperty("lineage").GetProperty("children").EnumerateArray(), c => c.GetProperty("id").GetString() == evolvedId);
            Assert.Equal(parentDetail.GetProperty("proposal").GetProperty("title").GetString(), parent.GetProperty("title").GetString());
        }
    }

    [Fact]
    public async Task SpecificAims_StoredForTheLeader_WrittenOnDemandForAnother_ThenStoredAndCounted()
    {
        var board = await Server.GetJsonAsync($"/api/runs/{fixture.WorkRunId}/proposals", Ct);
        var ids = board.GetProperty("proposals").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();

        var stored = await Server.GetJsonAsync($"/api/runs/{fixture.WorkRunId}/proposals/{ids[0]}/aims", Ct);
        Assert.False(stored.GetProperty("generated").GetBoolean());
        Assert.Equal(ids[0], stored.GetProperty("page").GetProperty("proposalId").GetString());

        // The overview step writes pages for the top 3 only: the last proposal has none yet.
        var otherId = ids[^1];
        var before = await Server.GetJsonAsync($"/api/runs/{fixture.WorkRunId}/proposals/{otherId}", Ct);
        Assert.False(before.GetProperty("specificAimsAvailable").GetBoolean());
        var usageBefore = (await Server.GetJsonAsync($"/api/runs/{fixture.WorkRunId}", Ct)).GetProperty("usage");

        var generated = await Server.GetJsonAsync($"/api/runs/{fixture.WorkRunId}/proposals/{otherId}/aims", Ct);

        Assert.True(generated.GetProperty("generated").GetBoolean());
        var page = generated.GetProperty("page");
        Assert.Equal(otherId, page.GetProperty("proposalId").GetString());
        Assert.False(string.IsNullOrWhiteSpace(page.GetProperty("title").GetString()));
        Assert.InRange(page.GetProperty("aims").GetArrayLength(), 1, 4);
        Assert.True(page.GetProperty("simulated").GetBoolean());
        Assert.StartsWith("## Specific Aims: ", generated.GetProperty("markdown").GetString(), StringComparison.Ordinal);

        var again = await Server.GetJsonAsync($"/api/runs/{fixture.WorkRunId}/proposals/{otherId}/aims", Ct);
        Assert.False(again.GetProperty("generated").GetBoolean());
        Assert.Equal(page.ToString(), again.GetProperty("page").ToString());
        Assert.True((await Server.GetJsonAsync($"/api/runs/{fixture.WorkRunId}/proposals/{otherId}", Ct)).GetProperty("specificAimsAvailable").GetBoolean());

        // Its model calls count with the run's.
        var usageAfter = (await Server.GetJsonAsync($"/api/runs/{fixture.WorkRunId}", Ct)).GetProperty("usage");
        Assert.True(usageAfter.GetProperty("calls").GetInt32() > usageBefore.GetProperty("calls").GetInt32());
        Assert.True(usageAfter.GetProperty("costUsd").GetDecimal() > usageBefore.GetProperty("costUsd").GetDecimal());
        Assert.Contains(Server.Logs.Lines, l => l.Message.Contains($"Specific Aims for {otherId} written on demand", StringComparison.Ordinal));
    }
}
