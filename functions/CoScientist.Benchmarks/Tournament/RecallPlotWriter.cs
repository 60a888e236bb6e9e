using System.Globalization;
using ScottPlot;

namespace CoScientist.Benchmarks.Tournament;

/// <summary>Writes the mean top-3 recall of every policy against cost-weighted comparisons.</summary>
public static class RecallPlotWriter
{
    /// <summary>
    /// Draws one line per policy and field size (solid for the largest size, dashed for the
    /// others) and saves it as SVG or PNG by the path's extension. The cost axis is per
    /// proposal, so that both sizes share it, and logarithmic, because the co-scientist policy
    /// settles within a few comparisons per proposal while the baselines are followed much further.
    /// </summary>
    public static void Write(TournamentReport report, string path)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var sizes = report.Curves.Select(c => c.Size).Distinct().Order().ToList();
        var policies = report.Curves.Select(c => c.Policy).Distinct().ToList();
        var step = report.Curves.Count > 0 ? report.Curves[0].Budgets[0] / report.Curves[0].Size : 0.25;
        foreach (var curve in report.Curves)
        {
            double[] xs = [.. curve.Budgets.Select(b => Math.Log10(b / curve.Size))];
            var line = plot.Add.ScatterLine(xs, curve.TopThreeRecall.ToArray());
            line.Color = palette.GetColor(policies.IndexOf(curve.Policy));
            line.LineWidth = curve.Policy == TournamentPolicyKind.Product ? 3 : 2;
            line.LinePattern = curve.Size == sizes[^1] ? LinePattern.Solid : LinePattern.Dashed;
            line.LegendText = $"{curve.Label}, N={curve.Size}";
        }

        var target = plot.Add.HorizontalLine(report.TargetRecall);
        target.Color = Colors.Gray;
        target.LinePattern = LinePattern.Dotted;
        target.LineWidth = 1;

        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (var tick in new[] { 0.25, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000 }.Where(t => t >= step && t <= report.BaselineBudgetPerProposal))
        {
            ticks.AddMajor(Math.Log10(tick), tick.ToString("0.##", CultureInfo.InvariantCulture));
        }

        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Title($"Top-3 recall against cost-weighted comparisons (mean of {report.Trials} trials)");
        plot.XLabel($"cost-weighted comparisons per proposal, log scale (single turn = {report.Judge.SingleTurnCost}, debate = {report.Judge.DebateCost})");
        plot.YLabel("mean top-3 recall");
        plot.Axes.SetLimits(Math.Log10(step), Math.Log10(report.BaselineBudgetPerProposal), 0, 1.02);
        plot.Legend.Alignment = Alignment.LowerRight;
        plot.ShowLegend();

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        if (path.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
        {
            plot.SavePng(path, 1100, 700);
        }
        else
        {
            plot.SaveSvg(path, 1100, 700);
        }
    }
}
