namespace CoScientist.Core.Runs;

/// <summary>Lifecycle of a run.</summary>
public enum RunStatus
{
    Pending,
    Running,
    Paused,
    Completed,
    Stopped,
    Failed,
}

public static class RunStatusExtensions
{
    public static bool IsTerminal(this RunStatus status) =>
        status is RunStatus.Completed or RunStatus.Stopped or RunStatus.Failed;
}
