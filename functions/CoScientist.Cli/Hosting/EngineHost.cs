using CoScientist.Llm;
using CoScientist.Pipeline;
using CoScientist.Simulation;
using CoScientist.Storage;
using CoScientist.Storage.Embedded;
using CoScientist.Supervisor;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoScientist.Cli.Hosting;

/// <summary>
/// Composes the engine for one CLI command: configuration, the model provider, storage (the
/// embedded store by default) and logging to standard error at warning level.
/// </summary>
internal sealed class EngineHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private EngineHost(ServiceProvider services, AgentModelProvider models, bool providerDefaulted)
    {
        _services = services;
        Models = models;
        ProviderDefaulted = providerDefaulted;
    }

    public AgentModelProvider Models { get; }

    /// <summary>True when no provider was chosen or configured, so the simulated model stands in.</summary>
    public bool ProviderDefaulted { get; }

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    /// <summary>Reads the LLM settings, with <paramref name="provider"/> (from --model) taking precedence.</summary>
    public static (LlmOptions Options, bool Defaulted) ReadLlmOptions(IConfiguration configuration, LlmProvider? provider)
    {
        // The provider is parsed here, not by the binder, so a typo gets a one-line answer and
        // the names of --model work in settings too.
        var section = configuration.GetSection(LlmOptions.SectionName);
        var configuredText = section[nameof(LlmOptions.Provider)];
        LlmProvider? configured = null;
        if (!string.IsNullOrWhiteSpace(configuredText))
        {
            configured = Enum.TryParse<LlmProvider>(configuredText, ignoreCase: true, out var parsed)
                ? parsed
                : ParseProviderSetting(configuredText);
        }

        var chosen = provider ?? configured ?? LlmProvider.Simulated;
        var view = new ConfigurationBuilder()
            .AddConfiguration(configuration)
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"{LlmOptions.SectionName}:{nameof(LlmOptions.Provider)}"] = chosen.ToString() })
            .Build();
        var options = new LlmOptions();
        try
        {
            view.GetSection(LlmOptions.SectionName).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw new UsageException($"an LLM setting has the wrong type: {ex.Message}");
        }

        return (options, provider is null && configured is null);
    }

    private static LlmProvider ParseProviderSetting(string text)
    {
        try
        {
            return Commands.RunSettings.ParseProvider(text)!.Value;
        }
        catch (UsageException)
        {
            throw new UsageException($"Llm:Provider '{text}' is not a provider: use simulated, azure-openai or openai.");
        }
    }

    public static EngineHost Create(IConfiguration configuration, LlmProvider? provider, int seed, TextWriter log, int? concurrency = null)
    {
        var (llm, defaulted) = ReadLlmOptions(configuration, provider);
        var simulation = new SimulationOptions { Seed = seed };
        configuration.GetSection("Simulation").Bind(simulation);
        simulation.Seed = seed;
        var models = AgentModelProvider.Create(llm, simulation);

        var services = new ServiceCollection();
        services.AddLogging(logging => logging
            .AddConfiguration(configuration.GetSection("Logging"))
            .SetMinimumLevel(LogLevel.Warning)
            .AddProvider(new TextWriterLoggerProvider(log)));
        services.AddSingleton<IAgentModelProvider>(models);
        services.AddSingleton<ITableStore, EmbeddedTableStore>();
        services.AddSingleton<IQueueStore>(sp => new EmbeddedQueueStore(sp.GetRequiredService<TimeProvider>()));
        services.Configure<SupervisorOptions>(configuration.GetSection(SupervisorOptions.SectionName));
        services.Configure<StructuredChatOptions>(configuration.GetSection(StructuredChatOptions.SectionName));
        services.Configure<LocalHostOptions>(configuration.GetSection(LocalHostOptions.SectionName));
        if (concurrency is { } n)
        {
            services.Configure<LocalHostOptions>(o => o.Concurrency = n);
        }

        services.AddCoScientistEngine();
        return new EngineHost(services.BuildServiceProvider(validateScopes: true), models, defaulted);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Models.Dispose();
    }
}
