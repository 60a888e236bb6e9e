namespace CoScientist.Benchmarks.Tournament;

/// <summary>How close a policy's ranking is to the true ranking by hidden quality.</summary>
public static class RankingMetrics
{
    /// <summary>1 when the policy's leader is the best proposal, else 0.</summary>
    public static double TopOneAccuracy(IReadOnlyList<int> predicted, IReadOnlyList<int> truth) =>
        predicted.Count > 0 && truth.Count > 0 && predicted[0] == truth[0] ? 1.0 : 0.0;

    /// <summary>Share of the true top <paramref name="k"/> found in the policy's top <paramref name="k"/>.</summary>
    public static double TopKRecall(IReadOnlyList<int> predicted, IReadOnlyList<int> truth, int k)
    {
        k = Math.Min(k, Math.Min(predicted.Count, truth.Count));
        if (k <= 0)
        {
            return 0;
        }

        var top = new HashSet<int>(truth.Take(k));
        return predicted.Take(k).Count(top.Contains) / (double)k;
    }

    /// <summary>
    /// Kendall's tau-a between the true order of the true top <paramref name="k"/> and the order
    /// the policy's ranking puts those same proposals in: 1 when their relative order is right,
    /// -1 when reversed. Where the policy ranks them overall does not matter here; recall covers that.
    /// </summary>
    public static double KendallTauOverTrueTop(IReadOnlyList<int> predicted, IReadOnlyList<int> truth, int k)
    {
        k = Math.Min(k, truth.Count);
        if (k < 2)
        {
            return 1;
        }

        var position = new Dictionary<int, int>(predicted.Count);
        for (var i = 0; i < predicted.Count; i++)
        {
            position[predicted[i]] = i;
        }

        var concordant = 0;
        var discordant = 0;
        for (var i = 0; i < k; i++)
        {
            for (var j = i + 1; j < k; j++)
            {
                // truth[i] is better than truth[j]; concordant when the policy agrees.
                if (position[truth[i]] < position[truth[j]])
                {
                    concordant++;
                }
                else
                {
                    discordant++;
                }
            }
        }

        return (concordant - discordant) / (k * (k - 1) / 2.0);
    }

    /// <summary>
    /// The cost to reach a target: the smallest budget on the grid from which the mean curve
    /// stays at or above <paramref name="target"/> up to the end of the grid ("reached and
    /// held", so a late arrival that knocks recall back below the target counts). Null when
    /// the last point is below the target.
    /// </summary>
    public static double? CostToReach(IReadOnlyList<double> budgets, IReadOnlyList<double> curve, double target)
    {
        if (budgets.Count != curve.Count)
        {
            throw new ArgumentException("One value per budget.", nameof(curve));
        }

        double? reached = null;
        // The tolerance keeps a mean of exactly 0.9 (e.g. 540 of 600 found) from failing on rounding.
        for (var i = budgets.Count - 1; i >= 0 && curve[i] >= target - 1e-9; i--)
        {
            reached = budgets[i];
        }

        return reached;
    }
}
