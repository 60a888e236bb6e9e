namespace CoScientist.Core.Tournament;

/// <summary>A proposal's strength fitted from the whole match log, on the Elo scale, with its 95% interval.</summary>
/// <param name="Rating">The fitted strength; the field's mean is 1200.</param>
/// <param name="Low">Lower end of the 95% interval.</param>
/// <param name="High">Upper end of the 95% interval.</param>
/// <param name="StandardError">Standard error of the strength, in Elo points.</param>
public sealed record RatingInterval(double Rating, double Low, double High, double StandardError)
{
    /// <summary>The same interval rounded for display and export.</summary>
    public RatingInterval Rounded(int digits = 1) =>
        new(Math.Round(Rating, digits), Math.Round(Low, digits), Math.Round(High, digits), Math.Round(StandardError, digits));
}

/// <summary>
/// Ratings with uncertainty for the leaderboard and the interval stop rule: a Bradley–Terry
/// model fitted to the match log by penalised maximum likelihood, with intervals from the
/// observed information (the inverse Hessian at the optimum).
/// </summary>
/// <remarks>
/// Why Bradley–Terry and not Glicko-2: the ranking's judge is modelled as Bradley–Terry in the
/// simulation and the benchmark, the fit uses the whole log at once so (like the Elo replay) it
/// does not depend on the order in which parallel matches finished, and the full covariance
/// tells how surely two proposals are told apart, which is what the stop rule asks; Glicko's
/// per-player deviation ignores that two proposals rated through the same opponents move together.
/// A weak normal prior (SD 400 Elo around the mean) keeps an unbeaten proposal's rating finite;
/// it is why a proposal with no games has an interval of about ±780 rather than an infinite one.
/// </remarks>
public sealed class BradleyTerryRatings
{
    /// <summary>Two-sided 95% normal quantile.</summary>
    public const double IntervalZ = 1.959964;

    /// <summary>Prior standard deviation of a strength around the field's mean, in Elo points.</summary>
    public const double DefaultPriorSd = 400;

    private const double Scale = 400 / 2.302585092994046; // Elo points per natural-log unit of odds
    private const int MaxIterations = 50;

    private readonly Dictionary<string, int> _index;
    private readonly double[] _beta;
    private readonly double[] _factor;
    private readonly double _mean;
    private double[]? _covariance;
    private double[]? _rowSums;
    private double? _totalCovariance;

    private BradleyTerryRatings(Dictionary<string, int> index, double[] beta, double[] factor)
    {
        _index = index;
        _beta = beta;
        _factor = factor;
        _mean = beta.Length == 0 ? 0 : beta.Average();
    }

    /// <summary>The inverse of the information: computed on first use, since a fit for the Elo order alone never needs it.</summary>
    private double[] Covariance => _covariance ??= Invert(_factor, _beta.Length);

    public IReadOnlyCollection<string> Ids => _index.Keys;

    /// <summary>Fits the match log; a draw counts half a win to each side.</summary>
    public static BradleyTerryRatings Fit(IEnumerable<string> proposalIds, IEnumerable<MatchRecord> matches, double priorSd = DefaultPriorSd) =>
        Fit(proposalIds, matches.Select(m => (m.WinnerId, m.LoserId, m.Draw ? 0.5 : 1.0)), priorSd);

