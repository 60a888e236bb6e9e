using System.CommandLine;
using CoScientist.Benchmarks.Pipeline;
using CoScientist.Benchmarks.Tournament;

namespace CoScientist.Cli.Commands;

/// <summary><c>cosci bench</c>: benchmarks that print figures, ratios against baselines measured in the same run.</summary>
internal static class BenchCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var bench = new Command("bench", "Benchmarks that print figures (ratios against baselines measured in the same run).");
        bench.Add(Tournament(environment));
        bench.Add(Pipeline(environment));
        return bench;
    }

    private static Command Pipeline(CliEnvironment environment)
    {
        var proposals = new Option<int>("--proposals") { Description = "Proposals per run.", DefaultValueFactory = _ => 8 };
        var latency = new Option<int>("--latency-ms") { Description = "Simulated model latency per call, in milliseconds.", DefaultValueFactory = _ => 300 };
        var concurrency = new Option<int[]>("--concurrency")
        {
            Description = "Concurrencies to measure, one run each (default 1 4 8).",
            AllowMultipleArgumentsPerToken = true,
        };
        var seed = new Option<int>("--seed") { Description = "Seed of the runs.", DefaultValueFactory = _ => 7 };
        var json = new Option<bool>("--json") { Description = "Print stepsPerSecond, overheadMsMedian, overheadMsP95 and parallelEfficiency (by concurrency) as JSON." };
        var command = new Command("pipeline", "Time simulated runs over Azure Storage: agent steps per second, orchestration overhead per step, parallel efficiency.")
        {
            EngineSettings.Storage, proposals, latency, concurrency, seed, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var storage = Hosting.EngineHost.ReadStorageOptions(environment.BuildConfiguration(), EngineSettings.ReadStorage(parse))
                ?? throw new UsageException("bench pipeline measures real storage: give --storage CONNECTION (\"UseDevelopmentStorage=true\" for Azurite).");
            var problems = storage.Validate();
            if (problems.Count > 0)
            {
                throw new UsageException(string.Join(" ", problems));
            }

            var levels = parse.GetValue(concurrency) ?? [];
            if (levels.Any(c => c is < 1 or > 256))
            {
                throw new UsageException($"--concurrency values must be between 1 and 256 (got {string.Join(" ", levels)}).");
            }

            var count = parse.GetValue(proposals);
            if (count is < 2 or > 100)
            {
                throw new UsageException($"--proposals must be between 2 and 100 (got {count}).");
            }

            var latencyMs = parse.GetValue(latency);
            if (latencyMs is < 0 or > 60_000)
            {
                throw new UsageException($"--latency-ms must be between 0 and 60000 (got {latencyMs}).");
            }

            var settings = new PipelineBenchmarkSettings(storage, count, latencyMs, [.. levels.Distinct().Order()], parse.GetValue(seed), parse.GetValue(json));
            try
            {
                return await PipelineBenchmarkCommand.RunAsync(settings, environment.Out, environment.Error, ct);
            }
            catch (Exception ex) when (ex is global::Azure.RequestFailedException or AggregateException)
            {
                throw new StorageUnavailableException($"cannot use the storage account at {Hosting.EngineHost.StorageEndpoint(storage)}: {ex.Message.ReplaceLineEndings(" ")}");
            }
        });
        return command;
    }

    private static Command Tournament(CliEnvironment environment)
    {
        var trials = new Option<int>("--trials") { Description = "Seeded trials per field size (200 for the published figures).", DefaultValueFactory = _ => TournamentBenchmarkSettings.Default.Trials };
        var seed = new Option<int>("--seed") { Description = "Seed of the trials.", DefaultValueFactory = _ => TournamentBenchmarkSettings.Default.Seed };
        var plot = new Option<string?>("--plot") { Description = "Where to write the plot of top-3 recall against cost (.png or .svg).", DefaultValueFactory = _ => TournamentBenchmarkSettings.Default.PlotPath };
        var json = new Option<bool>("--json") { Description = "Print the table as JSON, with ratioVsRandomElo." };
        var command = new Command("tournament", "Compare the product's pairing and debate policy with random-pair Elo, round-robin and Swiss on a simulated judge.")
        {
            trials, seed, plot, json,
        };
        command.SetAction((parse, ct) =>
        {
            var trialCount = parse.GetValue(trials);
            if (trialCount < 1)
            {
                throw new UsageException($"--trials must be at least 1 (got {trialCount}).");
            }

            var settings = TournamentBenchmarkSettings.Default with
            {
                Trials = trialCount,
                Seed = parse.GetValue(seed),
                PlotPath = parse.GetValue(plot),
                Json = parse.GetValue(json),
            };
            return TournamentBenchmarkCommand.RunAsync(settings, environment.Out, ct);
        });
        return command;
    }
}
