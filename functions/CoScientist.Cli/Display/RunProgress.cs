using System.Globalization;
using CoScientist.Core.Runs;
using CoScientist.Core.Storage;
using CoScientist.Core.Supervisor;
using Spectre.Console;

namespace CoScientist.Cli.Display;

/// <summary>
/// Shows a run as it goes: a live table (steps per agent, leaderboard with Elo, tokens, cost) on
/// an interactive terminal, one line per round otherwise. Everything goes to standard error, so
/// standard output carries only results.
/// </summary>
internal sealed class RunProgress(RunStore store, CliEnvironment environment, bool enabled) : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private int _lastRound = -1;

    /// <summary>Called by the runner; starts the display loop on first call.</summary>
    public Task ObserveAsync(RunRecord run, CancellationToken cancellationToken)
    {
        if (enabled && _loop is null)
        {
            _loop = environment.IsInteractive ? LiveAsync(run.Id) : LinesAsync(run.Id);
        }

        return Task.CompletedTask;
    }

    public async Task CompleteAsync(string runId, CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }
        else if (enabled && !environment.IsInteractive)
        {
            await WriteLineAsync(await RunSnapshot.LoadAsync(store, runId, cancellationToken: cancellationToken));
        }
    }

    public void Dispose() => _stop.Dispose();

    private async Task LinesAsync(string runId)
    {
        while (!_stop.IsCancellationRequested)
        {
            var snapshot = await RunSnapshot.LoadAsync(store, runId, cancellationToken: CancellationToken.None);
            if (snapshot.Run.Round != _lastRound)
            {
                await WriteLineAsync(snapshot);
            }

            try
            {
                await Task.Delay(Interval, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task WriteLineAsync(RunSnapshot snapshot)
    {
        _lastRound = snapshot.Run.Round;
        var stats = RunStatistics.From(snapshot);
        await environment.Error.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"round {snapshot.Run.Round}: {stats.Proposals} proposals, {stats.Reviews} reviews, {stats.Matches} matches, {stats.Usage.TotalTokens:N0} tokens, ${stats.Usage.CostUsd:0.0000}{(snapshot.Run.Simulated ? " (simulated)" : "")}"));
    }

    private async Task LiveAsync(string runId)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(environment.Error) });
        await console.Live(new Markup("starting…")).AutoClear(false).StartAsync(async context =>
        {
            while (true)
            {
                var snapshot = await RunSnapshot.LoadAsync(store, runId, cancellationToken: CancellationToken.None);
                context.UpdateTarget(Render(snapshot));
                context.Refresh();
                if (_stop.IsCancellationRequested)
                {
                    break;
                }

                try
                {
                    await Task.Delay(Interval, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    // One last refresh with the final state.
                }
            }
        });
    }

    private static Table Render(RunSnapshot snapshot)
    {
        var stats = RunStatistics.From(snapshot);
        var agents = new Table().Border(TableBorder.Rounded).AddColumns("Agent", "Steps", "Tokens", "Cost (USD)");
        foreach (var (agent, s) in stats.Agents)
        {
            agents.AddRow(agent, s.Steps.ToString(CultureInfo.InvariantCulture), s.Usage.TotalTokens.ToString("N0", CultureInfo.InvariantCulture), s.Usage.CostUsd.ToString("0.0000", CultureInfo.InvariantCulture));
        }

        var board = new Table().Border(TableBorder.Rounded).AddColumns("#", "Elo", "Proposal");
        foreach (var (proposal, i) in snapshot.Ranked.Where(snapshot.IsEntrant).Take(8).Select((p, i) => (p, i)))
        {
            board.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), snapshot.Leaderboard.RatingOf(proposal.Id).ToString("F0", CultureInfo.InvariantCulture), Markup.Escape(proposal.Title));
        }

        var title = string.Create(
            CultureInfo.InvariantCulture,
            $"[bold]{Markup.Escape(snapshot.Run.Id)}[/] · round {snapshot.Run.Round} · {stats.Proposals} proposals · {stats.Matches} matches · {stats.Usage.TotalTokens:N0} tokens · ${stats.Usage.CostUsd:0.0000}{(snapshot.Run.Simulated ? " · [yellow]simulated[/]" : "")}");
        return new Table().NoBorder().AddColumn(new TableColumn(new Markup(title))).AddRow(agents).AddRow(board);
    }
}
