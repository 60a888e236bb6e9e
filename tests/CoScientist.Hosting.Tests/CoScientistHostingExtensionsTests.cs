using CoScientist.Api.Endpoints;
using CoScientist.Azure;
using CoScientist.Core.Llm;
using CoScientist.Core.Pipeline;
using CoScientist.Core.Runs;
using CoScientist.Core.Storage;
using CoScientist.Core.Storage.Embedded;
using CoScientist.Core.Orchestration;
using CoScientist.Hosting.Orchestration;
using CoScientist.Hosting.Local;
using CoScientist.Hosting.Settings;
using CoScientist.Ingest;
using CoScientist.Testing.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CoScientist.Hosting.Tests;

/// <summary>
/// The one composition root, per kind of host: the real container (validated on build) resolves what that host
/// runs, a bad setting fails start naming its key, and each host reaches the runs' orchestrations on the task hub
/// its storage implies.
/// </summary>
public sealed class CoScientistHostingExtensionsTests(AzuriteFixture azurite)
{
    public static TheoryData<string> LocalHosts => ["runner", "offline", "serve", "serve-api-only", "worker", "storage-command"];

    [Theory]
    [MemberData(nameof(LocalHosts))]
    public void AddCoScientist_EachLocalHost_BuildsValidatedAndResolvesWhatItRuns(string kind)
    {
        var host = Kind(kind);
        using var app = Build(host);

        SettingsException.ValidateAll(app.Services);
        Assert.NotNull(app.Services.GetRequiredService<RunService>());
        Assert.NotNull(app.Services.GetRequiredService<QueueMessageRouter>());
        Assert.NotNull(app.Services.GetRequiredService<RunsApi>());
        // Uploads arrive in a blob container: handled only where the host has shared storage.
        Assert.Equal(host.RequireSharedStorage, app.Services.GetService<UploadHandler>() is not null);
        Assert.NotNull(app.Services.GetRequiredService<LocalPipelineHost>());
        var models = app.Services.GetRequiredService<IAgentModelProvider>();
        Assert.Equal(ModelProviderNames.Simulated, models.ProviderName);

        // Shared storage where the host needs it; the in-process store only for a run that lives in this process.
        var tables = app.Services.GetRequiredService<ITableStore>();
        Assert.Equal(host.RequireSharedStorage, tables is not EmbeddedTableStore);
    }

