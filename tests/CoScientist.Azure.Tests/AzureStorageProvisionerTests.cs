using CoScientist.Core.Messaging;

namespace CoScientist.Azure.Tests;

/// <summary>Provisioning creates every table, queue, poison queue and the payload container, and can run again.</summary>
[Trait("Category", "Integration")]
public sealed class AzureStorageProvisionerTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EnsureCreated_CreatesEverything_AndIsIdempotent()
    {
        var clients = azurite.Clients();
        var provisioner = new AzureStorageProvisioner(clients);

        await provisioner.EnsureCreatedAsync(Ct);
        await provisioner.EnsureCreatedAsync(Ct);

        var tables = new List<string>();
        await foreach (var table in clients.Tables.QueryAsync(cancellationToken: Ct))
        {
            if (table.Name.StartsWith(clients.Prefix, StringComparison.Ordinal))
            {
                tables.Add(table.Name[clients.Prefix.Length..]);
            }
        }

        var queues = new List<string>();
        await foreach (var queue in clients.Queues.GetQueuesAsync(prefix: clients.Prefix, cancellationToken: Ct))
        {
            queues.Add(queue.Name[clients.Prefix.Length..]);
        }

        Assert.Equal(StorageNames.AllTables.Order(StringComparer.Ordinal), tables.Order(StringComparer.Ordinal));
        Assert.Equal(StorageNames.StepQueues.Count * 2, queues.Count); // each step queue and its poison queue
        Assert.Equal(
            StorageNames.AllQueues.SelectMany(q => new[] { q, q + StorageNames.PoisonSuffix }).Order(StringComparer.Ordinal),
            queues.Order(StringComparer.Ordinal));
        Assert.True(await clients.GetPayloadContainer().ExistsAsync(Ct));
    }
}
