using CoScientist.Core.Literature;
using System.Collections.Concurrent;
using CoScientist.Literature.Configuration;
using Microsoft.Extensions.Options;

namespace CoScientist.Literature.Http;

/// <summary>
/// One <see cref="RateGate"/> per source for the whole process (registered as a singleton), so
/// that every run, every HttpClient handler rotation and every caller share the source's limits.
/// </summary>
public sealed class LiteratureGates(IOptions<LiteratureOptions> options, TimeProvider time) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<RateGate>> _gates = new(StringComparer.Ordinal);

    /// <summary>The gate of <paramref name="source"/> (one of <see cref="SourceNames"/>).</summary>
    public RateGate For(string source)
    {
        var name = SourceNames.Normalize(source) ?? throw new ArgumentException($"'{source}' is not a literature source.", nameof(source));
        return _gates.GetOrAdd(name, n => new Lazy<RateGate>(() =>
        {
            var settings = options.Value.Resolve(n);
            return new RateGate(settings.Interval, settings.MaxConcurrency, time);
        })).Value;
    }

    public void Dispose()
    {
        foreach (var gate in _gates.Values.Where(g => g.IsValueCreated))
        {
            gate.Value.Dispose();
        }
    }
}
