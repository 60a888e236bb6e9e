using System.Text.Json;
using CoScientist.Core.Agents;
using CoScientist.Core.Agents.Generation;
using CoScientist.Core.Agents.Reflection;
using CoScientist.Core.Literature;
using CoScientist.Core.Llm;
using Microsoft.Extensions.AI;

namespace CoScientist.Simulation.Tests;

/// <summary>The simulated model on literature-grounded prompts: it reads the articles shown, cites them by id, and now and then invents one.</summary>
public sealed class SimulatedLiteratureAnswersTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Article[] Shown =
    [
        new("pmid:11748933", "Is cryopreservation a homogeneous process?", "Sperm ultrastructure.", ["A R Taddei"], 2001, null, "pubmed"),
        new("arxiv:astro-ph/0601001", "Frequency of Hot Jupiters", "Transit surveys.", ["Andrew Gould"], 2006, null, "arxiv"),
    ];

    private static string Prompt(string strategy, int variant, bool articles = true) =>
        $"<strategy name=\"{strategy}\">\nPropose.\n</strategy>\n\n<goal>\nFind drugs against pancreatic cancer, variant {variant}\n</goal>\n\n<articles>\n"
        + (articles ? PromptSections.Articles(Shown) : "(none)") + "\n</articles>";

    private static async Task<T> AskAsync<T>(string prompt, int seed = 3)
    {
        using var client = new SimulatedChatClient(new SimulationOptions { Seed = seed });
        var options = new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema<T>(JsonDefaults.Options, typeof(T).Name), Seed = 11 };
        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.System, "You are an agent."), new ChatMessage(ChatRole.User, prompt)], options, Ct);
        return JsonSerializer.Deserialize<T>(response.Text, JsonDefaults.Options)!;
    }

    [Fact]
    public async Task Summary_OneFindingPerArticleShown_ByItsId_AndTheSameEveryTime()
    {
        var summary = await AskAsync<LiteratureSummaryAnswer>(Prompt("literature", 1));

        Assert.Empty(summary.Validate());
        Assert.Equal(Shown.Select(a => a.Id), summary.Findings.Select(f => f.ArticleId));
        Assert.Contains("Frequency of Hot Jupiters", summary.Findings[1].Finding, StringComparison.Ordinal);
        Assert.NotEmpty(summary.Gaps);
        Assert.Equal(JsonSerializer.Serialize(summary), JsonSerializer.Serialize(await AskAsync<LiteratureSummaryAnswer>(Prompt("literature", 1))));
    }

    [Fact]
    public async Task Proposal_CitesTheArticlesShown_AndSometimesOneItWasNeverShown()
    {
        var drafts = new List<ProposalDraft>();
        for (var i = 0; i < 30; i++)
        {
            drafts.Add(await AskAsync<ProposalDraft>(Prompt("literature", i)));
        }

        Assert.All(drafts, d => Assert.Equal(Shown.Select(a => a.Id), d.CitedArticleIds.Take(2)));
        Assert.All(drafts, d => Assert.Contains("PMID 11748933", d.Background, StringComparison.Ordinal));
        var inventing = drafts.Where(d => d.CitedArticleIds.Count > 2).ToList();
        Assert.InRange(inventing.Count, 3, 18);
        Assert.All(inventing, d =>
        {
            var invented = d.CitedArticleIds[2];
            Assert.Matches("^pmid:39\\d{6}$", invented);
            Assert.Contains("PMID " + invented[5..], d.Background, StringComparison.Ordinal);
            Assert.Null(new CitationChecker(Shown).Resolve(invented));
        });
    }

    [Fact]
    public async Task Proposal_WithoutArticles_CitesNothing()
    {
        var draft = await AskAsync<ProposalDraft>(Prompt("debate", 1, articles: false));

        Assert.Empty(draft.CitedArticleIds);
        Assert.DoesNotContain("PMID", draft.Background, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FullReview_CitesTheFirstArticle_AndSometimesAnInventedPreprintAndAuthorYear()
    {
        var reviews = new List<ReviewAnswer>();
        for (var i = 0; i < 30; i++)
        {
            var prompt = $"<review-kind name=\"full\">\nReview.\n</review-kind>\n\n<goal>\nGoal {i}\n</goal>\n\n<proposal id=\"P-1\">\n# T\n</proposal>\n\n<articles>\n{PromptSections.Articles(Shown)}\n</articles>";
            reviews.Add(await AskAsync<ReviewAnswer>(prompt));
        }

        Assert.All(reviews, r => Assert.Equal("pmid:11748933", r.CitedArticleIds[0]));
        var inventing = reviews.Where(r => r.CitedArticleIds.Count > 1).ToList();
        Assert.InRange(inventing.Count, 2, 16);
        Assert.All(inventing, r =>
        {
            Assert.Matches("^arxiv:2101\\.\\d{5}$", r.CitedArticleIds[1]);
            Assert.Contains("(Nakamura et al., 2019)", r.Summary, StringComparison.Ordinal);
        });
    }
}
