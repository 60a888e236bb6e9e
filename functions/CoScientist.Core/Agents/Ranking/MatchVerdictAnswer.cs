using System.ComponentModel;
using CoScientist.Core.Llm;

namespace CoScientist.Core.Agents.Ranking;

/// <summary>The judge's decision between proposal A and proposal B.</summary>
public sealed record MatchVerdictAnswer(
    [property: Description("The better proposal: A or B.")] string Winner,
    [property: Description("Why, in a few sentences, with reference to the criteria.")] string Rationale)
    : IValidatedAnswer
{
    public IEnumerable<string> Validate()
    {
        if (Winner is not ("A" or "B"))
        {
            yield return $"winner must be \"A\" or \"B\" (got \"{Winner}\").";
        }
    }
}
