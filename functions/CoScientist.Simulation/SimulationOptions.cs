namespace CoScientist.Simulation;

/// <summary>Settings of the offline simulated model.</summary>
public sealed class SimulationOptions
{
    public const string SectionName = "Simulation";

    /// <summary>Seed: the same seed and the same prompts give the same answers.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>
    /// Secret that seals the latent quality the simulated model writes into its proposals, so that a quality
    /// typed into a scientist's text is never trusted. Unset, a fixed development key is used (forgeable by
    /// whoever reads the source); set it, the same on every instance, where untrusted scientists reach the app.
    /// </summary>
    public string? MarkerKey { get; set; }

    /// <summary>Artificial latency per call, so runs last long enough to study and interrupt.</summary>
    public int LatencyMs { get; set; }

    /// <summary>One line per problem, naming the key; empty when usable.</summary>
    public IEnumerable<string> Validate()
    {
        if (LatencyMs is < 0 or > 600_000)
        {
            yield return $"{SectionName}:{nameof(LatencyMs)} must be between 0 and 600000 milliseconds (got {LatencyMs}).";
        }

        if (MarkerKey is { Length: > 0 and < 16 })
        {
            yield return $"{SectionName}:{nameof(MarkerKey)} must be at least 16 characters long when set.";
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
