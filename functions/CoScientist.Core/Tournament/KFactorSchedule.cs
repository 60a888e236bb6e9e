namespace CoScientist.Tournament;

/// <summary>
/// K-factor by games played: a new proposal moves fast towards its level, a settled one
/// moves slowly, so late noise does not reshuffle a stable top.
/// </summary>
public sealed record KFactorSchedule(double Provisional, double Settled, int ProvisionalGames)
{
    public static readonly KFactorSchedule Default = new(Provisional: 32, Settled: 16, ProvisionalGames: 4);

    public static KFactorSchedule Constant(double k) => new(k, k, 0);

    public double For(int gamesPlayed) => gamesPlayed < ProvisionalGames ? Provisional : Settled;
}
