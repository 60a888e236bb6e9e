using CoScientist.Hosting.Local;
using CoScientist.Hosting;
using CoScientist.Core;
using CoScientist.Core.Llm;
using CoScientist.Core.Pipeline;
using CoScientist.Core.Runs;
using CoScientist.Simulation;
using CoScientist.Core.Storage;
using CoScientist.Core.Storage.Embedded;
using CoScientist.Core.Supervisor;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CoScientist.Azure.Tests.EndToEnd;

/// <summary>A whole simulated run on Azure Storage (Azurite) gives the same result as on the embedded store.</summary>
[Trait("Category", "Integration")]
public sealed class AzuriteRunTests(AzuriteFixture azurite)
{
    private const string Goal = "Propose drugs approved for other indications that could be repurposed to treat acute myeloid leukemia";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SimulatedRun_OverAzurite_EqualsTheSameRunOverTheEmbeddedStore()
    {
        var request = new RunRequest(ResearchGoal.Of(Goal), new RunBudget(MaxProposals: 8), Seed: 7);

        var embedded = await RunAsync(request, services =>
        {
            services.AddSingleton<ITableStore, EmbeddedTableStore>();
            services.AddSingleton<IQueueStore>(sp => new EmbeddedQueueStore(sp.GetRequiredService<TimeProvider>()));
        });

        // Four competing workers on each side: the result must not depend on the store or on
        // the order in which parallel steps finish.
        var options = azurite.Options();
        var onAzure = await RunAsync(request, services => services.AddAzureStorage(options), provision: true, concurrency: 4);

        Assert.Equal(RunStatus.Completed, embedded.Run.Status);
        Assert.Equal(RunStatus.Completed, onAzure.Run.Status);
        Assert.True(embedded.Proposals.Count >= 8, $"proposals: {embedded.Proposals.Count}");
        Assert.NotEmpty(embedded.Matches);
        Assert.Equal(embedded.Proposals.Select(p => (p.Id, p.Title)), onAzure.Proposals.Select(p => (p.Id, p.Title)));
        Assert.Equal(
            embedded.Matches.OrderBy(m => m.Id, StringComparer.Ordinal).Select(m => (m.Id, m.WinnerId)),
            onAzure.Matches.OrderBy(m => m.Id, StringComparer.Ordinal).Select(m => (m.Id, m.WinnerId)));
        Assert.Equal(Top(embedded), Top(onAzure));
        Assert.All(onAzure.Tasks, t => Assert.True(t.IsTerminal, $"{t.Id} is {t.Status}"));
    }

    [Fact]
    public async Task SimulatedRun_OverAzurite_EveryMessageDeliveredTwice_EndsIdenticalToSingleDelivery()
    {
        var request = new RunRequest(ResearchGoal.Of(Goal), new RunBudget(MaxProposals: 8), Seed: 12);
        var once = await RunAsync(request, services => services.AddAzureStorage(azurite.Options()), provision: true);

        DuplicatingQueueStore? doubling = null;
        var twice = await RunAsync(
            request,
            services =>
            {
                services.AddAzureStorage(azurite.Options());
                services.AddSingleton<IQueueStore>(sp => doubling = new DuplicatingQueueStore(new AzureQueueStore(sp.GetRequiredService<AzureStorageClients>())));
            },
            provision: true);

        Assert.True(doubling!.Sent > 50, $"only {doubling.Sent} messages were sent (each twice)");
        Assert.Equal(RunStatus.Completed, twice.Run.Status);
        Assert.Equal(Fingerprint(once), Fingerprint(twice));

        // No step ran twice: the second delivery found its task claimed or done.
        Assert.All(twice.Tasks, t => Assert.True(t.Attempts <= 1, $"{t.Id} ran {t.Attempts} times"));
    }

    private static IEnumerable<string> Fingerprint(RunSnapshot snapshot) =>
    [
        .. snapshot.Proposals.OrderBy(p => p.Id, StringComparer.Ordinal).Select(p => $"proposal {p.Id} {p.Title}"),
        .. snapshot.Reviews.OrderBy(r => r.Id, StringComparer.Ordinal).Select(r => $"review {r.Id} {r.Verdict}"),
        .. snapshot.Matches.OrderBy(m => m.Id, StringComparer.Ordinal).Select(m => $"match {m.Id} {m.WinnerId}"),
        .. Top(snapshot).Select(t => $"top {t.Id} {t.Elo}"),
        $"tasks {snapshot.Tasks.Count}",
    ];

    private static IEnumerable<(string Id, string Title, double Elo)> Top(RunSnapshot snapshot) =>
        snapshot.Ranked.Take(5).Select(p => (p.Id, p.Title, Math.Round(snapshot.Leaderboard.RatingOf(p.Id), 6)));

    /// <summary>The engine wired as <c>cosci run</c> wires it (see SimulatedEngine in the simulation tests), on the given storage.</summary>
    private static async Task<RunSnapshot> RunAsync(RunRequest request, Action<IServiceCollection> storage, bool provision = false, int concurrency = 4)
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<IAgentModelProvider>(new SimulatedModelProvider(new SimulationOptions { Seed = request.Seed }));
        services.Configure<LocalHostOptions>(o => o.Concurrency = concurrency);
        storage(services);
        services.AddCoScientistEngine().AddLocalPipeline();
        await using var provider = services.BuildServiceProvider();
        if (provision)
        {
            await provider.GetRequiredService<AzureStorageProvisioner>().EnsureCreatedAsync(Ct);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        var run = await provider.GetRequiredService<LocalRunner>().RunAsync(request, cancellationToken: timeout.Token);
        return await RunSnapshot.LoadAsync(provider.GetRequiredService<RunStore>(), run.Id, cancellationToken: Ct);
    }
}
