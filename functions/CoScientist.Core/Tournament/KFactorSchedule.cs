namespace CoScientist.Core.Tournament;

/// <summary>
/// K-factor by games played: a new proposal moves fast towards its level, a settled one
/// moves slowly, so late noise does not reshuffle a stable top.
/// </summary>
/// <remarks>
/// Every proposal starts at 1200 and an evolved child may belong far above it, so the default
/// lets a newcomer travel (K = 200 over its first 32 games) before settling at K = 16, whose
/// rating noise (about ±37 Elo) is what limits how surely the top 3 can be told apart. Figures
/// in functions/CoScientist.Benchmarks/README.md.
/// </remarks>
public sealed record KFactorSchedule(double Provisional, double Settled, int ProvisionalGames)
{
    public static readonly KFactorSchedule Default = new(Provisional: 200, Settled: 16, ProvisionalGames: 32);

    public static KFactorSchedule Constant(double k) => new(k, k, 0);

    public double For(int gamesPlayed) => gamesPlayed < ProvisionalGames ? Provisional : Settled;
}
