namespace CoScientist.Simulation;

/// <summary>Settings of the offline simulated model.</summary>
public sealed class SimulationOptions
{
    public const string SectionName = "Simulation";

    /// <summary>Seed: the same seed and the same prompts give the same answers.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Artificial latency per call, so runs last long enough to study and interrupt.</summary>
    public int LatencyMs { get; set; }

    /// <summary>One line per problem, naming the key; empty when usable.</summary>
    public IEnumerable<string> Validate()
    {
        if (LatencyMs is < 0 or > 600_000)
        {
            yield return $"{SectionName}:{nameof(LatencyMs)} must be between 0 and 600000 milliseconds (got {LatencyMs}).";
        }

        if (PositionBias is < 0 or > 1 || double.IsNaN(PositionBias))
        {
            yield return $"{SectionName}:{nameof(PositionBias)} is a probability, between 0 and 1 (got {PositionBias}).";
        }
    }
    /// <summary>
    /// Probability that the simulated judge prefers the proposal shown first whatever its
    /// quality, as LLM judges are known to; 0 (the default) is an unbiased judge.
    /// </summary>
    public double PositionBias { get; set; }
}
