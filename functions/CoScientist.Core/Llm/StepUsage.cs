using CoScientist.Core.Determinism;
namespace CoScientist.Core.Llm;

/// <summary>Tokens and cost spent by one step (or summed over many); stored on the task it belongs to.</summary>
public sealed record StepUsage(int Calls, long InputTokens, long OutputTokens, decimal CostUsd)
{
    public static readonly StepUsage None = new(0, 0, 0, 0m);

    public long TotalTokens => InputTokens + OutputTokens;

    public StepUsage Add(StepUsage other) => new(
        Calls + other.Calls,
        InputTokens + other.InputTokens,
        OutputTokens + other.OutputTokens,
        CostUsd + other.CostUsd);
}

/// <summary>
/// Accumulates the usage of the LLM calls made while one step runs, and hands each call a
/// sampling seed derived from the step's seed, so a retried step asks the same questions the
/// same way (providers that honour a seed then answer alike; the simulated model always does).
/// </summary>
public sealed class UsageMeter(long seed = 0)
{
    private readonly Lock _gate = new();
    private StepUsage _total = StepUsage.None;
    private int _calls;

    /// <summary>The seed for the next call of this step.</summary>
    public long NextSeed() => StableHash.Combine(seed, Interlocked.Increment(ref _calls));

    public StepUsage Total
    {
        get
        {
            lock (_gate)
            {
                return _total;
            }
        }
    }

    public bool Simulated { get; private set; }

    public void Record(StepUsage usage, bool simulated)
    {
        lock (_gate)
        {
            _total = _total.Add(usage);
            Simulated |= simulated;
        }
    }
}
