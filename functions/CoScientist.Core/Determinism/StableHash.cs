namespace CoScientist.Core.Determinism;

/// <summary>
/// Hashes that are the same in every process and on every machine. <see cref="string.GetHashCode()"/>
/// and <see cref="HashCode"/> are randomised per process, which would make "same seed, same run"
/// hold only inside one process.
/// </summary>
public static class StableHash
{
    /// <summary>FNV-1a over the UTF-16 code units of <paramref name="text"/>.</summary>
    public static int Of(string text)
    {
        unchecked
        {
            var hash = (int)2166136261;
            foreach (var c in text)
            {
                hash = (hash ^ c) * 16777619;
            }

            return hash;
        }
    }

    /// <summary>Mixes values into one seed (SplitMix64 finaliser per step).</summary>
    public static int Combine(params ReadOnlySpan<long> values)
    {
        unchecked
        {
            var state = 0x9E3779B97F4A7C15UL;
            foreach (var value in values)
            {
                state ^= (ulong)value;
                state += 0x9E3779B97F4A7C15UL;
                state = (state ^ (state >> 30)) * 0xBF58476D1CE4E5B9UL;
                state = (state ^ (state >> 27)) * 0x94D049BB133111EBUL;
                state ^= state >> 31;
            }

            return (int)(state ^ (state >> 32));
        }
    }
}
