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
    }
}
