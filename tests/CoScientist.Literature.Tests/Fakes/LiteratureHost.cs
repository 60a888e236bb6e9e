using CoScientist.Core.Literature;
using CoScientist.Literature;
using CoScientist.Literature.Search;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CoScientist.Literature.Tests.Fakes;

/// <summary>
/// The production registration (<see cref="LiteratureServiceCollectionExtensions.AddLiteratureSources"/>)
/// with every source's BaseUrl pointing at a fake server, and a clock of the test's choosing.
/// </summary>
public sealed class LiteratureHost : IAsyncDisposable
{
    private LiteratureHost(FakeLiteratureServer server, ServiceProvider services, TimeProvider clock)
    {
        Server = server;
        Services = services;
        Clock = clock;
    }

    public FakeLiteratureServer Server { get; }

    public ServiceProvider Services { get; }

    public TimeProvider Clock { get; }

    public LiteratureSources Sources => Services.GetRequiredService<LiteratureSources>();

    /// <summary>
    /// Starts a server and the services. Without a clock the system clock runs with fast rates and
    /// short backoff, for tests about what is parsed rather than when it is asked.
    /// </summary>
    public static async Task<LiteratureHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? clock = null, string basePath = "")
    {
        var server = await FakeLiteratureServer.StartAsync(clock);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var source in SourceNames.All)
        {
            values[$"Literature:{source}:BaseUrl"] = new Uri(server.BaseAddress, basePath).ToString();
            if (clock is null)
            {
                values[$"Literature:{source}:RequestsPerSecond"] = "50";
            }
        }

        if (clock is null)
        {
            values["Literature:pubmed:RequestsPerSecond"] = "3";
            values["Literature:RetryBaseDelaySeconds"] = "0.01";
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton(clock ?? TimeProvider.System);
        services.AddLiteratureSources(configuration);
        return new LiteratureHost(server, services.BuildServiceProvider(validateScopes: true), clock ?? TimeProvider.System);
    }

    public ILiteratureClient Client(string source) => Sources.Get(source);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Server.DisposeAsync();
    }
}