    [Theory]
    [MemberData(nameof(LocalHosts))]
    public void AddCoScientist_EachLocalHost_OrchestratesRunsOnTheTaskHubItsStorageImplies(string kind)
    {
        var host = Kind(kind);
        using var app = Build(host);

        var engine = app.Services.GetRequiredService<LocalOrchestrationEngine>();

        Assert.IsType<TaskHubRunOrchestrations>(app.Services.GetRequiredService<IRunOrchestrations>());
        Assert.Equal(host.RequireSharedStorage, engine.Shared);
        if (host.RequireSharedStorage)
        {
            // Never the deployed app's hub, and one per storage prefix so parallel test runs do not meet.
            Assert.Matches("^cosci[a-z0-9]+local$", engine.TaskHub);
            Assert.NotEqual(OrchestrationOptions.DeployedTaskHub, engine.TaskHub, StringComparer.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task SharedStorageHost_StartingARunsOrchestration_CreatesTheTaskHubAndReportsItsState()
    {
        using var app = Build(CoScientistHost.StorageCommand);
        var orchestrations = app.Services.GetRequiredService<IRunOrchestrations>();
        var runId = $"run-hub-{Guid.NewGuid():N}";

        Assert.Null(await orchestrations.GetStateAsync(runId, TestContext.Current.CancellationToken));
        await orchestrations.StartAsync(runId, TestContext.Current.CancellationToken);
        await orchestrations.StartAsync(runId, TestContext.Current.CancellationToken); // Idempotent: one instance.
        var state = await orchestrations.GetStateAsync(runId, TestContext.Current.CancellationToken);

        // No worker runs in a storage command: the instance waits, pending, in the task hub in Azurite.
        Assert.NotNull(state);
        Assert.Equal("pending", state.Status);
        Assert.True(state.IsRunning);

        // An event for it is accepted; one for a run that has no orchestration is dropped without an error.
        await orchestrations.RaiseAsync(runId, RunEvent.Changed(), TestContext.Current.CancellationToken);
        await orchestrations.RaiseAsync($"run-none-{Guid.NewGuid():N}", RunEvent.RoundCompleted(1), TestContext.Current.CancellationToken);
    }

    public static TheoryData<string, string, string> BadSettings => new()
    {
        { "worker", "Supervisor:ParallelWidth", "abc" },
        { "serve", "Supervisor:ParallelWidth", "abc" },
        { "runner", "Supervisor:ParallelWidth", "abc" },
        { "worker", "Llm:Provider", "nope" },
        { "serve", "Llm:Provider", "nope" },
        { "runner", "Llm:Provider", "nope" },
        { "worker", "LocalHost:BatchSize", "99" },
        { "serve", "Api:MaxRequestBodyBytes", "lots" },
        { "runner", "Simulation:LatencyMs", "-5" },
        { "storage-command", "Ingest:MaxGoalFileBytes", "0" },
        { "worker", "Orchestration:TaskHub", "CoScientistHub" },
        { "serve", "Orchestration:PartitionCount", "0" },
        { "runner", "Supervisor:RescueInterval", "soon" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Start_BadSetting_FailsInOneLineNamingTheKey(string kind, string key, string value)
    {
        var failure = Assert.Throws<SettingsException>(() =>
        {
            using var app = Build(Kind(kind), (key, value));
            SettingsException.ValidateAll(app.Services);
        });

        Assert.Contains(key, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', failure.Message);
    }

    [Fact]
    public void Offline_ConfiguredStorageAndProviderAreIgnored()
    {
        using var app = Build(
            CoScientistHost.Offline,
            ("Storage:ConnectionString", azurite.ConnectionString),
            ("Llm:Provider", "openai"),
            ("Llm:Model", "gpt-4.1"),
            ("Llm:ApiKey", "not-used-offline"));

        Assert.IsType<EmbeddedTableStore>(app.Services.GetRequiredService<ITableStore>());
        Assert.True(app.Services.GetRequiredService<IAgentModelProvider>().IsSimulated);
    }

    [Fact]
    public void SharedStorageHost_NoStorageConfigured_RefusedNamingTheSettings()
    {
        var failure = Assert.Throws<SettingsException>(() => Build(CoScientistHost.Worker, withStorage: false));

        Assert.Contains("Storage:ConnectionString", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Models_ProviderNameAndDescription_ReachTheRunsItStarts()
    {
        using var app = Build(CoScientistHost.Runner, ("Simulation:Seed", "42"));

        var models = app.Services.GetRequiredService<IAgentModelProvider>();

        Assert.Equal("simulated model (seed 42)", models.Description);
        Assert.True(models.IsSimulated);
    }

    private IHost Build(CoScientistHost host, params (string Key, string Value)[] settings) => Build(host, withStorage: true, settings);

    private IHost Build(CoScientistHost host, bool withStorage, params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
        var values = settings.ToDictionary(s => s.Key, s => (string?)s.Value);
        if (withStorage && host.RequireSharedStorage && !values.ContainsKey("Storage:ConnectionString"))
        {
            values["Storage:ConnectionString"] = azurite.ConnectionString;
            values["Storage:Prefix"] = AzuriteFixture.UniquePrefix();
        }

        builder.Configuration.AddInMemoryCollection(values);
        builder.AddCoScientist(host);
        return builder.Build();
    }

    private static CoScientistHost Kind(string kind) => kind switch
    {
        "runner" => CoScientistHost.Runner,
        "offline" => CoScientistHost.Offline,
        "serve" => CoScientistHost.Serve(workQueues: true),
        "serve-api-only" => CoScientistHost.Serve(workQueues: false),
        "worker" => CoScientistHost.Worker,
        "storage-command" => CoScientistHost.StorageCommand,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
