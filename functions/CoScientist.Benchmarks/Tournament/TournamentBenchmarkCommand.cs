using CoScientist.Core.Llm;
using System.Diagnostics;
using System.Text.Json;

namespace CoScientist.Benchmarks.Tournament;

/// <summary>Entry point of <c>cosci bench tournament</c>: runs the benchmark, prints the table or JSON, writes the plot.</summary>
public static class TournamentBenchmarkCommand
{
    /// <returns>0 on success.</returns>
    public static async Task<int> RunAsync(TournamentBenchmarkSettings settings, TextWriter output, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var report = await Task.Run(() => TournamentBenchmark.Run(settings, cancellationToken), cancellationToken);
        var elapsed = clock.Elapsed;

        string? plotNote = null;
        if (!string.IsNullOrWhiteSpace(settings.PlotPath))
        {
            try
            {
                RecallPlotWriter.Write(report, settings.PlotPath);
                plotNote = $"Plot written to {settings.PlotPath}";
            }
            catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or IOException or UnauthorizedAccessException)
            {
                // The figures matter more than the picture: a machine without Skia's native
                // library or a writable folder still gets the table.
                plotNote = $"Plot not written ({e.GetType().Name}: {e.Message})";
            }
        }

        if (settings.Json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(report, JsonDefaults.Indented).AsMemory(), cancellationToken);
        }
        else
        {
            await output.WriteAsync(TournamentTableRenderer.Render(report).AsMemory(), cancellationToken);
            await output.WriteLineAsync($"Ran in {elapsed.TotalSeconds:0.0} s.".AsMemory(), cancellationToken);
            if (plotNote is not null)
            {
                await output.WriteLineAsync(plotNote.AsMemory(), cancellationToken);
            }
        }

        return 0;
    }
}
