using System.Diagnostics;
using System.Diagnostics.Metrics;
using CoScientist.Core.Llm;
using CoScientist.Core.Messaging;

namespace CoScientist.Core.Telemetry;

/// <summary>How an agent step ended, as traces and metrics report it.</summary>
public enum StepOutcome
{
    /// <summary>The agent finished and its outputs are stored.</summary>
    Completed,

    /// <summary>A transient error: the task was given back and the queue will retry the message.</summary>
    Retried,

    /// <summary>A permanent error or the last attempt: the task failed for good.</summary>
    Failed,

    /// <summary>The host stopped the step (shutdown or timeout) before it ended.</summary>
    Cancelled,
}

/// <summary>
/// Traces and metrics of the pipeline's steps, with <see cref="System.Diagnostics"/> only, so the
/// engine needs no telemetry package: hosts subscribe to <see cref="Name"/> (OpenTelemetry's
/// <c>AddSource</c>/<c>AddMeter</c>, or a listener in a test). Each agent step is one activity
/// tagged with run, agent, task kind, task id, round, attempt, tokens, cost and outcome, and
/// records its latency, tokens and cost on the instruments below. The supervisor's step is an
/// activity too. Without a listener none of this allocates beyond the timestamp.
/// </summary>
public static class StepTelemetry
{
    /// <summary>Name of the activity source and of the meter.</summary>
    public const string Name = "CoScientist.Pipeline";

    public const string RunIdTag = "cosci.run_id";
    public const string AgentTag = "cosci.agent";
    public const string TaskKindTag = "cosci.task_kind";
    public const string TaskIdTag = "cosci.task_id";
    public const string RoundTag = "cosci.round";
    public const string AttemptTag = "cosci.attempt";
    public const string OutcomeTag = "cosci.outcome";
    public const string CallsTag = "cosci.llm_calls";
    public const string CostTag = "cosci.cost_usd";

    /// <summary>OpenTelemetry's generative-AI conventions for token counts.</summary>
    public const string InputTokensTag = "gen_ai.usage.input_tokens";
    public const string OutputTokensTag = "gen_ai.usage.output_tokens";
    public const string TokenTypeTag = "gen_ai.token.type";

    public const string DurationInstrument = "cosci.step.duration";
    public const string TokensInstrument = "cosci.step.tokens";
    public const string CostInstrument = "cosci.step.cost";

    private static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);

    // Run id is a metric dimension on purpose: a run is hundreds of steps over hours, runs are few,
    // and cost per run is the figure a lab watches.
    internal static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        DurationInstrument, "s", "Time an agent step spent in its agent (LLM calls included), by run, agent, task kind and outcome.");

    internal static readonly Counter<long> Tokens = Meter.CreateCounter<long>(
        TokensInstrument, "{token}", "LLM tokens spent by agent steps, input and output (gen_ai.token.type).");

    internal static readonly Counter<double> Cost = Meter.CreateCounter<double>(
        CostInstrument, "USD", "Cost of the LLM calls of agent steps at the configured prices.");

    /// <summary>Starts the telemetry of a claimed task; end it with <see cref="AgentStepScope.End"/>, or dispose it (cancelled).</summary>
    public static AgentStepScope StartAgentStep(AgentTask task, UsageMeter usage)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(usage);
        var activity = Source.StartActivity($"agent step {task.Kind}", ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(RunIdTag, task.RunId);
            activity.SetTag(AgentTag, task.Kind.Agent().ToString());
            activity.SetTag(TaskKindTag, task.Kind.ToString());
            activity.SetTag(TaskIdTag, task.Id);
            activity.SetTag(RoundTag, task.Round);
            activity.SetTag(AttemptTag, task.Attempts);
        }

        return new AgentStepScope(activity, task, usage, Stopwatch.GetTimestamp());
    }

    /// <summary>An activity around one supervisor step (planning, heartbeat, finishing); null when nobody listens.</summary>
    public static Activity? StartSupervisorStep(string runId)
    {
        var activity = Source.StartActivity("supervisor plan", ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(RunIdTag, runId);
            activity.SetTag(AgentTag, AgentRole.Supervisor.ToString());
        }

        return activity;
    }
}
