using Azure.Core;
using Azure.Identity;
using CoScientist.Api;
using CoScientist.Api.Estimates;
using CoScientist.Hosting.Estimates;
using CoScientist.Azure;
using CoScientist.Core;
using CoScientist.Core.Configuration;
using CoScientist.Core.Literature;
using CoScientist.Core.Llm;
using CoScientist.Core.Storage;
using CoScientist.Core.Storage.Embedded;
using CoScientist.Core.Supervisor;
using CoScientist.Core.Orchestration;
using CoScientist.Hosting.Orchestration;
using CoScientist.Orchestration;
using CoScientist.Hosting.Local;
using CoScientist.Hosting.Settings;
using CoScientist.Hosting.Status;
using CoScientist.Ingest;
using CoScientist.Literature;
using CoScientist.Llm;
using CoScientist.Simulation;
using CoScientist.Core.Telemetry;
using CoScientist.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CoScientist.Hosting;

/// <summary>
/// The one composition root of the co-scientist. The Functions app's <c>Program.cs</c>, <c>cosci serve</c>,
/// <c>cosci worker</c>, every other <c>cosci</c> command and the test harnesses compose through
/// <see cref="AddCoScientist"/>, so a setting means the same thing in every host.
/// </summary>
public static class CoScientistHostingExtensions
{
    /// <summary>
    /// Composes the co-scientist on <paramref name="builder"/> from its configuration: every options class
    /// bound from its section and validated on start; storage (Azure Storage when configured, else the
    /// in-process store); the model provider (<c>Llm</c>, <c>Simulation</c>); the engine; the HTTP API's
    /// handlers; upload handling; literature; telemetry; the runs' orchestration activities; and, outside
    /// the Functions app (which brings Durable Functions), the local queue host and the Durable Task
    /// Framework engine that runs the orchestrations.
    /// </summary>
    /// <exception cref="SettingsException">A setting read while composing is invalid; the message names the key.</exception>
    public static IHostApplicationBuilder AddCoScientist(this IHostApplicationBuilder builder, CoScientistHost host)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(host);
        var configuration = builder.Configuration;
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);

        // One credential for storage, Azure OpenAI and Application Insights: the managed identity in Azure
        // (AZURE_CLIENT_ID names it), the developer's sign-in locally. Created only when something asks.
        services.TryAddSingleton<TokenCredential>(_ => new DefaultAzureCredential());

        var storage = host.Rehearsal ? null : ReadStorageOptions(configuration);
        AddStorage(services, storage, host);
        AddModels(services, host);
        AddEngineOptions(services);
        services.AddCoScientistEngine();
        if (!host.Rehearsal)
        {
            // Real literature for runs and scans when Literature:Enabled is true; rehearsals stay offline.
            SettingsException.Wrap(() => services.AddRunLiterature(configuration));
        }

        services.AddCoScientistApiHandlers(configuration);
        services.AddRunEstimates();
        if (storage is not null)
        {
            // Uploads arrive in a blob container: only a host on Azure Storage has them to handle.
            services.AddCoScientistIngest(configuration);
        }

        services.TryAddSingleton<PoisonQueues>();
        services.AddRunOrchestrationActivities();
        if (host.Kind != CoScientistHostKind.Functions)
        {
            AddLocalPipeline(services);
        }

        services.AddCosciOpenTelemetry(configuration);
        return builder;
    }

    /// <summary>
    /// The local queue host with the Functions queue-trigger rules (<c>LocalHost</c> settings), the runner of
    /// <c>cosci run</c>, and the runs' orchestrations on the Durable Task Framework (<c>Orchestration</c>
    /// settings; Azure Storage when the host has it, else in memory): for hosts and harnesses that work the
    /// queues in their own process, or start and steer runs that others work.
    /// </summary>
    public static IServiceCollection AddLocalPipeline(this IServiceCollection services)
    {
        // Hosts register their configuration; a bare container (a test harness) binds from an empty one.
        services.TryAddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddOptions<LocalHostOptions>()
            .BindConfiguration(LocalHostOptions.SectionName)
            .ValidateEach(o => o.Validate())
            .ValidateOnStart();
        services.TryAddSingleton<QueueWorkSignal>();
        services.TryAddSingleton<LocalPipelineHost>();
        services.TryAddSingleton<LocalRunner>();
        services.AddOptions<OrchestrationOptions>()
            .BindConfiguration(OrchestrationOptions.SectionName)
            .ValidateEach(o => o.Validate())
            .ValidateOnStart();
        services.AddRunOrchestrationActivities();
        services.TryAddSingleton<LocalOrchestrationEngine>();
        services.TryAddSingleton<IRunOrchestrations, TaskHubRunOrchestrations>();
        return services;
    }

    /// <summary>Estimates of what a run would spend (<c>POST /api/estimates</c>), by a rehearsal in memory.</summary>
    public static IServiceCollection AddRunEstimates(this IServiceCollection services)
    {
        services.TryAddSingleton<IRunEstimator, RunEstimator>();
        return services;
    }

    /// <summary>Works the queues in the background for as long as the host runs (<c>cosci serve</c>).</summary>
    public static IServiceCollection AddPipelineWorker(this IServiceCollection services)
    {
        services.AddHostedService<PipelineWorker>();
        return services;
    }

    /// <summary>
    /// The <c>Storage</c> settings, or null when none name an account (the in-process store then serves).
    /// </summary>
    /// <exception cref="SettingsException">A Storage setting has the wrong type.</exception>
    public static AzureStorageOptions? ReadStorageOptions(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = SettingsException.Wrap(() => configuration.GetSection(AzureStorageOptions.SectionName).Get<AzureStorageOptions>()) ?? new AzureStorageOptions();
        var configured = !string.IsNullOrWhiteSpace(options.ConnectionString)
            || options.TableServiceUri is not null || options.QueueServiceUri is not null || options.BlobServiceUri is not null;
        return configured ? options : null;
    }

    private static void AddStorage(IServiceCollection services, AzureStorageOptions? storage, CoScientistHost host)
    {
        if (storage is null)
        {
            if (host.RequireSharedStorage)
            {
                throw new SettingsException(
                    $"{AzureStorageOptions.SectionName}: this host needs storage that outlives the process: set {AzureStorageOptions.SectionName}:ConnectionString, or {AzureStorageOptions.SectionName}:TableServiceUri, QueueServiceUri and BlobServiceUri.");
            }

            services.TryAddSingleton<ITableStore, EmbeddedTableStore>();
            services.TryAddSingleton<IQueueStore>(sp => new EmbeddedQueueStore(sp.GetRequiredService<TimeProvider>()));
            return;
        }

        if (host.Kind == CoScientistHostKind.Functions && !string.IsNullOrEmpty(storage.Prefix))
        {
            // Trigger attributes name their queues and the uploads container by constants: a prefix would
            // make the app write to queues no trigger listens to.
            throw new SettingsException(
                $"{AzureStorageOptions.SectionName}:{nameof(AzureStorageOptions.Prefix)} is '{storage.Prefix}', but the Functions app's triggers listen to the unprefixed queues and container: remove the setting (give the deployment its own storage account instead).");
        }

        services.AddOptions<AzureStorageOptions>()
            .BindConfiguration(AzureStorageOptions.SectionName)
            .ValidateEach(o => o.Validate())
            .ValidateOnStart();
        SettingsException.Wrap(() => services.AddAzureStorage(storage));
    }

    private static void AddModels(IServiceCollection services, CoScientistHost host)
    {
        services.AddOptions<LlmOptions>()
            .BindConfiguration(LlmOptions.SectionName)
            .ValidateEach(LlmOptionsValidator.Validate)
            .ValidateOnStart();
        services.AddOptions<SimulationOptions>()
            .BindConfiguration(SimulationOptions.SectionName)
            .ValidateEach(o => o.Validate())
            .ValidateOnStart();
        services.TryAddSingleton(sp =>
        {
            var llm = sp.GetRequiredService<IOptions<LlmOptions>>().Value;
            if (host.Rehearsal)
            {
                llm = new LlmOptions { Provider = LlmProvider.Simulated, MaxConcurrency = llm.MaxConcurrency };
            }

            var simulation = sp.GetRequiredService<IOptions<SimulationOptions>>().Value;
            return AgentModelProvider.Create(llm, simulation, llm.UseEntraId ? sp.GetRequiredService<TokenCredential>() : null);
        });
        services.TryAddSingleton<IAgentModelProvider>(sp => sp.GetRequiredService<AgentModelProvider>());
    }

    private static void AddEngineOptions(IServiceCollection services)
    {
        services.AddOptions<SupervisorOptions>().BindConfiguration(SupervisorOptions.SectionName).ValidateOnStart();
        services.AddOptions<StructuredChatOptions>().BindConfiguration(StructuredChatOptions.SectionName).ValidateOnStart();
        services.AddOptions<LiteratureScanOptions>().BindConfiguration(LiteratureScanOptions.SectionName).ValidateOnStart();
    }
}
