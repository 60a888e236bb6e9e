using CoScientist.Hosting.Local;
using System.Text.Json;
using CoScientist.Ingest;
using CoScientist.Core.Messaging;
using CoScientist.Core.Pipeline;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CoScientist.Functions.Tests;

/// <summary>
/// The Functions app, checked from its source: its triggers are thin (a delegation each) and host.json
/// matches what the libraries assume. What the triggers bind is checked on the build output
/// (<see cref="FunctionsMetadataTests"/>).
/// </summary>
public sealed partial class FunctionsAppTests
{
    [Fact]
    public void TriggerFiles_EveryFunctionBodyIsOneDelegation()
    {
        var files = FunctionsSource.TriggerFiles();

        Assert.NotEmpty(files);
        Assert.Empty(files.SelectMany(ThinTriggers.FileProblems));
    }

    public static TheoryData<string, string> LogicInATrigger => new()
    {
        { "if", "public Task Run([QueueTrigger(Q)] string m, CancellationToken ct) { if (m.Length == 0) { return Task.CompletedTask; } return router.HandleAsync(Q, m, ct); }" },
        { "try/catch", "public async Task Run([QueueTrigger(Q)] string m, CancellationToken ct) { try { await router.HandleAsync(Q, m, ct); } catch (Exception) { } }" },
        { "conditional", "public Task Run([QueueTrigger(Q)] string m, CancellationToken ct) => m.Length > 0 ? router.HandleAsync(Q, m, ct) : Task.CompletedTask;" },
        { "two calls", "public Task Run([QueueTrigger(Q)] string m, CancellationToken ct) => router.HandleAsync(Q, m.Trim(), ct);" },
        { "lambda", "public Task Run([QueueTrigger(Q)] string m, CancellationToken ct) => Task.Run(() => router.HandleAsync(Q, m, ct));" },
        { "coalesce", "public Task Run([QueueTrigger(Q)] string? m, CancellationToken ct) => router.HandleAsync(Q, m ?? \"{}\", ct);" },
        { "a loop", "public async Task Run([QueueTrigger(Q)] string m, CancellationToken ct) { foreach (var q in Qs) { await router.HandleAsync(q, m, ct); } }" },
        { "a helper", "public Task Run([QueueTrigger(Q)] string m, CancellationToken ct) => router.HandleAsync(Q, m, ct); private static string Clean(string m) => m;" },
    };

    [Theory]
    [MemberData(nameof(LogicInATrigger))]
    public void ThinTriggers_LogicInATrigger_Reported(string what, string method)
    {
        var source = $$"""
            public sealed class Steps(QueueMessageRouter router)
            {
                private const string Q = "q";

                [Function("Step")]
                {{method}}
            }
            """;

        // Each problem points at the line that holds the logic.
        var problems = ThinTriggers.ProblemsOf(source);
        Assert.True(problems.Count > 0, $"{what} was not reported");
        Assert.All(problems, p => Assert.StartsWith("Sample.cs:", p, StringComparison.Ordinal));
    }

    [Fact]
    public void ThinTriggers_TheAppsOwnShapes_Accepted()
    {
        const string Source = """
            public sealed class Fine(RunsApi runs, QueueMessageRouter router, UploadHandler uploads)
            {
                public const string Schedule = "0 */5 * * * *";

                [Function("A")]
                public async Task<IActionResult> A([HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Runs)] HttpRequest request, CancellationToken ct) =>
                    (await runs.ListRunsAsync(request, request.Query["top"], request.Query["continuation"], ct)).ToActionResult();

                [Function("B")]
                public Task B([QueueTrigger(StorageNames.PlanQueue)] string message, CancellationToken ct) => router.HandleAsync(StorageNames.PlanQueue, message, ct);

                [Function("C")]
                public Task C([BlobTrigger("uploads/{name}")] BlobClient blob, CancellationToken ct) => uploads.HandleAsync(blob.Name, ct);
            }
            """;

        Assert.Empty(ThinTriggers.ProblemsOf(Source));
    }

    [Fact]
    public void HostJson_QueueSettingsMatchWhatTheLibrariesAssume()
    {
        using var host = JsonDocument.Parse(FunctionsSource.ReadText("functions", "CoScientist.Functions", "host.json"));
        var queues = host.RootElement.GetProperty("extensions").GetProperty("queues");

        // AzureStorageClients writes Base64 messages.
        Assert.Equal("base64", queues.GetProperty("messageEncoding").GetString());
        // The local host mirrors the Functions host: the same poison threshold.
        Assert.Equal(new LocalHostOptions().MaxDequeueCount, queues.GetProperty("maxDequeueCount").GetInt32());
        // Messages in flight per instance and queue = batchSize + newBatchThreshold = Llm:MaxConcurrency's default (8),
        // so no message waits on the LLM cap while its visibility ticks.
        Assert.Equal(8, queues.GetProperty("batchSize").GetInt32() + queues.GetProperty("newBatchThreshold").GetInt32());
        Assert.Equal("2.0", host.RootElement.GetProperty("version").GetString());
        // Routes start at the site root: the workbench page at "/", the API's functions at "api/…" (ApiRoutes.FromSiteRoot).
        Assert.Equal("", host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        Assert.True(TimeSpan.Parse(host.RootElement.GetProperty("functionTimeout").GetString()!, System.Globalization.CultureInfo.InvariantCulture) >= TimeSpan.FromMinutes(10));
    }

    [Fact]
    public void HostJson_DurableTask_ItsOwnHubAndPollingSetDeliberately()
    {
        using var host = JsonDocument.Parse(FunctionsSource.ReadText("functions", "CoScientist.Functions", "host.json"));
        var durable = host.RootElement.GetProperty("extensions").GetProperty("durableTask");
        var storage = durable.GetProperty("storageProvider");
        static TimeSpan Time(JsonElement e, string name) => TimeSpan.Parse(e.GetProperty(name).GetString()!, System.Globalization.CultureInfo.InvariantCulture);

        // The hub local workers refuse to use, so a laptop never takes the deployment's orchestrations.
        Assert.Equal(CoScientist.Hosting.Orchestration.OrchestrationOptions.DeployedTaskHub, durable.GetProperty("hubName").GetString());
        Assert.Contains(
            CoScientist.Hosting.Orchestration.OrchestrationOptions.DeployedTaskHub,
            new CoScientist.Hosting.Orchestration.OrchestrationOptions { TaskHub = CoScientist.Hosting.Orchestration.OrchestrationOptions.DeployedTaskHub }.Validate().Single(),
            StringComparison.Ordinal);

        // Durable's 30 s default would add up to 30 s between rounds; a killed worker's messages come back within a minute, not five.
        Assert.True(Time(storage, "maxQueuePollingInterval") <= TimeSpan.FromSeconds(2));
        Assert.True(Time(storage, "controlQueueVisibilityTimeout") <= TimeSpan.FromMinutes(1));
        Assert.True(Time(storage, "workItemQueueVisibilityTimeout") <= TimeSpan.FromMinutes(1));
    }

}
