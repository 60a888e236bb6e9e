namespace CoScientist.Core.Runs;

/// <summary>Constraints or preferences the scientist adds while a run goes on; agents see them from the next round.</summary>
public sealed record ScientistFeedback(string Text, DateTimeOffset At);
