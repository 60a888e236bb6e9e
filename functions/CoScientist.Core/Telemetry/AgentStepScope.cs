using System.Diagnostics;
using CoScientist.Core.Llm;
using CoScientist.Core.Messaging;

namespace CoScientist.Core.Telemetry;

/// <summary>One agent step in flight. Ends once; later calls and the dispose after an end do nothing.</summary>
public sealed class AgentStepScope : IDisposable
{
    private readonly Activity? _activity;
    private readonly AgentTask _task;
    private readonly UsageMeter _usage;
    private readonly long _started;
    private int _ended;

    internal AgentStepScope(Activity? activity, AgentTask task, UsageMeter usage, long started)
    {
        _activity = activity;
        _task = task;
        _usage = usage;
        _started = started;
    }

    /// <summary>Records the outcome, the latency and what the step's LLM calls spent so far.</summary>
    public void End(StepOutcome outcome, Exception? error = null)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return;
        }

        var elapsed = Stopwatch.GetElapsedTime(_started);
        var spent = _usage.Total;
        var outcomeName = outcome.ToString().ToLowerInvariant();
        var tags = new TagList
        {
            { StepTelemetry.RunIdTag, _task.RunId },
            { StepTelemetry.AgentTag, _task.Kind.Agent().ToString() },
            { StepTelemetry.TaskKindTag, _task.Kind.ToString() },
            { StepTelemetry.OutcomeTag, outcomeName },
        };
        StepTelemetry.Duration.Record(elapsed.TotalSeconds, tags);
        if (spent.InputTokens > 0)
        {
            var input = tags;
            input.Add(StepTelemetry.TokenTypeTag, "input");
            StepTelemetry.Tokens.Add(spent.InputTokens, input);
        }

        if (spent.OutputTokens > 0)
        {
            var output = tags;
            output.Add(StepTelemetry.TokenTypeTag, "output");
            StepTelemetry.Tokens.Add(spent.OutputTokens, output);
        }

        if (spent.CostUsd > 0)
        {
            StepTelemetry.Cost.Add((double)spent.CostUsd, tags);
        }

        if (_activity is { } activity)
        {
            activity.SetTag(StepTelemetry.OutcomeTag, outcomeName);
            activity.SetTag(StepTelemetry.CallsTag, spent.Calls);
            activity.SetTag(StepTelemetry.InputTokensTag, spent.InputTokens);
            activity.SetTag(StepTelemetry.OutputTokensTag, spent.OutputTokens);
            activity.SetTag(StepTelemetry.CostTag, (double)spent.CostUsd);
            if (outcome is StepOutcome.Failed or StepOutcome.Retried)
            {
                activity.SetStatus(ActivityStatusCode.Error, error?.Message);
                if (error is not null)
                {
                    activity.AddException(error);
                }
            }

            activity.Stop();
        }
    }

    /// <summary>A step disposed without an end was stopped by its host: recorded as cancelled.</summary>
    public void Dispose()
    {
        End(StepOutcome.Cancelled);
        _activity?.Dispose();
    }
}
