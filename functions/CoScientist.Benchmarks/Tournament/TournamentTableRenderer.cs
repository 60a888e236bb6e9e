using System.Globalization;
using System.Text;

namespace CoScientist.Benchmarks.Tournament;

/// <summary>Renders the report as Markdown tables, readable as plain text in a console.</summary>
public static class TournamentTableRenderer
{
    public static string Render(TournamentReport report)
    {
        var reference = Number(report.ReferenceBudgetPerProposal, "0.##");
        var end = Number(report.MaxBudgetPerProposal, "0.##");
        var target = Number(report.TargetRecall, "0.0#");
        var text = new StringBuilder();
        text.AppendLine($"Tournament benchmark: {report.Trials} trials per size, seed {report.Seed}.");
        text.AppendLine(
            $"Judge: Bradley–Terry on hidden quality; single turn T={Number(report.Judge.SingleTurnTemperature, "0.##")} cost {Number(report.Judge.SingleTurnCost, "0.##")}, "
            + $"debate T={Number(report.Judge.DebateTemperature, "0.##")} cost {Number(report.Judge.DebateCost, "0.##")}.");
        text.AppendLine(
            $"Cost = cost-weighted comparisons. Accuracy is read at {reference}·N and {end}·N. 'cost to {target}' = cost from which the mean top-3 recall "
            + $"stays ≥ {target} to the end of the policy's budget ({end}·N for the co-scientist policy, "
            + $"{Number(report.BaselineBudgetPerProposal, "0.##")}·N for the baselines); '≤' marks a bound where random pairs never got there.");
        text.AppendLine();
        text.AppendLine($"| N | policy | top-1 @{reference}N | top-3 @{reference}N | tau10 @{reference}N | top-1 @{end}N | top-3 @{end}N | tau10 @{end}N | cost to {target} | ÷ N | vs random K=24 | debates |");
        text.AppendLine("|---:|:---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in report.Rows)
        {
            text.AppendLine(
                $"| {row.Size} | {row.Label} | {Number(row.TopOneAtReference)} | {Number(row.TopThreeRecallAtReference)} | {Number(row.KendallTauTopTenAtReference)} "
                + $"| {Number(row.TopOneAtEnd)} | {Number(row.TopThreeRecallAtEnd)} | {Number(row.KendallTauTopTenAtEnd)} "
                + $"| {Cost(row.CostToTarget, row.BudgetPerProposal * row.Size, "0")} | {Cost(row.CostToTargetPerProposal, row.BudgetPerProposal, "0.00")} "
                + $"| {Ratio(row.RatioVsRandomElo, row.RatioIsUpperBound)} | {Number(row.DebateShare, "0%")} |");
        }

        var targets = report.Rows.SelectMany(r => r.Targets.Select(t => t.Target)).Distinct().Order().ToList();
        text.AppendLine();
        text.AppendLine("Cost per proposal (÷ N) to reach and hold each mean top-3 recall, and its ratio to random pairs with Elo K=24:");
        text.AppendLine();
        text.AppendLine("| N | policy | " + string.Join(" | ", targets.Select(t => $"≥ {Number(t, "0.0#")}")) + " |");
        text.AppendLine("|---:|:---|" + string.Concat(targets.Select(_ => "---:|")));
        foreach (var row in report.Rows)
        {
            var cells = targets.Select(t => row.Targets.FirstOrDefault(x => x.Target == t)).Select(t =>
                t is null ? "" : $"{Cost(t.CostPerProposal, row.BudgetPerProposal, "0.00")} ({Ratio(t.RatioVsRandomElo, t.RatioIsUpperBound)})");
            text.AppendLine($"| {row.Size} | {row.Label} | " + string.Join(" | ", cells) + " |");
        }

        text.AppendLine();
        foreach (var row in report.Rows.Where(r => r.StopFiredShare is not null))
        {
            text.AppendLine(
                $"Default stop rule at N={row.Size}: fired within the budget in {Number(row.StopFiredShare, "0%")} of trials; "
                + $"runs stopped at {Number(row.StopCostPerProposal, "0.00")}·N on average (the budget's end where it never fired), "
                + $"with mean top-3 recall {Number(row.TopThreeRecallAtStop)}.");
        }

        if (report.OrderSwapping.Count > 0)
        {
            text.AppendLine();
            text.AppendLine($"Position bias: the judge prefers the proposal shown first with probability {Number(report.PositionBias, "0.##")}, whatever the quality. The co-scientist policy with and without order swapping (both calls of a swapped comparison counted; * = default):");
            text.AppendLine();
            text.AppendLine($"| N | setting | top-3 @{reference}N | top-3 @{end}N | cost to {target} ÷ N | cost per match | orders disagree | stop at ÷ N | top-3 at stop |");
            text.AppendLine("|---:|:---|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var row in report.OrderSwapping)
            {
                text.AppendLine(
                    $"| {row.Size} | {row.Label}{(row.IsDefault ? " *" : "")} | {Number(row.TopThreeRecallAtReference)} | {Number(row.TopThreeRecallAtEnd)} "
                    + $"| {Cost(row.CostToTargetPerProposal, report.MaxBudgetPerProposal, "0.00")} | {Number(row.CostPerMatch, "0.00")} | {Number(row.DisagreementShare, "0%")} "
                    + $"| {Number(row.StopCostPerProposal, "0.00")} | {Number(row.TopThreeRecallAtStop)} |");
            }
        }

        if (report.StopRules.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Stop rules, probed on the co-scientist policy's runs (the budget's end stands in where a rule never fired; * = default):");
            text.AppendLine();
            text.AppendLine("| N | judge | rule | fired | stop at ÷ N | top-3 at stop |");
            text.AppendLine("|---:|:---|:---|---:|---:|---:|");
            foreach (var row in report.StopRules)
            {
                text.AppendLine(
                    $"| {row.Size} | {row.Judge} | {row.Rule}{(row.IsDefault ? " *" : "")} | {Number(row.FiredShare, "0%")} | {Number(row.StopCostPerProposal, "0.00")} | {Number(row.TopThreeRecallAtStop)} |");
            }
        }

        text.AppendLine();
        text.AppendLine(
            $"ratioVsRandomElo (N={report.RatioSize}, cost to mean top-3 recall ≥ {target}, co-scientist policy ÷ random pairs Elo K=24): "
            + Ratio(report.RatioVsRandomElo, report.RatioIsUpperBound, "0.000")
            + (report.RatioIsUpperBound ? $" (random pairs never reached {target} within {Number(report.BaselineBudgetPerProposal, "0.##")}·N, so its whole budget stands in: an upper bound)" : ""));
        return text.ToString();
    }

    private static string Cost(double? value, double budget, string format) =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : $"> {budget.ToString("0.##", CultureInfo.InvariantCulture)}";

    private static string Ratio(double? value, bool upperBound, string format = "0.00") =>
        value is { } v ? (upperBound ? "≤ " : "") + v.ToString(format, CultureInfo.InvariantCulture) : "–";

    private static string Number(double? value, string format = "0.000") =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "–";
}
