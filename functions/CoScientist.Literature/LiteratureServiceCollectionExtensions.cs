using CoScientist.Core.Literature;
using System.Net;
using CoScientist.Literature.Arxiv;
using CoScientist.Literature.Configuration;
using CoScientist.Literature.Crossref;
using CoScientist.Literature.EuropePmc;
using CoScientist.Literature.Http;
using CoScientist.Literature.OpenAlex;
using CoScientist.Literature.PubMed;
using CoScientist.Literature.Search;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoScientist.Literature;

/// <summary>Registers the literature API clients.</summary>
public static class LiteratureServiceCollectionExtensions
{
    /// <summary>Largest answer read, counted after decompression while it streams in: a long open-access full text is a few MB.</summary>
    private const long MaxAnswerBytes = 64L * 1024 * 1024;

    /// <summary>
    /// Registers <see cref="LiteratureOptions"/> (section <c>Literature</c>, validated), one typed
    /// HttpClient per source with its etiquette (gate, retries, timeout, User-Agent naming the
    /// product), the process-wide <see cref="LiteratureGates"/>, <see cref="LiteratureSources"/>, and
    /// <see cref="LiteratureSearch"/> as transient (one per run). Time is the registered
    /// <see cref="TimeProvider"/>, the system clock unless the host registered another first.
    /// </summary>
    public static IServiceCollection AddLiteratureSources(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LiteratureOptions>().Bind(configuration.GetSection(LiteratureOptions.SectionName));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LiteratureOptions>, LiteratureOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LiteratureGates>();
        services.TryAddSingleton<LiteratureSources>();
        services.TryAddTransient(sp => sp.GetRequiredService<LiteratureSources>().CreateSearch());

        AddSource<PubMedClient>(services, SourceNames.PubMed);
        AddSource<ArxivClient>(services, SourceNames.Arxiv);
        AddSource<EuropePmcClient>(services, SourceNames.EuropePmc);
        AddSource<OpenAlexClient>(services, SourceNames.OpenAlex);
        AddSource<CrossrefClient>(services, SourceNames.Crossref);
        return services;
    }

    private static void AddSource<TClient>(IServiceCollection services, string name)
        where TClient : class
    {
        services.AddHttpClient<TClient>(name, (sp, client) =>
            {
                var options = sp.GetRequiredService<IOptions<LiteratureOptions>>().Value;
                var settings = options.Resolve(name);

                // Attempts are timed by the handler on TimeProvider; a client-wide timeout would also count the gate's waits.
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.MaxResponseContentBufferSize = MaxAnswerBytes;
                client.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
                if (settings.Contact is { } contact)
                {
                    client.DefaultRequestHeaders.UserAgent.ParseAdd($"(mailto:{contact})");
                }
            })
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AutomaticDecompression = DecompressionMethods.All,

                // A redirect could lead to any address, an internal one included, and its page would end up
                // in an error message: a source that moves is reported, not followed.
                AllowAutoRedirect = false,

                // arXiv asks for a single connection; the others get as many as the gate lets through.
                MaxConnectionsPerServer = sp.GetRequiredService<IOptions<LiteratureOptions>>().Value.Resolve(name).MaxConcurrency,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectTimeout = TimeSpan.FromSeconds(15),
            })
            .AddHttpMessageHandler(sp =>
            {
                var options = sp.GetRequiredService<IOptions<LiteratureOptions>>().Value;
                var retry = new RetrySettings(options.MaxRetries, TimeSpan.FromSeconds(options.RetryBaseDelaySeconds), TimeSpan.FromSeconds(options.MaxRetryAfterSeconds));
                return new PoliteHttpHandler(
                    name,
                    sp.GetRequiredService<LiteratureGates>().For(name),
                    options.Resolve(name).Timeout,
                    retry,
                    MaxAnswerBytes,
                    sp.GetRequiredService<TimeProvider>(),
                    sp.GetRequiredService<ILoggerFactory>().CreateLogger("CoScientist.Literature.Http"));
            })

            // The factory's default request logging writes full URLs, and ours carry api_key and mailto.
            .RemoveAllLoggers();
    }
}
