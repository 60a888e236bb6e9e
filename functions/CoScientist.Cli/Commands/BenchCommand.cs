using System.CommandLine;
using CoScientist.Benchmarks.Tournament;

namespace CoScientist.Cli.Commands;

/// <summary><c>cosci bench</c>: benchmarks that print figures, ratios against baselines measured in the same run.</summary>
internal static class BenchCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var bench = new Command("bench", "Benchmarks that print figures (ratios against baselines measured in the same run).");
        bench.Add(Tournament(environment));
        return bench;
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
