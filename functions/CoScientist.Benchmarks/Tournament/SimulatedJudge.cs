using CoScientist.Core.Tournament;

namespace CoScientist.Benchmarks.Tournament;

/// <summary>How noisy and how costly the simulated judge is, per match format.</summary>
public sealed record SimulatedJudgeOptions
{
    public static readonly SimulatedJudgeOptions Default = new();

    /// <summary>
    /// Bradley–Terry temperature of a single-turn comparison, on the Elo scale: at 1 the judge
    /// picks the better proposal exactly as often as Elo predicts from the quality gap; 0 is a
    /// noise-free judge.
    /// </summary>
    public double SingleTurnTemperature { get; init; } = 1.0;

    /// <summary>A debate lets the judge hear both sides out, so it is less noisy than a single turn.</summary>
    public double DebateTemperature { get; init; } = 0.5;

    /// <summary>Cost of a single-turn comparison; the unit of the cost axis.</summary>
    public double SingleTurnCost { get; init; } = 1.0;

    /// <summary>A multi-turn debate takes several judge calls with longer context.</summary>
    public double DebateCost { get; init; } = 3.0;

    /// <summary>
    /// Probability that a call prefers whichever proposal it is shown first, whatever their
    /// quality (otherwise it judges as above). LLM judges are known to do this; 0 is no bias.
    /// Debates randomise the order, as the product does, so there the bias is noise.
    /// </summary>
    public double PositionBias { get; init; }

    public double CostOf(MatchFormat format) => format == MatchFormat.Debate ? DebateCost : SingleTurnCost;

    public double TemperatureOf(MatchFormat format) => format == MatchFormat.Debate ? DebateTemperature : SingleTurnTemperature;
}

/// <summary>A judge of known behaviour: prefers the better proposal with a Bradley–Terry probability.</summary>
public sealed class SimulatedJudge
{
    private readonly SimulatedJudgeOptions _options;
    private readonly Random _random;

    public SimulatedJudge(SimulatedJudgeOptions options, Random random)
    {
        _options = options;
        _random = random;
    }

    /// <summary>
    /// Probability that quality <paramref name="quality"/> beats <paramref name="opponent"/>:
    /// Bradley–Terry on the Elo scale with the quality gap divided by the temperature.
    /// </summary>
    public static double WinProbability(double quality, double opponent, double temperature)
    {
        if (temperature <= 0)
        {
            return quality > opponent ? 1.0 : quality < opponent ? 0.0 : 0.5;
        }

        return EloRating.Expected(quality / temperature, opponent / temperature);
    }

    public double WinProbability(double quality, double opponent, MatchFormat format) =>
        WinProbability(quality, opponent, _options.TemperatureOf(format));

    /// <summary>Plays one match; true when the first proposal wins.</summary>
    public bool FirstWins(double quality, double opponent, MatchFormat format)
    {
        if (_options.PositionBias <= 0)
        {
            // One draw per match whatever the temperature, so a noise-free judge consumes the stream alike.
            return _random.NextDouble() < WinProbability(quality, opponent, format);
        }

        // The product shows the two in a random order (RankingAgent), so the bias is noise here.
        return Call(quality, opponent, format, firstShownFirst: _random.Next(2) == 0);
    }

    /// <summary>
    /// A single-turn comparison asked in both presentation orders (two calls): the first
    /// proposal wins, loses, or the two verdicts disagree (null).
    /// </summary>
    public bool? FirstWinsBothOrders(double quality, double opponent)
    {
        var firstShownFirst = Call(quality, opponent, MatchFormat.SingleTurn, firstShownFirst: true);
        var firstShownSecond = Call(quality, opponent, MatchFormat.SingleTurn, firstShownFirst: false);
        return firstShownFirst == firstShownSecond ? firstShownFirst : null;
    }

    /// <summary>One judge call; true when the first proposal (quality) is preferred.</summary>
    private bool Call(double quality, double opponent, MatchFormat format, bool firstShownFirst)
    {
        var biased = _random.NextDouble() < _options.PositionBias;
        var byQuality = _random.NextDouble() < WinProbability(quality, opponent, format);
        return biased ? firstShownFirst : byQuality;
    }
}
