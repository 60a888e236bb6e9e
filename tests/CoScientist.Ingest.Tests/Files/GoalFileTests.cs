using CoScientist.Core.Runs;
using System.Text;
using CoScientist.Ingest.Files;

namespace CoScientist.Ingest.Tests.Files;

public sealed class GoalFileTests
{
    private static readonly ServerModel Server = ServerModel.SimulatedModel();

    [Fact]
    public void FromMarkdown_FrontMatterScalars_TypedAsYamlTypesThem()
    {
        var request = GoalFile.FromMarkdown("""
            ---
            goal: "Slow fibrosis: find repurposable drugs"
            maxProposals: 12
            maxMatches: +40
            budgetUsd: 0.75
            maxMinutes: 90
            seed: -3
            model: simulated
            preferences: [oral, 'cheap']
            ---
            """, Server);

        Assert.Equal("Slow fibrosis: find repurposable drugs", request.Goal.Text);
        Assert.Equal(12, request.Budget.MaxProposals);
        Assert.Equal(40, request.Budget.MaxMatches);
        Assert.Equal(0.75m, request.Budget.MaxCostUsd);
        Assert.Equal(TimeSpan.FromMinutes(90), request.Budget.MaxWallTime);
        Assert.Equal(-3, request.Seed);
        Assert.Equal(["oral", "cheap"], request.Goal.Preferences);
        Assert.Null(request.Goal.AttachedContext);
    }

    [Theory]
    [InlineData("---\ngoal: Slow fibrosis\nliterature: false\n---\n", false)]
    [InlineData("---\ngoal: Slow fibrosis\nliterature: true\n---\n", true)]
    [InlineData("---\ngoal: Slow fibrosis\n---\n", true)]
    public void FromMarkdown_LiteratureInTheFrontMatter_GoesIntoTheRequest(string text, bool literature) =>
        Assert.Equal(literature, GoalFile.FromMarkdown(text, Server).Literature);

    [Fact]
    public void FromJson_LiteratureFalse_GoesIntoTheRequest() =>
        Assert.False(GoalFile.FromJson(Encoding.UTF8.GetBytes("""{"goal": "Slow fibrosis", "literature": false}"""), Server).Literature);

    [Fact]
    public void FromMarkdown_NoFrontMatter_TheWholeTextIsTheGoal()
    {
        var request = GoalFile.FromMarkdown("\uFEFFFind drugs that slow liver fibrosis.\r\n", Server);

        Assert.Equal("Find drugs that slow liver fibrosis.", request.Goal.Text);
        Assert.Equal(24, request.Budget.MaxProposals);
    }

    [Theory]
    [InlineData("---\ngoal: x\nmaxProposals: twelve\n---\n", "maxProposals: must be an integer")]
    [InlineData("---\ngoal: x\nmaxProposals: \"12\"\n---\n", "maxProposals: must be an integer")]
    [InlineData("---\ngoal: x\nmaxProposals: 012\n---\n", "maxProposals: must be an integer")]
    [InlineData("---\ngoal: x\nconstraints:\n  nested: map\n---\n", "is a mapping")]
    [InlineData("---\ngoal: x\nconstraints: [[a]]\n---\n", "must be an array of strings")]
    [InlineData("---\ngoal: x\ngoal: y\n---\n", "not valid YAML")]
    [InlineData("---\n- goal\n---\n", "must be a mapping")]
    [InlineData("---\ngoal: !!binary aGVsbG8=\n---\n", "YAML tag")]
    [InlineData("---\ngoal: [unclosed\n---\n", "not valid YAML at line")]
    [InlineData("---\ngoal: x\nmodel: openai\n---\n", "model: this server runs every run on the 'simulated' provider")]
    [InlineData("---\ngoal: x\nMaxProposals: 3\n---\n", "Unknown field(s): MaxProposals")]
    [InlineData("---\ngoal: x\nliterature: \"no\"\n---\n", "literature: must be true or false (got a string)")]
    [InlineData("---\ngoal: x\nliterature: 0\n---\n", "literature: must be true or false (got a number 0)")]
    public void FromMarkdown_BadFrontMatter_RefusedNamingTheProblem(string text, string expected)
    {
        var ex = Assert.Throws<UploadRejectedException>(() => GoalFile.FromMarkdown(text, Server));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_ValidBody_TheRequest()
    {
        var request = GoalFile.FromJson(Encoding.UTF8.GetBytes("""{"goal": "Slow fibrosis", "constraints": ["no animals"]}"""), Server);

        Assert.Equal(["no animals"], request.Goal.Constraints);
    }

    [Fact]
    public void FromMarkdown_BodyLongerThanTheContextLimit_Refused()
    {
        var text = "---\ngoal: Slow fibrosis\n---\n" + new string('a', 200_001);

        var ex = Assert.Throws<UploadRejectedException>(() => GoalFile.FromMarkdown(text, Server));

        Assert.Contains("the limit is 200000", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x61, 0x00, 0x62 }, "binary")]
    [InlineData(new byte[] { 0x61, 0xC3, 0x28 }, "not UTF-8 text")]
    [InlineData(new byte[] { 0x61, 0x07, 0x62 }, "control character")]
    public void DecodeText_NotText_Refused(byte[] bytes, string expected)
    {
        var ex = Assert.Throws<UploadRejectedException>(() => UploadFile.DecodeText(bytes, "data file"));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeText_Utf8WithBom_TheText()
    {
        Assert.Equal("µg/mL,\tok\r\n", UploadFile.DecodeText([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("µg/mL,\tok\r\n")], "data file"));
    }

    [Fact]
    public void FromMarkdown_MatchesOverTheServerMaximum_IsRejectedNamingTheLimit()
    {
        var ex = Assert.Throws<UploadRejectedException>(() => GoalFile.FromMarkdown("---\ngoal: Find drugs against fibrosis.\nmaxMatches: 100000\n---\n", Server));

        Assert.Contains("maxMatches: must be between 1 and 5000 (got 100000). That is more than this server's maximum, set by RunLimits:MaxMatches.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_NoBudget_GetsTheServerDefaults()
    {
        var rules = new RunRequestRules(Microsoft.Extensions.Options.Options.Create(new RunLimitsOptions { DefaultBudgetUsd = 2m, DefaultMaxTokens = 1_000_000 }));

        var request = GoalFile.FromJson("""{"goal": "Find drugs against fibrosis.", "maxProposals": 8}"""u8.ToArray(), Server, rules);

        Assert.Equal(2m, request.Budget.MaxCostUsd);
        Assert.Equal(1_000_000, request.Budget.MaxTokens);
        Assert.Equal(TimeSpan.FromMinutes(new RunLimitsOptions().DefaultMaxMinutes), request.Budget.MaxWallTime);
        Assert.Equal(40, request.Budget.MaxMatches);
    }

    [Fact]
    public void FromJson_BudgetOverAConfiguredMaximum_IsRejectedNamingTheLimit()
    {
        var rules = new RunRequestRules(Microsoft.Extensions.Options.Options.Create(new RunLimitsOptions { MaxBudgetUsd = 20m, DefaultBudgetUsd = 5m }));

        var ex = Assert.Throws<UploadRejectedException>(() => GoalFile.FromJson("""{"goal": "g", "budgetUsd": 50}"""u8.ToArray(), Server, rules));

        Assert.Contains("budgetUsd: must be more than 0 and at most 20 (got 50). That is more than this server's maximum, set by RunLimits:MaxBudgetUsd.", ex.Message, StringComparison.Ordinal);
    }
}
