using System.CommandLine;
using System.Globalization;
using CoScientist.Core.Llm;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using CoScientist.Llm;
using CoScientist.Core.Runs;

namespace CoScientist.Cli.Commands;

/// <summary>The options <c>run</c> and <c>estimate</c> share, and their checks, each naming the flag at fault.</summary>
internal sealed class RunSettings
{
    public static readonly Option<string?> Goal = new("--goal") { Description = "The research goal, in plain language." };
    public static readonly Option<FileInfo?> GoalFile = new("--goal-file") { Description = "A file holding the research goal (text or Markdown)." };
    public static readonly Option<string[]> Preferences = new("--preference") { Description = "A preference (repeatable).", Arity = ArgumentArity.ZeroOrMore };
    public static readonly Option<string[]> Constraints = new("--constraint") { Description = "A constraint (repeatable).", Arity = ArgumentArity.ZeroOrMore };
    public static readonly Option<FileInfo?> ContextFile = new("--context-file") { Description = "A file whose text the agents use as literature (notes, data description)." };
    public static readonly Option<string?> Model = new("--model") { Description = "simulated, azure-openai or openai (default: Llm:Provider from settings, else simulated)." };
    public static readonly Option<int?> MaxProposals = new("--max-proposals") { Description = "Proposals the agents create (default RunLimits:DefaultMaxProposals, 24; at most RunLimits:MaxProposals)." };
    public static readonly Option<int?> MaxMatches = new("--max-matches") { Description = "Tournament matches at most (default: 5 per proposal)." };
    public static readonly Option<decimal?> BudgetUsd = new("--budget-usd") { Description = "Stop before spending more than this many US dollars (default RunLimits:DefaultBudgetUsd)." };
    public static readonly Option<long?> MaxTokens = new("--max-tokens") { Description = "Stop before using more tokens than this (default RunLimits:DefaultMaxTokens)." };
    public static readonly Option<double?> MaxMinutes = new("--max-minutes") { Description = "Stop after this many minutes (default RunLimits:DefaultMaxMinutes)." };
    public static readonly Option<int> Seed = new("--seed") { Description = "Seed: the same seed gives the same simulated run.", DefaultValueFactory = _ => 1 };
    public static readonly Option<int?> Concurrency = new("--concurrency") { Description = "Agent steps run at once (default 8)." };
    public static readonly Option<bool> Json = new("--json") { Description = "Print a JSON summary on standard output instead of the live display." };
    public static readonly Option<bool> NoLiterature = new("--no-literature") { Description = "Search no literature source for this run: the agents read only the attached context (--context-file). Without it, they search the sources the Literature settings turn on." };
    public static readonly Option<bool> Scan = new("--scan") { Description = "Let scheduled literature scans (cosci scan) look for newer papers once the run has ended; needs shared storage." };

    public static IEnumerable<Option> All =>
        [Goal, GoalFile, Preferences, Constraints, ContextFile, Model, MaxProposals, MaxMatches, BudgetUsd, MaxTokens, MaxMinutes, Seed, Concurrency, Json, Scan, NoLiterature];

    public required RunRequest Request { get; init; }

    /// <summary>How to compose the engine: --model and --concurrency here; storage and latency where the command offers them.</summary>
    public EngineSettings Engine => new() { Provider = Provider, Concurrency = ConcurrencyOverride };

    public LlmProvider? Provider { get; init; }

    public int? ConcurrencyOverride { get; init; }

    public bool AsJson { get; init; }

    public static RunSettings Read(ParseResult parse, CliEnvironment environment)
    {
        var goalText = parse.GetValue(Goal);
        var goalFile = parse.GetValue(GoalFile);
        if (goalText is not null && goalFile is not null)
        {
            throw new UsageException("give either --goal or --goal-file, not both.");
        }

        if (goalFile is not null)
        {
            goalText = ReadFile(goalFile, "goal file");
            if (string.IsNullOrWhiteSpace(goalText))
            {
                throw new UsageException($"the goal file '{goalFile.FullName}' is empty.");
            }
        }

        if (goalText is null)
        {
            throw new UsageException("a research goal is required: give --goal TEXT or --goal-file PATH.");
        }

        if (string.IsNullOrWhiteSpace(goalText))
        {
            throw new UsageException("the research goal is empty.");
        }

        var context = parse.GetValue(ContextFile) is { } contextFile ? ReadFile(contextFile, "context file") : null;
        var concurrency = parse.GetValue(Concurrency);
        if (concurrency is <= 0 or > 256)
        {
            throw new UsageException($"--concurrency must be between 1 and 256 (got {concurrency}).");
        }

        // The server's run-request rules (RunLimits), as the HTTP API and uploads apply them.
        var (request, problems) = Rules(environment).Check(new RunRequestInput(
            goalText,
            parse.GetValue(Preferences) ?? [],
            parse.GetValue(Constraints) ?? [],
            parse.GetValue(MaxProposals),
            parse.GetValue(MaxMatches),
            parse.GetValue(BudgetUsd),
            parse.GetValue(MaxTokens),
            parse.GetValue(MaxMinutes),
            parse.GetValue(Seed),
            context,
            parse.GetValue(Scan),
            !parse.GetValue(NoLiterature)));
        if (request is null)
        {
            throw new UsageException(string.Join(" ", problems.Select(p => $"{Flag(p.Field, goalFile is not null)} {p.Message}")));
        }

        return new RunSettings
        {
            Request = request,
            Provider = ParseProvider(parse.GetValue(Model)),
            ConcurrencyOverride = concurrency,
            AsJson = parse.GetValue(Json),
        };
    }

    /// <summary>The provider --model names, in the one vocabulary of provider names; null when not given.</summary>
    public static LlmProvider? ParseProvider(string? model) =>
        model is null ? null : LlmProviderNames.Parse(model) ?? throw new UsageException($"unknown model {ModelProviderNames.Unknown(model)}");

    /// <summary>The run-request rules with the <c>RunLimits</c> settings of this environment; a bad setting is a usage error naming its key.</summary>
    public static RunRequestRules Rules(CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var limits = new RunLimitsOptions();
        try
        {
            environment.BuildConfiguration().GetSection(RunLimitsOptions.SectionName).Bind(limits);
        }
        catch (InvalidOperationException ex)
        {
            throw new UsageException($"the {RunLimitsOptions.SectionName} settings cannot be read: {ex.Message}");
        }

        var problems = limits.Validate().ToList();
        return problems.Count > 0 ? throw new UsageException(string.Join(" ", problems)) : new RunRequestRules(Options.Create(limits));
    }

    private static string Flag(string field, bool fromFile) => field switch
    {
        "goal" => fromFile ? "the goal in the goal file" : "the research goal",
        "preferences" => "--preference",
        "constraints" => "--constraint",
        "maxProposals" => "--max-proposals",
        "maxMatches" => "--max-matches",
        "budgetUsd" => "--budget-usd",
        "maxTokens" => "--max-tokens",
        "maxMinutes" => "--max-minutes",
        "context" => "--context-file",
        "literature" => "with --no-literature, literature",
        _ => field,
    };

    private static string ReadFile(FileInfo file, string what)
    {
        try
        {
            return File.ReadAllText(file.FullName);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read the {what} '{file.FullName}': {ex.Message}");
        }
    }
}
