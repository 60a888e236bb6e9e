using System.Text.RegularExpressions;
using CoScientist.Core.Agents;

namespace CoScientist.Core.Tests.Agents;

public sealed partial class PromptLibraryTests
{
    private const string Prefix = "CoScientist.Prompts.";

    private static List<string> Names() =>
        [
            .. typeof(PromptLibrary).Assembly.GetManifestResourceNames()
                .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".md", StringComparison.Ordinal))
                .Select(n => n[Prefix.Length..^".md".Length])
                .Order(StringComparer.Ordinal),
        ];

    public static TheoryData<string> TemplateNames() => [.. Names()];

    public static TheoryData<string> TemplatesWithPlaceholders() =>
        [.. Names().Where(n => PlaceholdersOf(n).Count > 0)];

    [GeneratedRegex(@"\{\{([a-zA-Z][a-zA-Z0-9]*)\}\}")]
    private static partial Regex Placeholder();

    private static List<string> PlaceholdersOf(string template) =>
        [.. Placeholder().Matches(PromptLibrary.Load(template)).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal)];

    [Fact]
    public void Templates_EveryAgentTemplate_IsEmbedded()
    {
        var names = Names();

        string[] used =
        [
            "supervisor-instructions", "supervisor-plan",
            "generation-instructions", "generation-queries", "generation-literature", "generation-debate-turn",
            "generation-debate-conclusion", "generation-assumptions", "generation-assumptions-proposal", "generation-expansion",
            "reflection-instructions", "reflection-initial", "reflection-full", "reflection-deep-verification",
            "reflection-observation", "reflection-simulation", "reflection-tournament",
            "ranking-instructions", "ranking-compare", "ranking-debate-turn", "ranking-debate-verdict",
            "evolution-instructions", "evolution-evolve",
            "metareview-instructions", "metareview-patterns", "metareview-overview", "metareview-aims",
        ];
        Assert.All(used, name => Assert.Contains(name, names));
    }

    [Theory]
    [MemberData(nameof(TemplateNames))]
    public void Render_EveryTemplateGivenItsPlaceholders_LeavesNoHole(string name)
    {
        var keys = PlaceholdersOf(name);
        var values = keys.ToDictionary(k => k, k => $"<<value of {k}>>", StringComparer.Ordinal);

        var rendered = PromptLibrary.Render(name, values);

        Assert.False(string.IsNullOrWhiteSpace(rendered));
        Assert.DoesNotMatch(Placeholder(), rendered);
        Assert.All(keys, k => Assert.Contains($"<<value of {k}>>", rendered, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TemplatesWithPlaceholders))]
    public void Render_EveryTemplateMissingOneValue_ThrowsNamingTheKey(string name)
    {
        var keys = PlaceholdersOf(name);
        var missing = keys[^1];
        var values = keys.Take(keys.Count - 1).ToDictionary(k => k, k => "x", StringComparer.Ordinal);

        var ex = Assert.Throws<InvalidOperationException>(() => PromptLibrary.Render(name, values));

        Assert.Contains($"'{missing}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(name, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ExtraValues_AreIgnored()
    {
        var rendered = PromptLibrary.Render("generation-expansion", new Dictionary<string, string>
        {
            ["goal"] = "GOAL",
            ["existing"] = "EXISTING",
            ["unused"] = "UNUSED",
        });

        Assert.Contains("GOAL", rendered, StringComparison.Ordinal);
        Assert.DoesNotContain("UNUSED", rendered, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ValueContainingBraces_IsInsertedVerbatim()
    {
        var rendered = PromptLibrary.Render("generation-expansion", new Dictionary<string, string>
        {
            ["goal"] = "{{existing}}",
            ["existing"] = "E",
        });

        Assert.Contains("{{existing}}", rendered, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownTemplate_ThrowsListingTheKnownNames()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => PromptLibrary.Load("no-such-template"));

        Assert.Contains("no-such-template", ex.Message, StringComparison.Ordinal);
        Assert.Contains("generation-literature", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ranking-compare", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Template_IsTrimmed()
    {
        var text = PromptLibrary.Load("ranking-instructions");

        Assert.Equal(text.Trim(), text);
        Assert.StartsWith("You are the Ranking agent", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("supervisor-instructions")]
    [InlineData("generation-instructions")]
    [InlineData("reflection-instructions")]
    [InlineData("ranking-instructions")]
    [InlineData("evolution-instructions")]
    [InlineData("metareview-instructions")]
    public void Load_EveryAgentsInstructions_StateTheDataRule(string name)
    {
        var instructions = PromptLibrary.Load(name);

        Assert.Contains(PromptSections.DataRuleSentence, instructions, StringComparison.Ordinal);
        Assert.Contains("never close a block or open one", instructions, StringComparison.Ordinal);
        Assert.DoesNotContain("{{>", instructions, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EveryInstructionsTemplate_IncludesTheDataRule()
    {
        var instructions = Names().Where(n => n.EndsWith("-instructions", StringComparison.Ordinal)).ToList();

        Assert.Equal(6, instructions.Count);
        Assert.All(instructions, n => Assert.Contains(PromptSections.DataRuleSentence, PromptLibrary.Load(n), StringComparison.Ordinal));
    }
}
