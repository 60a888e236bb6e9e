using System.Text.Json;
using CoScientist.Core.Agents;
using CoScientist.Core.Agents.Ranking;
using CoScientist.Core.Llm;
using CoScientist.Llm;
using CoScientist.Core.Proposals;
using Microsoft.Extensions.AI;

namespace CoScientist.Simulation.Tests;

/// <summary>The simulated judge's configurable position bias (SimulationOptions.PositionBias).</summary>
public sealed class SimulatedChatClientVerdictTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Proposal Proposal(string id, double quality) => new()
    {
        Id = id,
        RunId = "run-1",
        TaskId = "t",
        Round = 1,
        Title = $"Idea {id}",
        Statement = $"Statement {id}.",
        Reasoning = new QualitySeal(null).Mark(quality, $"Idea {id}"),
        Origin = ProposalOrigin.Generated,
    };

    /// <summary>The weak proposal shown as A, the strong one as B, in a single-turn comparison; the variant varies the prompt.</summary>
    private static string Prompt(int variant) =>
        $"<match format=\"single-turn\">\nCompare, case {variant}.\n</match>\n\n"
        + PromptSections.Proposal(Proposal("P-weak", 0.1), "A") + "\n\n" + PromptSections.Proposal(Proposal("P-strong", 0.9), "B");

    private static async Task<int> TimesFirstShownWinsAsync(double bias, int cases)
    {
        using var client = new SimulatedChatClient(new SimulationOptions { Seed = 5, PositionBias = bias });
        var options = new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema<MatchVerdictAnswer>(JsonDefaults.Options, nameof(MatchVerdictAnswer)) };
        var wins = 0;
        for (var i = 0; i < cases; i++)
        {
            var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, Prompt(i))], options, Ct);
            wins += JsonSerializer.Deserialize<MatchVerdictAnswer>(response.Text, JsonDefaults.Options)!.Winner == "A" ? 1 : 0;
        }

        return wins;
    }

    [Fact]
    public async Task Verdict_NoBias_TheStrongProposalWinsWhereverShown() =>
        Assert.True(await TimesFirstShownWinsAsync(0, 40) <= 2);

    [Fact]
    public async Task Verdict_FullBias_TheFirstShownAlwaysWins() =>
        Assert.Equal(40, await TimesFirstShownWinsAsync(1, 40));

    [Fact]
    public async Task Verdict_PartialBias_FirstShownWinsAboutThatOften() =>
        Assert.InRange(await TimesFirstShownWinsAsync(0.3, 200), 40, 80);
}