    /// <param name="proposalIds">Every proposal to rate; one not in any game gets the prior.</param>
    /// <param name="outcomes">Games as (first, second, score of the first: 1, 0.5 or 0).</param>
    /// <param name="priorSd">Prior standard deviation in Elo points.</param>
    public static BradleyTerryRatings Fit(IEnumerable<string> proposalIds, IEnumerable<(string First, string Second, double FirstScore)> outcomes, double priorSd = DefaultPriorSd)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(priorSd);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var id in proposalIds)
        {
            index.TryAdd(id, index.Count);
        }

        // Games aggregated per ordered pair (i < j): the fit then costs O(pairs) per iteration.
        var pairs = new Dictionary<(int, int), (double Games, double ScoreOfLower)>();
        foreach (var (first, second, score) in outcomes)
        {
            if (first == second)
            {
                continue;
            }

            var i = index.TryGetValue(first, out var fi) ? fi : index[first] = index.Count;
            var j = index.TryGetValue(second, out var sj) ? sj : index[second] = index.Count;
            var key = i < j ? (i, j) : (j, i);
            var entry = pairs.GetValueOrDefault(key);
            pairs[key] = (entry.Games + 1, entry.ScoreOfLower + (i < j ? score : 1 - score));
        }

        var n = index.Count;
        var beta = new double[n];
        var precision = 1 / Math.Pow(priorSd / Scale, 2);
        var links = pairs.Select(p => (p.Key.Item1, p.Key.Item2, p.Value.Games, p.Value.ScoreOfLower)).ToArray();
        var hessian = new double[n * n];
        var gradient = new double[n];
        for (var iteration = 0; iteration < MaxIterations && n > 0; iteration++)
        {
            Information(links, beta, precision, hessian, gradient);
            var step = SolveWith(Cholesky(hessian, n), gradient);
            var largest = 0.0;
            for (var i = 0; i < n; i++)
            {
                beta[i] += step[i];
                largest = Math.Max(largest, Math.Abs(step[i]));
            }

            // 1e-7 in log-odds is far below a tenth of an Elo point.
            if (largest < 1e-7)
            {
                break;
            }
        }

        // The information at the optimum (recomputed so it matches the final estimate).
        Information(links, beta, precision, hessian, gradient);
        return new BradleyTerryRatings(index, beta, Cholesky(hessian, n));
    }

    /// <summary>Fills the negative Hessian of the penalised log-likelihood and its gradient at <paramref name="beta"/>.</summary>
    private static void Information((int I, int J, double Games, double Score)[] links, double[] beta, double precision, double[] hessian, double[] gradient)
    {
        var n = beta.Length;
        Array.Clear(hessian);
        for (var i = 0; i < n; i++)
        {
            gradient[i] = -precision * beta[i];
            hessian[(i * n) + i] = precision;
        }

        foreach (var (i, j, games, score) in links)
        {
            var p = 1 / (1 + Math.Exp(beta[j] - beta[i]));
            var w = games * p * (1 - p);
            var residual = score - (games * p);
            gradient[i] += residual;
            gradient[j] -= residual;
            hessian[(i * n) + i] += w;
            hessian[(j * n) + j] += w;
            hessian[(i * n) + j] -= w;
            hessian[(j * n) + i] -= w;
        }
    }

    public bool Contains(string proposalId) => _index.ContainsKey(proposalId);

    /// <summary>The fitted strength on the Elo scale (mean 1200 over the field).</summary>
    public double RatingOf(string proposalId) =>
        EloRating.Initial + (Scale * (_index.TryGetValue(proposalId, out var i) ? _beta[i] - _mean : 0));

    public RatingInterval IntervalOf(string proposalId)
    {
        var rating = RatingOf(proposalId);
        var se = _index.TryGetValue(proposalId, out var i) ? Scale * Math.Sqrt(Math.Max(0, CentredVariance(i))) : double.PositiveInfinity;
        return new RatingInterval(rating, rating - (IntervalZ * se), rating + (IntervalZ * se), se);
    }

    /// <summary>
    /// How many standard errors separate <paramref name="better"/> from <paramref name="worse"/>:
    /// the difference of their strengths over its standard error, covariance included.
    /// </summary>
    public double Separation(string better, string worse)
    {
        if (!_index.TryGetValue(better, out var i) || !_index.TryGetValue(worse, out var j))
        {
            return 0;
        }

        var n = _beta.Length;
        var covariance = Covariance;
        var variance = covariance[(i * n) + i] + covariance[(j * n) + j] - (2 * covariance[(i * n) + j]);
        return (_beta[i] - _beta[j]) / Math.Sqrt(Math.Max(variance, 1e-12));
    }

    /// <summary>The standard normal distribution function (Abramowitz–Stegun 7.1.26 via erf), for confidences from separations.</summary>
    public static double NormalCdf(double z)
    {
        var x = Math.Abs(z) / Math.Sqrt(2);
        var t = 1 / (1 + (0.3275911 * x));
        var poly = ((((((((1.061405429 * t) - 1.453152027) * t) + 1.421413741) * t) - 0.284496736) * t) + 0.254829592) * t;
        var erf = 1 - (poly * Math.Exp(-x * x));
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }

    /// <summary>The z for a one-sided confidence (inverse of <see cref="NormalCdf"/>, by bisection: called rarely).</summary>
    public static double NormalQuantile(double confidence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(confidence, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(confidence, 1);
        double low = -10, high = 10;
        for (var i = 0; i < 100; i++)
        {
            var mid = (low + high) / 2;
            (low, high) = NormalCdf(mid) < confidence ? (mid, high) : (low, mid);
        }

        return (low + high) / 2;
    }

    /// <summary>
    /// Variance of a strength relative to the field's mean, which is what the rating shows: the
    /// field's common level is fixed only by the prior and must not widen every interval.
    /// </summary>
    private double CentredVariance(int i)
    {
        var n = _beta.Length;
        var covariance = Covariance;
        if (_totalCovariance is null)
        {
            var rowSums = new double[n];
            var total = 0.0;
            for (var r = 0; r < n; r++)
            {
                for (var c = 0; c < n; c++)
                {
                    rowSums[r] += covariance[(r * n) + c];
                }

                total += rowSums[r];
            }

            (_rowSums, _totalCovariance) = (rowSums, total);
        }

        return covariance[(i * n) + i] - (2 * _rowSums![i] / n) + (_totalCovariance.Value / ((double)n * n));
    }

    private static double[] Invert(double[] factor, int n)
    {
        var inverse = new double[n * n];
        var unit = new double[n];
        for (var c = 0; c < n; c++)
        {
            Array.Clear(unit);
            unit[c] = 1;
            var column = SolveWith(factor, unit);
            for (var r = 0; r < n; r++)
            {
                inverse[(r * n) + c] = column[r];
            }
        }

        return inverse;
    }

    /// <summary>Solves L Lᵀ x = g, L the lower Cholesky factor stored row-major.</summary>
    private static double[] SolveWith(double[] l, double[] g)
    {
        var n = g.Length;
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            var sum = g[i];
            var row = i * n;
            for (var k = 0; k < i; k++)
            {
                sum -= l[row + k] * y[k];
            }

            y[i] = sum / l[row + i];
        }

        var x = new double[n];
        for (var i = n - 1; i >= 0; i--)
        {
            var sum = y[i];
            for (var k = i + 1; k < n; k++)
            {
                sum -= l[(k * n) + i] * x[k];
            }

            x[i] = sum / l[(i * n) + i];
        }

        return x;
    }

    /// <summary>Lower Cholesky factor of a symmetric positive definite matrix (the prior makes the information one).</summary>
    private static double[] Cholesky(double[] h, int n)
    {
        var l = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            var rowI = i * n;
            for (var j = 0; j <= i; j++)
            {
                var rowJ = j * n;
                var sum = h[rowI + j];
                for (var k = 0; k < j; k++)
                {
                    sum -= l[rowI + k] * l[rowJ + k];
                }

                l[rowI + j] = i == j ? Math.Sqrt(Math.Max(sum, 1e-12)) : sum / l[rowJ + j];
            }
        }

        return l;
    }
}
