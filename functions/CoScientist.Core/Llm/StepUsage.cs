namespace CoScientist.Llm;

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

/// <summary>Accumulates the usage of the LLM calls made while one step runs.</summary>
public sealed class UsageMeter
{
    private readonly Lock _gate = new();
    private StepUsage _total = StepUsage.None;

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
