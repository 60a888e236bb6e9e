using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CoScientist.Core.Agents.Ranking;
using CoScientist.Benchmarks.Rediscovery;
using CoScientist.Cli.Hosting;
using CoScientist.Core.Llm;
using CoScientist.Llm;
using CoScientist.Simulation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace CoScientist.Cli.Commands;

/// <summary>
/// <c>cosci eval rediscovery</c>: calibrates the configured judge on the MOOSE-Chem expert
/// evaluation data (does the product's Ranking agent put the published hypothesis first, and
/// does its order agree with the experts').
/// </summary>
internal static class EvalCommand
{
    /// <summary>Where <c>--download</c> fetches the expert evaluation files from (the paper's public repository).</summary>
    public const string DefaultBaseUrl = "https://raw.githubusercontent.com/ZonglinY/MOOSE-Chem/main/Expert_Evaluation/";

    /// <summary>Where the research backgrounds workbook sits relative to the base URL: the repository's <c>Data/</c> folder next to <c>Expert_Evaluation/</c>.</summary>
    public const string BackgroundsPath = "../Data/" + RediscoveryBackgroundReader.FileName;

    /// <summary>The published expert evaluation files.</summary>
    public static readonly IReadOnlyList<string> PublishedFiles =
    [
        "expert_eval_for_selected_hyp_in_exp_8_Wanhao.json",
        "expert_eval_for_selected_hyp_in_exp_8_Ben.json",
        "expert_eval_for_selected_hyp_in_exp_5_Penghui.json",
    ];

    public static Command Create(CliEnvironment environment)
    {
        var eval = new Command("eval", "Calibration of the configured model against expert judgements.");
        eval.Add(Rediscovery(environment));
        return eval;
    }

    private static Command Rediscovery(CliEnvironment environment)
    {
        var data = new Option<DirectoryInfo?>("--data") { Description = "Folder with the MOOSE-Chem expert evaluation files (expert_eval_for_selected_hyp_in_exp_*.json) and, optionally, chem_research_2024.xlsx, whose background questions become the goals the judge ranks against (without it: a generic goal)." };
        var download = new Option<bool>("--download") { Description = "Allow network access: download the published files (and chem_research_2024.xlsx) into --data (default ./moose-chem) first." };
        var baseUrl = new Option<string>("--base-url") { Description = "Where --download fetches the expert evaluation files from; the workbook comes from ../Data/ beside it.", DefaultValueFactory = _ => DefaultBaseUrl };
        var maxQuestions = new Option<int?>("--max-questions") { Description = "Evaluate only the first N questions." };
        var estimate = new Option<bool>("--estimate") { Description = "Only preview the calls, tokens and cost (measured with the simulated model, priced for the configured one)." };
        var command = new Command("rediscovery", "Does the Ranking agent, judging against each question's research background, rank the published hypothesis first among it and 4 generated ones, and agree with the experts' scores?")
        {
            data, download, baseUrl, maxQuestions, estimate, RunSettings.Model, RunSettings.Seed, RunSettings.Json,
        };
        command.SetAction((parse, ct) => ExecuteAsync(environment, parse, data, download, baseUrl, maxQuestions, estimate, ct));
        return command;
    }

