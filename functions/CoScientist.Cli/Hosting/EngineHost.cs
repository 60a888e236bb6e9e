using Azure;
using Azure.Identity;
using CoScientist.Azure;
using CoScientist.Cli.Commands;
using CoScientist.Hosting;
using CoScientist.Hosting.Settings;
using CoScientist.Core.Llm;
using CoScientist.Llm;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoScientist.Cli.Hosting;

/// <summary>
/// The host of one CLI command: the co-scientist composed by <see cref="CoScientistHostingExtensions.AddCoScientist"/>
/// from the configuration, with the command's options (<c>--model</c>, <c>--storage</c>, <c>--concurrency</c>, …)
/// laid over it as settings, and logging to standard error at warning level.
/// </summary>
internal sealed class EngineHost : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _started;

    private EngineHost(IHost host, bool providerDefaulted, AzureStorageOptions? storage)
    {
        _host = host;
        ProviderDefaulted = providerDefaulted;
        Storage = storage;
    }

    /// <summary>The Azure Storage in use, or null for the in-memory store of this process.</summary>
    public AzureStorageOptions? Storage { get; }

    public AgentModelProvider Models => Get<AgentModelProvider>();

    /// <summary>True when no provider was chosen or configured, so the simulated model stands in.</summary>
    public bool ProviderDefaulted { get; }

    public T Get<T>()
        where T : notnull => _host.Services.GetRequiredService<T>();

    /// <summary>Reads the LLM settings, with <paramref name="provider"/> (from --model) taking precedence.</summary>
    public static (LlmOptions Options, bool Defaulted) ReadLlmOptions(IConfiguration configuration, LlmProvider? provider)
    {
        var view = new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(Overrides(new EngineSettings { Provider = provider })).Build();
        var options = Settings(() => view.GetSection(LlmOptions.SectionName).Get<LlmOptions>()) ?? new LlmOptions();
        return (options, IsDefaulted(configuration, provider));
    }

    /// <summary>
    /// Composes and starts the host for a command that works a run in this process (<c>run</c>): says which model
    /// stands in when none is configured, warns of models without a price, and readies the storage.
    /// </summary>
    public static async Task<EngineHost> StartAsync(CliEnvironment environment, EngineSettings settings, CancellationToken cancellationToken)
    {
        var engine = Create(environment.BuildConfiguration(), settings, environment.Error, settings.InMemory ? CoScientistHost.Offline : CoScientistHost.Runner);
        try
        {
            if (engine.ProviderDefaulted && !settings.InMemory)
            {
                await environment.Error.WriteLineAsync("No LLM is configured: using the simulated model (its outputs are labelled simulated). Set Llm__Provider, or pass --model.");
            }

            foreach (var model in engine.Models.ModelsWithoutPrice)
            {
                await environment.Error.WriteLineAsync($"warning: no price is configured for model '{model}'; its cost counts as 0 (set Llm__Prices__{model}__InputPerMillionUsd and __OutputPerMillionUsd).");
            }

            await engine.StartHostAsync(cancellationToken);
            return engine;
        }
        catch
        {
            await engine.DisposeAsync();
            throw;
        }
    }

    /// <summary>Like <see cref="StartAsync"/> for commands on shared storage: storage is required and the model is not mentioned.</summary>
    /// <param name="environment">Where the command reads settings and writes.</param>
    /// <param name="settings">The command's options.</param>
    /// <param name="command">The command's name, for the error when no storage is given.</param>
    /// <param name="host">What the command does with the storage (default: reads or writes it, working no queues).</param>
    /// <param name="cancellationToken">Stops the start.</param>
    public static async Task<EngineHost> OpenStorageAsync(CliEnvironment environment, EngineSettings settings, string command, CancellationToken cancellationToken, CoScientistHost? host = null)
    {
        var configuration = environment.BuildConfiguration();
        if (ReadStorageOptions(configuration, settings.StorageConnection) is null)
        {
            throw new UsageException($"{command} needs storage that outlives this process: give --storage CONNECTION (\"UseDevelopmentStorage=true\" for Azurite) or set Storage__ConnectionString.");
        }

        var engine = Create(configuration, settings, environment.Error, host ?? CoScientistHost.StorageCommand);
        try
        {
            await engine.StartHostAsync(cancellationToken);
            return engine;
        }
        catch
        {
            await engine.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Composes the host as <paramref name="settings"/> and the configuration say, and validates every setting
    /// (a bad one is a <see cref="UsageException"/> naming its key). Not started: hosted services do not run yet.
    /// </summary>
    public static EngineHost Create(IConfiguration configuration, EngineSettings settings, TextWriter log, CoScientistHost? host = null)
    {
        host ??= settings.InMemory ? CoScientistHost.Offline : CoScientistHost.Runner;
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        builder.Configuration.AddConfiguration(configuration);
        builder.Configuration.AddInMemoryCollection(Overrides(settings));
        builder.Logging.AddConfiguration(configuration.GetSection("Logging"));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddProvider(new TextWriterLoggerProvider(log));
        Settings(() => builder.AddCoScientist(host));
        var app = builder.Build();
        try
        {
            Settings(() => SettingsException.ValidateAll(app.Services));

            // Built here rather than at the first step, so an endpoint or key problem is one line now.
            Settings(() => app.Services.GetRequiredService<AgentModelProvider>());
        }
        catch
        {
            app.Dispose();
            throw;
        }

        var storage = host.Rehearsal ? null : ReadStorageOptions(builder.Configuration, connection: null);
        return new EngineHost(app, IsDefaulted(configuration, settings.Provider), storage);
    }

    /// <summary>The command's options as the settings they override, so every host reads them the same way.</summary>
    public static Dictionary<string, string?> Overrides(EngineSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var overrides = new Dictionary<string, string?>();
        if (settings.Provider is { } provider)
        {
            overrides[$"{LlmOptions.SectionName}:{nameof(LlmOptions.Provider)}"] = provider.CanonicalName();
        }

        if (settings.StorageConnection is { } connection)
        {
            overrides[$"{AzureStorageOptions.SectionName}:{nameof(AzureStorageOptions.ConnectionString)}"] = connection;
        }

        if (settings.Concurrency is { } concurrency)
        {
            overrides["LocalHost:Concurrency"] = concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        for (var i = 0; i < settings.QueueNames.Count; i++)
        {
            overrides[$"LocalHost:Queues:{i}"] = settings.QueueNames[i];
        }

        if (settings.SimulatedLatencyMilliseconds is { } latency)
        {
            overrides["Simulation:LatencyMs"] = latency.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return overrides;
    }

    /// <summary>The Azure Storage settings: --storage wins over the Storage section; null means the in-memory store.</summary>
    public static AzureStorageOptions? ReadStorageOptions(IConfiguration configuration, string? connection)
    {
        var view = connection is null
            ? configuration
            : new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(Overrides(new EngineSettings { StorageConnection = connection })).Build();
        return Settings(() => CoScientistHostingExtensions.ReadStorageOptions(view));
    }

    /// <summary>
    /// Creates the tables, queues and container if they are missing, and in doing so proves the
    /// storage answers; an unreachable account is one clear line, not a stack trace.
    /// </summary>
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

    /// <summary>Runs a composition step; a bad setting becomes the one-line usage error naming its key.</summary>
    public static T Settings<T>(Func<T> compose)
    {
        try
        {
            return SettingsException.Wrap(compose);
        }
        catch (SettingsException ex)
        {
            throw new UsageException($"setting: {ex.Message}");
        }
    }

    public static void Settings(Action compose) => Settings<object?>(() =>
    {
        compose();
        return null;
    });

    /// <summary>True when neither --model nor Llm:Provider chose a provider, so the simulated model stands in.</summary>
    public static bool IsDefaulted(IConfiguration configuration, LlmProvider? provider) =>
        provider is null && string.IsNullOrWhiteSpace(configuration[$"{LlmOptions.SectionName}:{nameof(LlmOptions.Provider)}"]);

    private async Task StartHostAsync(CancellationToken cancellationToken)
    {
        await PrepareStorageAsync(_host.Services, Storage, cancellationToken);
        await _host.StartAsync(cancellationToken);
        _started = true;
    }

    private static string FirstLine(string text)
    {
        var line = text.ReplaceLineEndings("\n").Split("\n", 2)[0].Trim();
        return line.Length > 300 ? line[..300] + "…" : line;
    }

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await _host.StopAsync(CancellationToken.None);
        }

        if (_host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
        else
        {
            _host.Dispose();
        }
    }
}
