using CoScientist.Core.Literature;

namespace CoScientist.Literature.Http;

/// <summary>Counts the attempts behind one logical request, so an error can say how often it was tried.</summary>
internal sealed class AttemptCounter
{
    public static readonly HttpRequestOptionsKey<AttemptCounter> Key = new("CoScientist.Literature.Attempts");

    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Increment() => Interlocked.Increment(ref _count);
}