    private static async Task<int> ExecuteAsync(
        CliEnvironment environment,
        ParseResult parse,
        Option<DirectoryInfo?> dataOption,
        Option<bool> downloadOption,
        Option<string> baseUrlOption,
        Option<int?> maxQuestionsOption,
        Option<bool> estimateOption,
        CancellationToken cancellationToken)
    {
        var json = parse.GetValue(RunSettings.Json);
        var seed = parse.GetValue(RunSettings.Seed);
        var max = parse.GetValue(maxQuestionsOption);
        if (max is < 1)
        {
            throw new UsageException($"--max-questions must be at least 1 (got {max}).");
        }

        var provider = RunSettings.ParseProvider(parse.GetValue(RunSettings.Model));
        var folder = parse.GetValue(dataOption)?.FullName;
        if (parse.GetValue(downloadOption))
        {
            folder ??= Path.GetFullPath("moose-chem");
            await DownloadAsync(parse.GetValue(baseUrlOption)!, folder, environment, cancellationToken);
        }
        else if (folder is null)
        {
            throw new UsageException("give --data FOLDER with the MOOSE-Chem expert evaluation files, or --download to fetch them (network access).");
        }

        RediscoveryData loaded;
        try
        {
            loaded = RediscoveryDataReader.Load(folder);
        }
        catch (RediscoveryDataException ex)
        {
            throw new UsageException(ex.Message);
        }

        if (max is { } n)
        {
            loaded = loaded with { Questions = [.. loaded.Questions.Take(n)] };
        }

        var configuration = environment.BuildConfiguration();
        var (llm, _) = EngineHost.ReadLlmOptions(configuration, provider);
        using var models = AgentModelProvider.Create(llm, new SimulationOptions { Seed = seed });

        // The preview: the same tournaments on the simulated model, priced at the configured model's price.
        if (parse.GetValue(estimateOption) || !models.IsSimulated)
        {
            using var rehearsal = AgentModelProvider.Create(new LlmOptions { Provider = LlmProvider.Simulated }, new SimulationOptions { Seed = seed });
            var dry = await RediscoveryEvaluation.RunAsync(loaded, Agent(rehearsal), rehearsal.Description, true, seed, cancellationToken: cancellationToken);
            var price = models.GetModel(ModelSlot.RankingSingleTurn);
            var cost = price.Price.Cost(dry.InputTokens, dry.OutputTokens);
            var preview = string.Create(
                CultureInfo.InvariantCulture,
                $"estimate: {loaded.Questions.Count} questions, {dry.Calls} calls to {price.ModelId}, about {dry.InputTokens + dry.OutputTokens:N0} tokens, about ${cost:0.0000} (measured with the simulated model; real answers differ in length).");
            if (parse.GetValue(estimateOption))
            {
                await (json ? environment.Out.WriteLineAsync(JsonSerializer.Serialize(new { questions = loaded.Questions.Count, calls = dry.Calls, dry.InputTokens, dry.OutputTokens, costUsd = Math.Round(cost, 6), model = price.ModelId }, JsonDefaults.Indented)) : environment.Out.WriteLineAsync(preview));
                return ExitCodes.Success;
            }

            await environment.Error.WriteLineAsync(preview);
        }

        var report = await RediscoveryEvaluation.RunAsync(loaded, Agent(models), models.Description, models.IsSimulated, seed, cancellationToken: cancellationToken);
        if (json)
        {
            await environment.Out.WriteLineAsync(JsonSerializer.Serialize(report, JsonDefaults.Indented));
            return ExitCodes.Success;
        }

        var text = environment.Out;
        await text.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Rediscovery calibration of {report.Model} on {report.Questions} MOOSE-Chem questions ({report.Experiment}):"));
        await text.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  judged against their own research question: {report.QuestionsWithOwnGoal} of {report.Questions}"));
        await text.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  published hypothesis ranked first: {report.PublishedFirstRate:P1} (chance {report.ChanceFirstRate:P0})"));
        await text.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  mean reciprocal rank of the published hypothesis: {report.MeanReciprocalRank:0.000} (chance {report.ChanceMeanReciprocalRank:0.000})"));
        await text.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  Spearman of final Elo with expert scores: {(report.MeanSpearmanEloVsExperts is { } s ? s.ToString("0.000", CultureInfo.InvariantCulture) : "–")} (mean over {report.QuestionsWithSpearman} questions; chance 0)"));
        await text.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  order-swap consistency of the judge: {report.OrderConsistency:P1}"));
        await text.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {report.Calls} calls, {report.InputTokens + report.OutputTokens:N0} tokens, ${report.CostUsd:0.0000}"));
        if (report.GoalNote is { } goalNote)
        {
            await text.WriteLineAsync(goalNote);
        }

        if (report.Caveat is { } caveat)
        {
            await text.WriteLineAsync(caveat);
        }

        return ExitCodes.Success;
    }

    private static RankingAgent Agent(IAgentModelProvider models) =>
        new(new StructuredChat(models, Options.Create(new StructuredChatOptions()), NullLogger<StructuredChat>.Instance));

    /// <summary>Fetches the published files into <paramref name="folder"/>, showing a progress bar per file on a terminal.</summary>
    internal static async Task DownloadAsync(string baseUrl, string folder, CliEnvironment environment, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/", UriKind.Absolute, out var root) || root.Scheme is not ("https" or "http"))
        {
            throw new UsageException($"--base-url must be an absolute http(s) URL (got '{baseUrl}').");
        }

        Directory.CreateDirectory(folder);
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(environment.Error),
            Ansi = environment.IsInteractive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = environment.IsInteractive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = environment.IsInteractive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        await console.Progress().AutoClear(false).StartAsync(async progress =>
        {
            foreach (var (file, source) in PublishedFiles.Select(f => (f, new Uri(root, f))).Append((RediscoveryBackgroundReader.FileName, new Uri(root, BackgroundsPath))))
            {
                var task = progress.AddTask(Markup.Escape(file));
                var target = Path.Combine(folder, file);
                var partial = target + ".part";
                try
                {
                    using var response = await http.GetAsync(source, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                    if (!response.IsSuccessStatusCode)
                    {
                        throw new UsageException($"could not download {file} from {source}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}.");
                    }

                    task.MaxValue = response.Content.Headers.ContentLength ?? 1;
                    await using (var body = await response.Content.ReadAsStreamAsync(cancellationToken))
                    await using (var sink = File.Create(partial))
                    {
                        var buffer = new byte[81920];
                        int read;
                        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
                        {
                            await sink.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                            task.Increment(read);
                        }
                    }

                    // Only a complete file replaces what is there: a failed download loses nothing.
                    File.Move(partial, target, overwrite: true);
                    task.Value = task.MaxValue;
                }
                catch (HttpRequestException ex)
                {
                    throw new UsageException($"could not download {file} from {source}: {ex.Message}");
                }
                finally
                {
                    if (File.Exists(partial))
                    {
                        File.Delete(partial);
                    }
                }
            }
        });
    }
}
