using System.Text.Json;
using System.Text.RegularExpressions;
using CoScientist.Ingest;
using CoScientist.Messaging;
using CoScientist.Pipeline;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CoScientist.Functions.Tests;

/// <summary>
/// The Functions app, checked from its source: its triggers are thin (a delegation each), every queue
/// and every API route has its function, the upload and timer triggers match the deployment, and
/// host.json matches what the libraries assume.
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

        Assert.NotEmpty(ThinTriggers.ProblemsOf(source));
        Assert.NotNull(what);
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
    public void QueueFunctions_OnePerQueue_EachRoutingItsOwnQueue()
    {
        var queueFunctions = FunctionsSource.FunctionMethods()
            .Where(m => FunctionsSource.Trigger(m).Name.ToString() == "QueueTrigger")
            .Select(m => (
                Trigger: ConstantName(FunctionsSource.Trigger(m).ArgumentList!.Arguments[0].Expression),
                Routed: ConstantName(Invocation(m).ArgumentList.Arguments[0].Expression),
                Connection: FunctionsSource.Trigger(m).ArgumentList!.Arguments.Count))
            .ToList();

        var expected = typeof(StorageNames).GetFields()
            .Where(f => f.IsLiteral && StorageNames.AllQueues.Contains((string)f.GetRawConstantValue()!))
            .Select(f => f.Name)
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, queueFunctions.Select(f => f.Trigger).Order(StringComparer.Ordinal));
        Assert.All(queueFunctions, f => Assert.Equal(f.Trigger, f.Routed));
        Assert.All(queueFunctions, f => Assert.Equal(1, f.Connection)); // the default AzureWebJobsStorage connection
        Assert.All(FunctionsSource.FunctionMethods().Where(m => FunctionsSource.Trigger(m).Name.ToString() == "QueueTrigger"),
            m => Assert.Equal(nameof(QueueMessageRouter.HandleAsync), ((MemberAccessExpressionSyntax)Invocation(m).Expression).Name.Identifier.ValueText));
    }

    [Fact]
    public void HttpFunctions_OnePerApiEndpoint_WithTheSameNameMethodAndRoute()
    {
        // What cosci serve maps (ApiEndpoints): method, route constant and operation name.
        var endpoints = new[] { "ApiEndpoints.cs", "WorkbenchEndpoints.cs" }
            .SelectMany(file => MappedEndpoint().Matches(FunctionsSource.ReadText("functions", "CoScientist.Api", "Endpoints", file)))
            .Select(m => (Method: m.Groups["method"].Value.ToLowerInvariant(), Route: m.Groups["route"].Value, Name: m.Groups["name"].Value))
            .OrderBy(e => e.Name, StringComparer.Ordinal)
            .ToList();
        var functions = FunctionsSource.FunctionMethods()
            .Where(m => FunctionsSource.Trigger(m).Name.ToString() == "HttpTrigger")
            .Select(m => FunctionsSource.Trigger(m).ArgumentList!.Arguments)
            .Zip(FunctionsSource.FunctionMethods().Where(m => FunctionsSource.Trigger(m).Name.ToString() == "HttpTrigger"))
            .Select(x => (
                Method: ((LiteralExpressionSyntax)x.First[1].Expression).Token.ValueText,
                Route: ConstantName(x.First.Single(a => a.NameEquals?.Name.Identifier.ValueText == "Route").Expression),
                Name: FunctionsSource.FunctionName(x.Second),
                Level: x.First[0].Expression.ToString()))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();

        Assert.Equal(23, endpoints.Count);
        Assert.Equal(endpoints, functions.Select(f => (f.Method, f.Route, f.Name)));
        // The workbench page holds no data: it loads without a key, then asks for one (or signs in) before reading any.
        Assert.All(functions.Where(f => f.Name != "GetWorkbench"), f => Assert.Equal("AuthorizationLevel.Function", f.Level));
        Assert.Equal("AuthorizationLevel.Anonymous", Assert.Single(functions, f => f.Name == "GetWorkbench").Level);
    }

    [Fact]
    public void UploadReceived_IsTheEventGridBlobTriggerTheDeploymentSubscribes()
    {
        var upload = Assert.Single(FunctionsSource.FunctionMethods(), m => FunctionsSource.Trigger(m).Name.ToString() == "BlobTrigger");
        var arguments = FunctionsSource.Trigger(upload).ArgumentList!.Arguments;

        Assert.Equal("UploadReceived", FunctionsSource.FunctionName(upload));
        Assert.Equal("UploadContainers.TriggerPath", arguments[0].Expression.ToString());
        Assert.Equal("uploads/{name}", UploadContainers.TriggerPath);
        Assert.Equal("BlobTriggerSource.EventGrid", Assert.Single(arguments, a => a.NameEquals?.Name.Identifier.ValueText == "Source").Expression.ToString());
        Assert.DoesNotContain(arguments, a => a.NameEquals?.Name.Identifier.ValueText == "Connection");

        var bicep = FunctionsSource.ReadText("infra", "bicep", "main.bicep");
        Assert.Contains("param uploadFunctionName string = 'UploadReceived'", bicep, StringComparison.Ordinal);
        Assert.Contains($"var uploadsContainerName = '{UploadContainers.Uploads}'", bicep, StringComparison.Ordinal);
        Assert.Contains($"'{UploadContainers.Quarantine}'", bicep, StringComparison.Ordinal);
    }

    [Fact]
    public void ScanTimer_UsesTheScheduleSettingTheDeploymentSets()
    {
        var timers = FunctionsSource.FunctionMethods().Where(m => FunctionsSource.Trigger(m).Name.ToString() == "TimerTrigger").ToList();
        var scan = Assert.Single(timers, m => FunctionsSource.FunctionName(m) == "LiteratureScan");

        Assert.Equal("\"%Scan:Schedule%\"", FunctionsSource.Trigger(scan).ArgumentList!.Arguments[0].Expression.ToString());
        Assert.Contains("Scan__Schedule: scanSchedule", FunctionsSource.ReadText("infra", "bicep", "main.bicep"), StringComparison.Ordinal);
        Assert.Contains(timers, m => FunctionsSource.FunctionName(m) == "HeartbeatWatchdog");
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
        Assert.True(TimeSpan.Parse(host.RootElement.GetProperty("functionTimeout").GetString()!, System.Globalization.CultureInfo.InvariantCulture) >= TimeSpan.FromMinutes(10));
    }

    [Fact]
    public void Solution_LeavesTheFunctionsAppOut()
    {
        Assert.DoesNotContain("CoScientist.Functions.csproj", FunctionsSource.ReadText("Serverless.sln"), StringComparison.Ordinal);
    }

    private static InvocationExpressionSyntax Invocation(MethodDeclarationSyntax method) =>
        method.ExpressionBody!.Expression.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>().First();

    /// <summary>The constant a member access names: <c>StorageNames.PlanQueue</c> → <c>PlanQueue</c>.</summary>
    private static string ConstantName(Microsoft.CodeAnalysis.CSharp.Syntax.ExpressionSyntax expression) =>
        ((MemberAccessExpressionSyntax)expression).Name.Identifier.ValueText;

    [GeneratedRegex(@"api\.Map(?<method>Get|Post)\(ApiRoutes\.(?<route>\w+),.*?\.WithName\(""(?<name>\w+)""\)", RegexOptions.Singleline)]
    private static partial Regex MappedEndpoint();
}
