using CoScientist.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CoScientist.Azure;
using CoScientist.Core.Llm;
using CoScientist.Core.Orchestration;
using CoScientist.Hosting;
using CoScientist.Core.Runs;
using CoScientist.Simulation;
using CoScientist.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CoScientist.Ingest.Tests;

/// <summary>
/// The upload handler as a host wires it, on Azurite, with tables, queues and containers of its own
/// (a unique prefix), so each test sees only what it did; the runs' orchestrations are the local
/// engine's, in a task hub of its own on the same Azurite. Skips the test when no Azurite is available.
/// </summary>
internal sealed class IngestHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private IngestHarness(ServiceProvider services, IngestOptions options)
    {
        _services = services;
        Options = options;
    }

    public IngestOptions Options { get; }

    public UploadHandler Handler => _services.GetRequiredService<UploadHandler>();

    public RunService Runs => _services.GetRequiredService<RunService>();

    public RunStore Store => _services.GetRequiredService<RunStore>();

    public IQueueStore Queues => _services.GetRequiredService<IQueueStore>();

    public BlobContainerClient Uploads => Handler.Uploads;

    public BlobContainerClient Quarantine => Handler.Quarantine;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<IngestHarness> StartAsync(AzuriteFixture azurite, Action<IngestOptions>? configure = null)
    {
        string connection;
        try
        {
            connection = azurite.ConnectionString;
        }
        catch (InvalidOperationException ex)
        {
            Assert.Skip(ex.Message);
            throw;
        }

        var prefix = AzuriteFixture.UniquePrefix();
        var settings = new Dictionary<string, string?>
        {
            ["Ingest:UploadsContainer"] = prefix + "uploads",
            ["Ingest:QuarantineContainer"] = prefix + "quarantine",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        var storage = new AzureStorageOptions { ConnectionString = connection, Prefix = prefix };
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<IAgentModelProvider>(new SimulatedModelProvider(new SimulationOptions()));
        services.AddAzureStorage(storage);
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(storage));
        services.AddCoScientistEngine().AddLocalPipeline();
        services.AddSingleton(ServerModel.SimulatedModel());
        services.AddCoScientistIngest(configuration);
        if (configure is not null)
        {
            services.Configure(configure);
        }

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var harness = new IngestHarness(provider, provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<IngestOptions>>().Value);
        await provider.GetRequiredService<AzureStorageProvisioner>().EnsureCreatedAsync(Ct);
        await harness.Uploads.CreateIfNotExistsAsync(cancellationToken: Ct);
        return harness;
    }

    /// <summary>Puts a blob into the uploads container, as a scientist or the CLI does.</summary>
    public async Task UploadAsync(string name, string text, IDictionary<string, string>? metadata = null) =>
        await UploadAsync(name, BinaryData.FromString(text), metadata);

    public async Task UploadAsync(string name, BinaryData content, IDictionary<string, string>? metadata = null) =>
        await Uploads.GetBlobClient(name).UploadAsync(content, new BlobUploadOptions { Metadata = metadata }, Ct);

    public async Task<bool> InUploadsAsync(string name) => (await Uploads.GetBlobClient(name).ExistsAsync(Ct)).Value;

    public async Task<IDictionary<string, string>> UploadMetadataAsync(string name) =>
        (await Uploads.GetBlobClient(name).GetPropertiesAsync(cancellationToken: Ct)).Value.Metadata;

    public async Task<IReadOnlyList<string>> QuarantinedNamesAsync()
    {
        if (!(await Quarantine.ExistsAsync(Ct)).Value)
        {
            return [];
        }

        var names = new List<string>();
        await foreach (var item in Quarantine.GetBlobsAsync(cancellationToken: Ct))
        {
            names.Add(item.Name);
        }

        return names;
    }

    /// <summary>The run's orchestration as its task hub reports it: null when none was started.</summary>
    public Task<RunOrchestrationState?> OrchestrationAsync(string runId) =>
        _services.GetRequiredService<IRunOrchestrations>().GetStateAsync(runId, Ct);

    /// <summary>A run started directly, for data files to feed.</summary>
    public async Task<RunRecord> StartRunAsync(string goal = "Find approved drugs that slow liver fibrosis by acting on stellate cells.") =>
        await Runs.StartAsync(new RunRequest(ResearchGoal.Of(goal), new RunBudget(MaxProposals: 8), 1), Ct);

    public async ValueTask DisposeAsync()
    {
        await Uploads.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
        await Quarantine.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
        await _services.DisposeAsync();
    }
}
