namespace CoScientist.Core.Llm;

/// <summary>The seven agents of the co-scientist; every LLM call and every task belongs to one.</summary>
public enum AgentRole
{
    Supervisor,
    Generation,
    Reflection,
    Ranking,
    Proximity,
    Evolution,
    MetaReview,
}
