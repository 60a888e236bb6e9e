namespace CoScientist.Core.Orchestration;

/// <summary>
/// The engine's one port to whichever Durable Task client the host has (Durable Functions in Azure,
/// the Durable Task Framework locally): each run's loop is an orchestration whose instance id is the
/// run id. Nothing in the engine depends on which client serves.
/// </summary>
public interface IRunOrchestrations
{
    /// <summary>
    /// Starts the run's orchestration unless one is already running for it: safe to call twice, and
    /// the way an ended run is re-opened (a literature scan).
    /// </summary>
    Task StartAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Tells the run's orchestration something happened. Does nothing when no orchestration of the run
    /// is running (it ended, or was never started): the caller's own work must still finish normally.
    /// </summary>
    Task RaiseAsync(string runId, RunEvent runEvent, CancellationToken cancellationToken = default);

    /// <summary>The orchestration's state, or null when the run has none (yet).</summary>
    Task<RunOrchestrationState?> GetStateAsync(string runId, CancellationToken cancellationToken = default);
}

/// <summary>What a run's orchestration is told.</summary>
public enum RunEventKind
{
    /// <summary>The last task of <see cref="RunEvent.Round"/> reached an end (completed or failed).</summary>
    RoundCompleted,

    /// <summary>The scientist changed the run in a way the loop must look at now (resume, stop, new context).</summary>
    RunChanged,
}

/// <summary>
/// The one external event a run's orchestration waits for (named <see cref="Name"/>). Any number of
/// duplicates are harmless: the orchestration ignores a round completion of a round it has left.
/// </summary>
public sealed record RunEvent(RunEventKind Kind, int Round)
{
    public const string Name = "RunEvent";

    public static RunEvent RoundCompleted(int round) => new(RunEventKind.RoundCompleted, round);

    public static RunEvent Changed() => new(RunEventKind.RunChanged, 0);

    /// <summary>The event as its payload: plain text, so every client's serializer carries it unchanged.</summary>
    public string ToPayload() => $"{Kind}:{Round}";

    /// <summary>Reads a payload; anything unreadable counts as a change, which only makes the loop look again.</summary>
    public static RunEvent FromPayload(string? payload)
    {
        var parts = (payload ?? "").Split(':', 2);
        return parts.Length == 2
               && Enum.TryParse<RunEventKind>(parts[0], out var kind)
               && int.TryParse(parts[1], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var round)
            ? new RunEvent(kind, round)
            : Changed();
    }
}

/// <summary>The state of a run's orchestration as its client reports it.</summary>
/// <param name="Status">running, pending, suspended, completed, failed or terminated.</param>
/// <param name="Phase">What the loop is doing, as it last said (for example "waiting for round 3").</param>
/// <param name="Failure">Why the orchestration failed, when it did.</param>
public sealed record RunOrchestrationState(string Status, string? Phase, string? Failure, DateTimeOffset LastUpdatedAt)
{
    public bool IsRunning => Status is "running" or "pending" or "suspended";
}
