using System.ComponentModel;
using CoScientist.Core.Llm;
using CoScientist.Core.Reviews;

namespace CoScientist.Core.Agents.Reflection;

/// <summary>A review as the Reflection agent writes it.</summary>
public sealed record ReviewAnswer(
    [property: Description("pass, or reject (initial review only rejects the clearly incorrect, unoriginal or unsafe).")] ReviewVerdict Verdict,
    [property: Description("Why rejected: incorrect, unoriginal, unsafe; none when passed.")] RejectionReason Rejection,
    [property: Description("Scores from 1 to 5.")] ReviewScores Scores,
    [property: Description("The review in a short paragraph.")] string Summary,
    [property: Description("Strengths.")] IReadOnlyList<string> Strengths,
    [property: Description("Weaknesses, each actionable.")] IReadOnlyList<string> Weaknesses,
    [property: Description("Checked points: assumptions, observations or simulation steps, each with an assessment.")] IReadOnlyList<ReviewFinding> Findings,
    [property: Description("Ids of provided articles the review relies on.")] IReadOnlyList<string> CitedArticleIds)
    : IValidatedAnswer
{
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Summary))
        {
            yield return "summary is empty.";
        }

        if (Scores is null)
        {
            yield return "scores are missing.";
            yield break;
        }

        int[] all = [Scores.Correctness, Scores.Quality, Scores.Novelty, Scores.Safety, Scores.Testability];
        if (all.Any(s => s is < 1 or > 5))
        {
            yield return "every score must be between 1 and 5.";
        }

        if (Verdict == ReviewVerdict.Reject && Rejection == RejectionReason.None)
        {
            yield return "a rejection needs a reason: incorrect, unoriginal or unsafe.";
        }
    }
}
