using System.Globalization;
using CoScientist.Cli.Commands;
using Spectre.Console;

namespace CoScientist.Cli.Display;

/// <summary>The human-readable end of a run: status, top proposals, tokens and cost.</summary>
internal static class ResultsTable
{
    public static void Write(RunSummary summary, CliEnvironment environment)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(environment.Out),
            Ansi = environment.IsInteractive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = environment.IsInteractive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        console.MarkupLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Run [bold]{Markup.Escape(summary.RunId)}[/] {summary.Status}: {summary.Proposals} proposals, {summary.Matches} matches, {summary.Tokens:N0} tokens, ${summary.CostUsd:0.0000}{(summary.Simulated ? " (simulated model)" : "")}"));
        if (summary.StopReason is { } reason)
        {
            console.MarkupLine(Markup.Escape(reason));
        }

        var table = new Table().AddColumns("#", "Elo", "95% interval", "Proposal", "Id");
        foreach (var (top, i) in summary.Top.Select((t, i) => (t, i)))
        {
            var interval = top.Interval is { } r ? string.Create(CultureInfo.InvariantCulture, $"{r.Low:F0}–{r.High:F0}") : "–";
            table.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), top.Elo.ToString("F0", CultureInfo.InvariantCulture), interval, Markup.Escape(top.Title), Markup.Escape(top.Id));
        }

        console.Write(table);
        if (summary.Out is { } folder)
        {
            console.MarkupLine($"Results written to [bold]{Markup.Escape(folder)}[/] (overview.md, proposals/, run.json).");
        }
    }
}
