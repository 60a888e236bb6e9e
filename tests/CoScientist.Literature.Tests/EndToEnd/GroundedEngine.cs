using CoScientist.Hosting.Local;
using CoScientist.Hosting;
using CoScientist.Core;
using CoScientist.Core.Literature;
using CoScientist.Literature;
using CoScientist.Literature.Tests.Fakes;
using CoScientist.Core.Llm;
using CoScientist.Core.Pipeline;
using CoScientist.Core.Runs;
using CoScientist.Simulation;
using CoScientist.Core.Storage;
using CoScientist.Core.Storage.Embedded;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CoScientist.Literature.Tests.EndToEnd;

/// <summary>The system clock moved by an offset, so a test can run in 2015 and scan in 2017; timers stay real.</summary>
internal sealed class ShiftedClock(DateTimeOffset start) : TimeProvider
{
    private TimeSpan _offset = start - System.GetUtcNow();

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _offset;

    public void MoveTo(DateTimeOffset time) => _offset = time - System.GetUtcNow();
}

/// <summary>
/// The whole engine as the CLI composes it (<c>AddRunLiterature</c>, then <c>AddCoScientistEngine</c>),
/// over the embedded store and the simulated model, with PubMed and arXiv enabled and pointed at a
/// fake server on 127.0.0.1 that serves recorded answers. Nothing leaves the machine.
/// </summary>
internal sealed class GroundedEngine : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private GroundedEngine(FakeLiteratureServer server, ServiceProvider services, ShiftedClock clock)
    {
        Server = server;
        _services = services;
        Clock = clock;
    }

    public FakeLiteratureServer Server { get; }

    public ShiftedClock Clock { get; }

    public RunStore Store => Get<RunStore>();

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public static async Task<GroundedEngine> StartAsync(DateTimeOffset start, int modelSeed = 7)
    {
        var server = await FakeLiteratureServer.StartAsync();
        var clock = new ShiftedClock(start);
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Literature:Enabled"] = "true",
            ["Literature:RetryBaseDelaySeconds"] = "0.01",
            ["Literature:europepmc:Enabled"] = "false",
            ["Literature:openalex:Enabled"] = "false",
            ["Literature:crossref:Enabled"] = "false",
        };
        foreach (var source in SourceNames.All)
        {
            settings[$"Literature:{source}:BaseUrl"] = server.BaseAddress.ToString();
            settings[$"Literature:{source}:RequestsPerSecond"] = "50";
        }

        // NCBI allows 10 requests a second with a key (the fake server takes any).
        settings["Literature:pubmed:ApiKey"] = "test-key";
        settings["Literature:pubmed:RequestsPerSecond"] = "10";

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<ITableStore, EmbeddedTableStore>();
        services.AddSingleton<IQueueStore>(sp => new EmbeddedQueueStore(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IAgentModelProvider>(new SimulatedModelProvider(new SimulationOptions { Seed = modelSeed }));
        services.Configure<LocalHostOptions>(o => o.Concurrency = 4);
        services.AddRunLiterature(configuration);
        services.AddCoScientistEngine().AddLocalPipeline();
        return new GroundedEngine(server, services.BuildServiceProvider(validateScopes: true), clock);
    }

    /// <summary>Starts a run and works it to the end.</summary>
    public async Task<RunRecord> RunAsync(RunRequest request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        return await Get<LocalRunner>().RunAsync(request, cancellationToken: timeout.Token);
    }

    /// <summary>Works an existing run (a re-opened one) to the end.</summary>
    public async Task<RunRecord> ResumeAsync(string runId, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        return await Get<LocalRunner>().ResumeAsync(runId, cancellationToken: timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Server.DisposeAsync();
    }
}
