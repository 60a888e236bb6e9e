using System.Globalization;
using System.Text;
using System.Text.Json;
using CoScientist.Core.Llm;

namespace CoScientist.Benchmarks.Pipeline;

/// <summary>Entry point of <c>cosci bench pipeline</c>: runs the benchmark, prints the table or JSON.</summary>
public static class PipelineBenchmarkCommand
{
    /// <summary>Targets of the durable pipeline (issue figures): median overhead per step and efficiency at 8.</summary>
    public const double OverheadTargetMs = 15;
    public const double EfficiencyTarget = 0.85;

    public static async Task<int> RunAsync(PipelineBenchmarkSettings settings, TextWriter output, TextWriter progress, CancellationToken cancellationToken = default)
    {
        var report = await PipelineBenchmark.RunAsync(settings, line => progress.WriteLineAsync(line), cancellationToken);
        if (settings.Json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(report, JsonDefaults.Indented).AsMemory(), cancellationToken);
        }
        else
        {
            await output.WriteAsync(Render(report).AsMemory(), cancellationToken);
        }

        return 0;
    }

    public static string Render(PipelineReport report)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"Pipeline benchmark: simulated runs of {report.Proposals} proposals, {report.LatencyMs} ms per model call, on Azure Storage ({report.Storage}).");
        text.AppendLine();
        text.AppendLine(c, $"{"concurrency",11} {"status",10} {"steps",6} {"wall s",8} {"ideal s",8} {"efficiency",10} {"steps/s",8} {"overhead ms p50",16} {"p95",7} {"orchestration ms/round p50",27}");
        foreach (var run in report.Runs)
        {
            text.AppendLine(c, $"{run.Concurrency,11} {run.Status,10} {run.AgentSteps,6} {run.WallSeconds,8:0.0} {run.IdealSeconds,8:0.0} {run.ParallelEfficiency,10:0.000} {run.StepsPerSecond,8:0.00} {run.OverheadMsMedian,16:0.0} {run.OverheadMsP95,7:0.0} {run.OrchestrationMsPerRound,27:0.0}");
        }

        text.AppendLine();
        text.AppendLine("Overhead: a step's time not spent in the model (storage reads and writes, claim, wake-up). Ideal wall time: each round's");
        text.AppendLine("model time spread perfectly over the workers, with no orchestration cost; efficiency = ideal / actual.");
        var top = report.Runs.MaxBy(r => r.Concurrency)!;
        text.AppendLine(c, $"Targets: median overhead <= {OverheadTargetMs} ms (got {report.OverheadMsMedian:0.0}), efficiency at {top.Concurrency} >= {EfficiencyTarget} (got {top.ParallelEfficiency:0.000}).");
        return text.ToString();
    }
}
