namespace CoScientist.Simulation;

/// <summary>Settings of the offline simulated model.</summary>
public sealed class SimulationOptions
{
    /// <summary>Seed: the same seed and the same prompts give the same answers.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Artificial latency per call, so runs last long enough to study and interrupt.</summary>
    public int LatencyMs { get; set; }

    /// <summary>
    /// Probability that the simulated judge prefers the proposal shown first whatever its
    /// quality, as LLM judges are known to; 0 (the default) is an unbiased judge.
    /// </summary>
    public double PositionBias { get; set; }
}
