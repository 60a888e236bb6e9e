using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CoScientist.Cli.Hosting;
using CoScientist.Hosting;
using CoScientist.Hosting.Local;
using CoScientist.Core.Literature;
using CoScientist.Literature;
using CoScientist.Core.Llm;
using CoScientist.Llm;
using CoScientist.Core.Pipeline;
using CoScientist.Core.Runs;
using CoScientist.Core.Storage;

namespace CoScientist.Cli.Commands;

/// <summary>
/// <c>cosci scan</c>: the scheduled literature scan, run once by hand (the Azure timer function
/// calls the same <see cref="LiteratureScan"/>). Runs with new papers are re-opened for a scan
/// round, which workers carry out, or this process with <c>--work</c>.
/// </summary>
internal static class ScanCommand
{
    private static readonly Option<bool> Work = new("--work") { Description = "Also carry out the scan rounds of the re-opened runs in this process, until they end (else `cosci worker` processes do)." };
    private static readonly Option<int?> Concurrency = new("--concurrency") { Description = "With --work: agent steps run at once (default 8)." };

    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("scan", "Look for papers newer than each scanned run's last scan; re-open the runs they bear on for a round of re-reviews and new proposals.")
        {
            EngineSettings.Storage, RunSettings.Json, Work, RunSettings.Model, Concurrency,
        };
        command.SetAction((parse, ct) => ExecuteAsync(parse, environment, ct));
        return command;
    }

    private static async Task<int> ExecuteAsync(ParseResult parse, CliEnvironment environment, CancellationToken cancellationToken)
    {
        var settings = new EngineSettings
        {
            Provider = RunSettings.ParseProvider(parse.GetValue(RunSettings.Model)),
            StorageConnection = EngineSettings.ReadStorage(parse),
            Concurrency = EngineSettings.ReadConcurrency(parse, Concurrency),
        };

        // Checked before storage is touched: without real sources a scan can find nothing.
        if (!RunLiteratureServiceCollectionExtensions.IsEnabled(environment.BuildConfiguration()))
        {
            throw new UsageException($"scan needs real literature sources: set {RunLiteratureServiceCollectionExtensions.EnabledKey.Replace(":", "__", StringComparison.Ordinal)}=true (and Literature__<source>__Enabled=false for sources to leave out).");
        }

        await using var engine = await EngineHost.OpenStorageAsync(environment, settings, "scan", cancellationToken, parse.GetValue(Work) ? CoScientistHost.Runner with { RequireSharedStorage = true } : CoScientistHost.StorageCommand);
        var report = await engine.Get<LiteratureScan>().RunAsync(cancellationToken);
        if (parse.GetValue(RunSettings.Json))
        {
            await environment.Out.WriteLineAsync(JsonSerializer.Serialize(report, JsonDefaults.Indented));
        }
        else
        {
            await WriteAsync(report, environment.Out);
        }

        var reopened = report.Runs.Where(r => r.Reopened).Select(r => r.RunId).ToList();
        if (reopened.Count > 0 && parse.GetValue(Work))
        {
            await environment.Error.WriteLineAsync($"working the scan rounds of {reopened.Count} run(s) with model {engine.Models.Description}...");
            var store = engine.Get<RunStore>();
            await engine.Get<LocalPipelineHost>().RunAsync(
                async ct =>
                {
                    foreach (var id in reopened)
                    {
                        if ((await store.GetRunAsync(id, ct))?.Value.Status.IsTerminal() == false)
                        {
                            return false;
                        }
                    }

                    return true;
                },
                cancellationToken);
            await environment.Error.WriteLineAsync($"scan rounds done; `cosci export RUN-ID --out DIR` writes the new overviews.");
        }
        else if (reopened.Count > 0)
        {
            await environment.Error.WriteLineAsync($"{reopened.Count} run(s) re-opened for a scan round: `cosci worker` processes on this storage carry it out (or run `cosci scan --work`).");
        }

        return report.Failed > 0 ? ExitCodes.RunFailed : ExitCodes.Success;
    }

    private static async Task WriteAsync(LiteratureScanReport report, TextWriter output)
    {
        if (report.Runs.Count == 0)
        {
            await output.WriteLineAsync("No ended run has scanning on (start runs with --scan).");
            return;
        }

        foreach (var run in report.Runs)
        {
            var since = run.Since.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (run.Error is not null)
            {
                await output.WriteLineAsync($"{run.RunId}: failed, will be tried again: {run.Error}");
            }
            else if (run.NewArticles.Count == 0)
            {
                await output.WriteLineAsync($"{run.RunId}: nothing new since {since} ({run.Queries.Count} queries, {run.Found} articles found, all known or older)");
            }
            else
            {
                var what = new List<string>();
                if (run.ReviewedProposalIds.Count > 0)
                {
                    what.Add($"re-review {string.Join(", ", run.ReviewedProposalIds)}");
                }

                if (run.NewProposals > 0)
                {
                    what.Add($"{run.NewProposals} new proposals");
                }

                await output.WriteLineAsync($"{run.RunId}: {run.NewArticles.Count} new articles since {since}{(run.Reopened ? "; re-opened" : "; recorded")}{(what.Count > 0 ? ": " + string.Join("; ", what) : "")}");
                foreach (var article in run.NewArticles)
                {
                    await output.WriteLineAsync($"  {article.Id}  {article.Title}");
                }
            }
        }

        await output.WriteLineAsync($"scanned {report.Runs.Count} run(s) with {string.Join(", ", report.Sources)}: {report.NewArticles} new articles, {report.Reopened} run(s) re-opened, {report.Failed} failed.");
    }
}
