namespace CoScientist.Core.Runs;

/// <summary>What the poison queues hold: messages that failed every delivery and need a person.</summary>
/// <param name="ForRun">Messages naming the run asked about.</param>
/// <param name="ByQueue">Those messages per poison queue.</param>
/// <param name="Unreadable">Messages whose body names no run at all (malformed), on any poison queue.</param>
/// <param name="Truncated">True when a poison queue held more messages than one peek returns, so counts are lower bounds.</param>
public sealed record PoisonSummary(int ForRun, IReadOnlyDictionary<string, int> ByQueue, int Unreadable, bool Truncated);
