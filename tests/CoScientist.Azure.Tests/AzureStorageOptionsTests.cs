using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Moq;

namespace CoScientist.Azure.Tests;

/// <summary>Configuration checks: each problem names its key, and no secret is repeated back.</summary>
public sealed class AzureStorageOptionsTests
{
    [Fact]
    public void Validate_WithNothingConfigured_AsksForAConnectionStringOrTheServiceUris()
    {
        var problem = Assert.Single(new AzureStorageOptions().Validate());

        Assert.Contains("Storage:ConnectionString", problem, StringComparison.Ordinal);
        Assert.Contains("Storage:TableServiceUri", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WithAConnectionString_IsFine()
    {
        Assert.Empty(new AzureStorageOptions { ConnectionString = "UseDevelopmentStorage=true" }.Validate());
        Assert.Empty(new AzureStorageOptions { ConnectionString = "UseDevelopmentStorage=true", Prefix = "dev1" }.Validate());
    }

    [Theory]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=a;AccountKey=S3cr3tKey==;BlobEndpoint=ftp://files.example/", "BlobEndpoint with the scheme 'ftp'")]
    [InlineData("AccountName=a;AccountKey=S3cr3tKey==;QueueEndpoint=file:///tmp/q", "QueueEndpoint with the scheme 'file'")]
    [InlineData("AccountName=a;AccountKey=S3cr3tKey==;TableEndpoint=not a uri", "TableEndpoint that is not an absolute URI")]
    [InlineData("DefaultEndpointsProtocol=ftp;AccountName=a;AccountKey=S3cr3tKey==", "DefaultEndpointsProtocol=ftp; use https")]
    public void Validate_ConnectionStringWithANonWebEndpoint_NamesTheKeyNotTheSecret(string connectionString, string expected)
    {
        var problem = Assert.Single(new AzureStorageOptions { ConnectionString = connectionString }.Validate());

        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.DoesNotContain("S3cr3tKey", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ConnectionStringWithHttpEndpoints_IsFine() =>
        Assert.Empty(new AzureStorageOptions
        {
            ConnectionString = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;QueueEndpoint=https://q.example/;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;",
        }.Validate());

    [Fact]
    public void Validate_WithBothKinds_SaysTheyAreExclusive()
    {
        var options = new AzureStorageOptions
        {
            ConnectionString = "UseDevelopmentStorage=true",
            TableServiceUri = new Uri("https://acct.table.core.windows.net/"),
        };

        Assert.Contains("exclusive", Assert.Single(options.Validate()), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WithSomeServiceUris_NamesTheMissingAndTheInsecure()
    {
        var options = new AzureStorageOptions
        {
            TableServiceUri = new Uri("https://acct.table.core.windows.net/"),
            QueueServiceUri = new Uri("http://acct.queue.core.windows.net/"),
        };

        var problems = options.Validate();

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Storage:QueueServiceUri must be an absolute https URI", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Storage:BlobServiceUri is required", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Dev")]
    [InlineData("1dev")]
    [InlineData("dev-1")]
    [InlineData("abcdefghijklmnopqrstuvwxyz")]
    public void Validate_WithABadPrefix_NamesStoragePrefix(string prefix)
    {
        var options = new AzureStorageOptions { ConnectionString = "UseDevelopmentStorage=true", Prefix = prefix };

        Assert.StartsWith("Storage:Prefix", Assert.Single(options.Validate()), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WithAMalformedConnectionString_NamesTheKeyButNotTheValue()
    {
        var options = new AzureStorageOptions { ConnectionString = "AccountName=x;AccountKey=SECRETVALUE;Nonsense" };

        var error = Assert.Throws<OptionsValidationException>(() => AzureStorageClients.Create(options));

        Assert.Contains("Storage:ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRETVALUE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WithServiceUris_UsesTheGivenCredentialAndThePrefix()
    {
        var options = new AzureStorageOptions
        {
            TableServiceUri = new Uri("https://acct.table.core.windows.net/"),
            QueueServiceUri = new Uri("https://acct.queue.core.windows.net/"),
            BlobServiceUri = new Uri("https://acct.blob.core.windows.net/"),
            Prefix = "staging",
        };

        var clients = AzureStorageClients.Create(options, new Mock<TokenCredential>().Object);

        Assert.Equal("stagingproposals", clients.GetTableClient("proposals").Name);
        Assert.Equal("stagingcosci-ranking-poison", clients.GetQueueClient("cosci-ranking-poison").Name);
        Assert.Equal("stagingcosci-payloads", clients.GetPayloadContainer().Name);
        Assert.Equal("acct", clients.Queues.AccountName);
    }

    [Fact]
    public void AddAzureStorage_WithInvalidOptions_ThrowsAtRegistration()
    {
        var services = new ServiceCollection();

        var error = Assert.Throws<OptionsValidationException>(() => services.AddAzureStorage(new AzureStorageOptions()));

        Assert.Contains("Storage:ConnectionString", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddAzureStorage_ReplacesTheStoresWithSingletons()
    {
        var services = new ServiceCollection();
        services.AddSingleton<Core.Storage.ITableStore, Core.Storage.Embedded.EmbeddedTableStore>();

        services.AddAzureStorage(new AzureStorageOptions { ConnectionString = "UseDevelopmentStorage=true" });
        using var provider = services.BuildServiceProvider();

        Assert.IsType<AzureTableStore>(provider.GetRequiredService<Core.Storage.ITableStore>());
        Assert.Same(provider.GetRequiredService<Core.Storage.IQueueStore>(), provider.GetRequiredService<Core.Storage.IQueueStore>());
        Assert.IsType<AzureQueueStore>(provider.GetRequiredService<Core.Storage.IQueueStore>());
        Assert.NotNull(provider.GetRequiredService<AzureStorageProvisioner>());
    }
}
