using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using CoScientist.Core.Agents;
using CoScientist.Core.Agents.Generation;
using CoScientist.Core.Tests.Fakes;
using CoScientist.Core.Messaging;
using CoScientist.Core.Pipeline;
using CoScientist.Core.Telemetry;

namespace CoScientist.Core.Tests.Telemetry;

/// <summary>
/// An agent step, run by the real handler, emits one activity with the run, agent, task kind, tokens,
/// cost and outcome, and records its latency, tokens and cost on the pipeline's meter. Listeners see
/// every test's steps in this process, so each test uses a run id of its own and filters by it.
/// </summary>
public sealed class StepTelemetryTests : IDisposable
{
    private const string TaskId = "r001-generate-01";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string _runId = "run-telemetry-" + Guid.NewGuid().ToString("N")[..8];
    private readonly EngineHarness _engine = new(o => o.MaxTaskAttempts = 3);
    private readonly ConcurrentQueue<Activity> _activities = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = new();
    private readonly ActivityListener _activityListener;
    private readonly MeterListener _meterListener = new();

    public StepTelemetryTests()
    {
        _activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == StepTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (Equals(activity.GetTagItem(StepTelemetry.RunIdTag), _runId))
                {
                    _activities.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_activityListener);
        _meterListener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StepTelemetry.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meterListener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meterListener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meterListener.Start();
    }

    public void Dispose()
    {
        _activityListener.Dispose();
        _meterListener.Dispose();
        _engine.Dispose();
    }

    [Fact]
    public async Task AgentStep_Completed_EmitsAnActivityWithTheStepTagsAndRecordsLatencyTokensAndCost()
    {
        await ArrangeGenerateTaskAsync();
        _engine.Chat.Enqueue(TestData.Draft("Generated title"));

        await _engine.Get<AgentStepHandler>().HandleAsync(new StepMessage(_runId, TaskId), Ct);

        var activity = Assert.Single(_activities, a => a.OperationName.StartsWith("agent step", StringComparison.Ordinal));
        Assert.Equal("agent step Generate", activity.DisplayName);
        Assert.Equal("Generation", activity.GetTagItem(StepTelemetry.AgentTag));
        Assert.Equal("Generate", activity.GetTagItem(StepTelemetry.TaskKindTag));
        Assert.Equal(TaskId, activity.GetTagItem(StepTelemetry.TaskIdTag));
        Assert.Equal(1, activity.GetTagItem(StepTelemetry.RoundTag));
        Assert.Equal(1, activity.GetTagItem(StepTelemetry.AttemptTag));
        Assert.Equal("completed", activity.GetTagItem(StepTelemetry.OutcomeTag));
        Assert.Equal(1, activity.GetTagItem(StepTelemetry.CallsTag));
        Assert.Equal(100L, activity.GetTagItem(StepTelemetry.InputTokensTag));
        Assert.Equal(20L, activity.GetTagItem(StepTelemetry.OutputTokensTag));
        Assert.Equal(180 / 1_000_000.0, (double)activity.GetTagItem(StepTelemetry.CostTag)!, 12);
        Assert.Equal(ActivityStatusCode.Unset, activity.Status);

        var duration = Assert.Single(Measurements(StepTelemetry.DurationInstrument));
        Assert.True(duration.Value >= 0);
        Assert.Equal("Generation", duration.Tags[StepTelemetry.AgentTag]);
        Assert.Equal("Generate", duration.Tags[StepTelemetry.TaskKindTag]);
        Assert.Equal("completed", duration.Tags[StepTelemetry.OutcomeTag]);
        var tokens = Measurements(StepTelemetry.TokensInstrument).ToDictionary(m => (string)m.Tags[StepTelemetry.TokenTypeTag]!, m => m.Value);
        Assert.Equal(new Dictionary<string, double> { ["input"] = 100, ["output"] = 20 }, tokens);
        Assert.Equal(180 / 1_000_000.0, Assert.Single(Measurements(StepTelemetry.CostInstrument)).Value, 12);
    }

    [Fact]
    public async Task AgentStep_TransientFailure_RecordedAsRetriedWithAnErrorStatus()
    {
        await ArrangeGenerateTaskAsync();
        _engine.Chat.EnqueueException(nameof(ProposalDraft), new HttpRequestException("503 from the model"));

        await Assert.ThrowsAsync<HttpRequestException>(() => _engine.Get<AgentStepHandler>().HandleAsync(new StepMessage(_runId, TaskId), Ct));

        var activity = Assert.Single(_activities, a => a.OperationName.StartsWith("agent step", StringComparison.Ordinal));
        Assert.Equal("retried", activity.GetTagItem(StepTelemetry.OutcomeTag));
        Assert.Equal(ActivityStatusCode.Error, activity.Status);
        Assert.Equal("503 from the model", activity.StatusDescription);
        Assert.Equal("retried", Assert.Single(Measurements(StepTelemetry.DurationInstrument)).Tags[StepTelemetry.OutcomeTag]);
    }

    [Fact]
    public async Task RoundSupervisorPlan_EmitsAnActivityForTheRun()
    {
        await _engine.CreateRunAsync(TestData.Run(id: _runId, plan: TestData.SafePlan, round: 1));

        await _engine.Get<CoScientist.Core.Supervisor.RoundSupervisor>().PlanAsync(_runId, Ct);

        var activity = Assert.Single(_activities);
        Assert.Equal("supervisor plan", activity.DisplayName);
        Assert.Equal("Supervisor", activity.GetTagItem(StepTelemetry.AgentTag));
    }

    private async Task ArrangeGenerateTaskAsync()
    {
        await _engine.CreateRunAsync(TestData.Run(id: _runId, plan: TestData.SafePlan, round: 1));
        await _engine.AddTaskAsync(TestData.Task(TaskId, TaskKind.Generate, 1, AgentTaskStatus.Pending, new TaskInput { Strategy = GenerationAgent.Expansion }, runId: _runId));
    }

    private void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct
    {
        var map = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            map[tag.Key] = tag.Value;
        }

        if (Equals(map.GetValueOrDefault(StepTelemetry.RunIdTag), _runId))
        {
            _measurements.Enqueue((instrument.Name, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), map));
        }
    }

    private List<(string Instrument, double Value, Dictionary<string, object?> Tags)> Measurements(string instrument) =>
        [.. _measurements.Where(m => m.Instrument == instrument)];
}
