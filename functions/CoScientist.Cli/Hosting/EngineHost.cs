using Azure;
using Azure.Identity;
using CoScientist.Azure;
using CoScientist.Cli.Commands;
using CoScientist.Literature.Sources;
using CoScientist.Llm;
using CoScientist.Pipeline;
using CoScientist.Simulation;
using CoScientist.Storage;
using CoScientist.Storage.Embedded;
using CoScientist.Supervisor;
using CoScientist.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoScientist.Cli.Hosting;

/// <summary>
/// Composes the engine for one CLI command: configuration, the model provider, storage (Azure
/// Storage when given, else the in-memory store) and logging to standard error at warning level.
/// </summary>
internal sealed class EngineHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private EngineHost(ServiceProvider services, AgentModelProvider models, bool providerDefaulted, AzureStorageOptions? storage)
    {
        _services = services;
        Models = models;
        ProviderDefaulted = providerDefaulted;
        Storage = storage;
    }

    /// <summary>The Azure Storage in use, or null for the in-memory store of this process.</summary>
    public AzureStorageOptions? Storage { get; }

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

    /// <summary>
    /// Composes the engine for a command, says which model stands in when none is configured,
    /// warns of models without a price, and readies the storage.
    /// </summary>
    public static async Task<EngineHost> StartAsync(CliEnvironment environment, EngineSettings settings, CancellationToken cancellationToken)
    {
        var engine = Create(environment.BuildConfiguration(), settings, environment.Error);
        try
        {
            if (engine.ProviderDefaulted)
            {
                await environment.Error.WriteLineAsync("No LLM is configured: using the simulated model (its outputs are labelled simulated). Set Llm__Provider, or pass --model.");
            }

            foreach (var model in engine.Models.ModelsWithoutPrice)
            {
                await environment.Error.WriteLineAsync($"warning: no price is configured for model '{model}'; its cost counts as 0 (set Llm__Prices__{model}__InputPerMillionUsd and __OutputPerMillionUsd).");
            }

            await engine.PrepareStorageAsync(cancellationToken);
            return engine;
        }
        catch
        {
            await engine.DisposeAsync();
            throw;
        }
    }

    /// <summary>Like <see cref="StartAsync"/> for commands that only read or write storage: storage is required and the model is not mentioned.</summary>
    public static async Task<EngineHost> OpenStorageAsync(CliEnvironment environment, EngineSettings settings, string command, CancellationToken cancellationToken)
    {
        var configuration = environment.BuildConfiguration();
        if (ReadStorageOptions(configuration, settings.StorageConnection) is null)
        {
            throw new UsageException($"{command} needs storage that outlives this process: give --storage CONNECTION (\"UseDevelopmentStorage=true\" for Azurite) or set Storage__ConnectionString.");
        }

        var engine = Create(configuration, settings, environment.Error);
        try
        {
            await engine.PrepareStorageAsync(cancellationToken);
            return engine;
        }
        catch
        {
            await engine.DisposeAsync();
            throw;
        }
    }

    /// <summary>Composes the engine as <paramref name="settings"/> and the configuration say; storage is Azure when a connection is given or configured.</summary>
    public static EngineHost Create(IConfiguration configuration, EngineSettings settings, TextWriter log)
    {
        var (models, defaulted) = CreateModels(configuration, settings);
        var storage = settings.InMemory ? null : ReadStorageOptions(configuration, settings.StorageConnection);
        var services = new ServiceCollection();
        services.AddLogging(logging => logging
            .AddConfiguration(configuration.GetSection("Logging"))
            .SetMinimumLevel(LogLevel.Warning)
            .AddProvider(new TextWriterLoggerProvider(log)));
        AddEngine(services, configuration, settings, models, storage);
        services.AddCosciTelemetry(configuration);
        return new EngineHost(services.BuildServiceProvider(validateScopes: true), models, defaulted, storage);
    }

    /// <summary>
    /// Registers the engine on <paramref name="services"/> (the CLI's own container, or a web
    /// host's for <c>cosci serve</c>): the model provider, storage, options and the engine itself.
    /// </summary>
    public static void AddEngine(IServiceCollection services, IConfiguration configuration, EngineSettings settings, AgentModelProvider models, AzureStorageOptions? storage)
    {
        services.AddSingleton<IAgentModelProvider>(models);
        if (storage is null)
        {
            services.AddSingleton<ITableStore, EmbeddedTableStore>();
            services.AddSingleton<IQueueStore>(sp => new EmbeddedQueueStore(sp.GetRequiredService<TimeProvider>()));
        }
        else
        {
            services.AddAzureStorage(storage);
        }

        services.AddSingleton(configuration); // RunLimits (and any options bound with BindConfiguration) read it
        services.Configure<SupervisorOptions>(configuration.GetSection(SupervisorOptions.SectionName));
        services.Configure<StructuredChatOptions>(configuration.GetSection(StructuredChatOptions.SectionName));
        services.Configure<LocalHostOptions>(configuration.GetSection(LocalHostOptions.SectionName));
        services.Configure<LocalHostOptions>(o =>
        {
            if (settings.Concurrency is { } n)
            {
                o.Concurrency = n;
            }

            if (settings.QueueNames.Count > 0)
            {
                o.Queues = [.. settings.QueueNames];
            }
        });

        // Real literature for runs and scans when Literature:Enabled is true (default: attached context only); rehearsals stay offline.
        if (!settings.InMemory)
        {
            services.AddRunLiterature(configuration);
        }

        services.AddCoScientistEngine();
    }

    /// <summary>The model provider and simulation settings that <paramref name="settings"/> and the configuration ask for.</summary>
    public static (AgentModelProvider Models, bool Defaulted) CreateModels(IConfiguration configuration, EngineSettings settings)
    {
        var (llm, defaulted) = ReadLlmOptions(configuration, settings.Provider);

        // The simulated world's seed is a setting, not the run's seed: every process that works on
        // a run (a worker, the API, a resumed run) then answers alike, and the run's own seed still
        // varies every simulated answer through the per-call seed.
        var simulation = new SimulationOptions();
        configuration.GetSection("Simulation").Bind(simulation);
        if (settings.SimulatedLatencyMilliseconds is { } latency)
        {
            simulation.LatencyMs = latency;
        }

        return (AgentModelProvider.Create(llm, simulation), defaulted);
    }

    /// <summary>The Azure Storage settings: --storage wins over the Storage section; null means the in-memory store.</summary>
    public static AzureStorageOptions? ReadStorageOptions(IConfiguration configuration, string? connection)
    {
        var options = new AzureStorageOptions();
        try
        {
            configuration.GetSection(AzureStorageOptions.SectionName).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw new UsageException($"a Storage setting has the wrong type: {ex.Message}");
        }

        if (connection is not null)
        {
            options.ConnectionString = connection;
        }

        var configured = !string.IsNullOrWhiteSpace(options.ConnectionString)
            || options.TableServiceUri is not null || options.QueueServiceUri is not null || options.BlobServiceUri is not null;
        return configured ? options : null;
    }

    /// <summary>
    /// Creates the tables, queues and container if they are missing, and in doing so proves the
    /// storage answers; an unreachable account is one clear line, not a stack trace.
    /// </summary>
    public Task PrepareStorageAsync(CancellationToken cancellationToken) => PrepareStorageAsync(_services, Storage, cancellationToken);

    /// <summary>The same for an engine registered in another container (the web host of <c>cosci serve</c>).</summary>
    public static async Task PrepareStorageAsync(IServiceProvider services, AzureStorageOptions? storage, CancellationToken cancellationToken)
    {
        if (storage is null)
        {
            return;
        }

        try
        {
            await services.GetRequiredService<AzureStorageProvisioner>().EnsureCreatedAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is RequestFailedException or AggregateException or AuthenticationFailedException or HttpRequestException)
        {
            var reason = ex is AggregateException aggregate ? aggregate.Flatten().InnerExceptions[0].Message : ex.Message;
            throw new StorageUnavailableException($"cannot use the storage account at {StorageEndpoint(storage)}: {FirstLine(reason)}");
        }
    }

    /// <summary>Where the storage is, without the key a connection string may hold.</summary>
    public static string StorageEndpoint(AzureStorageOptions options)
    {
        if (options.UsesServiceUris)
        {
            return (options.TableServiceUri ?? options.QueueServiceUri ?? options.BlobServiceUri)!.GetLeftPart(UriPartial.Authority);
        }

        try
        {
            return new global::Azure.Data.Tables.TableServiceClient(options.ConnectionString).Uri.GetLeftPart(UriPartial.Authority);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            return "(unparsable connection string)";
        }
    }

    private static string FirstLine(string text)
    {
        var line = text.ReplaceLineEndings("\n").Split("\n", 2)[0].Trim();
        return line.Length > 300 ? line[..300] + "…" : line;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Models.Dispose();
    }
}
