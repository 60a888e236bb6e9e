namespace CoScientist.Cli.Tests;

/// <summary>The storage commands' answers to bad input and unreachable storage: one line, the right exit code, no storage needed.</summary>
public sealed class StorageCommandUsageTests
{
    private const string Unreachable =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
        + "BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;QueueEndpoint=http://127.0.0.1:9/devstoreaccount1;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;";

    [Theory]
    [InlineData(new[] { "start", "--goal", "g" }, "start needs storage that outlives this process")]
    [InlineData(new[] { "worker" }, "worker needs storage that outlives this process")]
    [InlineData(new[] { "status", "run-1" }, "status needs storage that outlives this process")]
    [InlineData(new[] { "worker", "--storage", "UseDevelopmentStorage=true", "--queues", "painting" }, "--queues: 'painting' is not a queue")]
    [InlineData(new[] { "worker", "--storage", "UseDevelopmentStorage=true", "--concurrency", "0" }, "--concurrency must be between 1 and 256")]
    [InlineData(new[] { "run", "--goal", "g", "--simulated-latency-ms", "-5" }, "--simulated-latency-ms must be between 0 and 600000")]
    [InlineData(new[] { "run", "--goal", "g", "--storage", " " }, "--storage is empty")]
    [InlineData(new[] { "status", "run-1", "--storage", "not a connection string" }, "Storage:ConnectionString is not a storage connection string")]
    [InlineData(new[] { "status", "a/b", "--storage", "UseDevelopmentStorage=true" }, "'a/b' is not a run id")]
    [InlineData(new[] { "status", "run-1", "--storage", "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;BlobEndpoint=ftp://127.0.0.1:10000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1" }, "BlobEndpoint with the scheme 'ftp'")]
    [InlineData(new[] { "worker", "--storage", "DefaultEndpointsProtocol=ftp;AccountName=devstoreaccount1;AccountKey=a2V5" }, "DefaultEndpointsProtocol=ftp")]
    [InlineData(new[] { "serve", "--urls", "http://0.0.0.0:5098" }, "is reachable from other machines, and no API key is set")]
    [InlineData(new[] { "serve", "--urls", "ftp://127.0.0.1:5098" }, "is not an address to listen on")]
    public async Task BadInput_IsOneErrorLine_ExitCode2(string[] args, string message)
    {
        var (exit, output, error) = await CliRunner.InvokeAsync(args);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task UnreachableStorage_IsOneErrorLineNamingTheEndpointNotTheKey_ExitCode1()
    {
        var settings = new Dictionary<string, string?> { ["Storage:MaxRetries"] = "0", ["Storage:NetworkTimeout"] = "00:00:02" };

        var (exit, output, error) = await CliRunner.InvokeAsync(settings, "status", "run-1", "--storage", Unreachable);

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.StartsWith("error: cannot use the storage account at http://127.0.0.1:9", error, StringComparison.Ordinal);
        Assert.DoesNotContain("AccountKey", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Eby8", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }
}
