using Azure.Data.Tables;
using CoScientist.Hosting.Local;
using CoScientist.Hosting.Orchestration;
using CoScientist.Testing.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CoScientist.Hosting.Tests;

/// <summary>Workers on one machine share a task hub on Azurite as distinct owners of its partitions.</summary>
public sealed class LocalOrchestrationEngineTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoWorkersOnOneMachine_OwnThePartitionsSeparately()
    {
        // Two engines in one process stand for two worker processes on one machine: same machine name.
        var prefix = AzuriteFixture.UniquePrefix();
        await using var first = Engine(prefix);
        await using var second = Engine(prefix);
        await using var firstWorking = await first.HoldWorkerAsync(Ct);
        await using var secondWorking = await second.HoldWorkerAsync(Ct);

        // Balancing moves one of the two partitions to the second worker within a few lease intervals.
        var partitions = new TableServiceClient(azurite.ConnectionString).GetTableClient(first.TaskHub + "Partitions");
        var owners = new Dictionary<string, string>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            owners.Clear();
            await foreach (var partition in partitions.QueryAsync<TableEntity>(cancellationToken: Ct))
            {
                owners[partition.RowKey] = partition.GetString("CurrentOwner") ?? "";
            }

            if (owners.Count == 2 && owners.Values.ToHashSet().SetEquals([first.WorkerId, second.WorkerId]))
            {
                break;
            }

            await Task.Delay(250, Ct);
        }

        Assert.NotEqual(first.WorkerId, second.WorkerId);
        Assert.Contains(Environment.MachineName, first.WorkerId, StringComparison.Ordinal);
        Assert.True(
            owners.Values.ToHashSet().SetEquals([first.WorkerId, second.WorkerId]),
            $"partition owners: {string.Join(", ", owners.Select(o => $"{o.Key}={o.Value}"))}; workers {first.WorkerId} and {second.WorkerId}");
    }

    private LocalOrchestrationEngine Engine(string prefix)
    {
        var services = new ServiceCollection().AddSingleton(Options.Create(azurite.Options(prefix))).BuildServiceProvider();
        var options = new OrchestrationOptions
        {
            PartitionCount = 2,
            LeaseInterval = TimeSpan.FromSeconds(6),
            MaxPollingInterval = TimeSpan.FromMilliseconds(250),
        };
        return new LocalOrchestrationEngine(services, Options.Create(options), new QueueWorkSignal());
    }
}
