namespace CoScientist.Core.Tournament;

/// <summary>Elo arithmetic for the tournament: every proposal starts at 1200.</summary>
public static class EloRating
{
    public const double Initial = 1200;

    /// <summary>Probability that a player rated <paramref name="rating"/> beats one rated <paramref name="opponent"/>.</summary>
    public static double Expected(double rating, double opponent) => 1.0 / (1.0 + Math.Pow(10, (opponent - rating) / 400.0));

    /// <summary>Ratings after one game; the change is equal and opposite for the two players.</summary>
    public static (double Winner, double Loser) Update(double winner, double loser, double kFactor)
    {
        var delta = kFactor * (1 - Expected(winner, loser));
        return (winner + delta, loser - delta);
    }

    /// <summary>Ratings after a drawn game: each side scores one half.</summary>
    public static (double First, double Second) UpdateDraw(double first, double second, double kFactor)
    {
        var delta = kFactor * (0.5 - Expected(first, second));
        return (first + delta, second - delta);
    }
}
