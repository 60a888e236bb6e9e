using System.Text.Json;
using CoScientist.Api.Endpoints;
using CoScientist.Core.Messaging;
using CoScientist.Orchestration;
using CoScientist.Orchestration.Activities;
using CoScientist.Hosting;
using CoScientist.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace CoScientist.Functions.Tests;

/// <summary>
/// What the Functions host loads, read from the real build output (the publish folder that
/// <c>scripts/test.sh</c> names in <c>COSCI_FUNCTIONS_PUBLISH</c>, else the build copied beside these tests):
/// every queue, API route, timer, the upload trigger and the run orchestration with its activities has its
/// function, bound as the libraries assume.
/// </summary>
public sealed class FunctionsMetadataTests
{
    public const string PublishVariable = "COSCI_FUNCTIONS_PUBLISH";

    /// <summary>The page itself: static files only, so anonymous (it asks for the key before reading any data).</summary>
    private const string WorkbenchPageFunction = WorkbenchEndpoints.PageEndpointName;

    private static readonly Lazy<IReadOnlyList<FunctionEntry>> Functions = new(ReadFunctions);

    [Fact]
    public void QueueFunctions_OnePerQueue_OnTheDefaultConnection()
    {
        var queueFunctions = Functions.Value.Where(f => f.Trigger.Type == "queueTrigger").ToList();

        Assert.Equal(
            StorageNames.AllQueues.Order(StringComparer.Ordinal),
            queueFunctions.Select(f => f.Trigger.Get("queueName")).Order(StringComparer.Ordinal));
        Assert.All(queueFunctions, f => Assert.Null(f.Trigger.Get("connection")));
        Assert.All(queueFunctions, f => Assert.Equal("string", f.Trigger.Get("dataType") ?? "string", ignoreCase: true));
    }

    [Fact]
    public void HttpFunctions_OnePerEndpointThatCosciServeMaps_SameRouteMethodAndName()
    {
        // host.json's route prefix is empty, so a function's route is its path from the site root.
        var mapped = ServedEndpoints().Where(e => e.Route.StartsWith(ApiRoutes.Prefix + "/", StringComparison.Ordinal)).ToList();
        var functions = Functions.Value
            .Where(f => f.Trigger.Type == "httpTrigger" && f.Name != WorkbenchPageFunction)
            .Select(f => (Name: f.Name, Route: "/" + f.Trigger.Get("route"), Method: Assert.Single(f.Trigger.Methods).ToUpperInvariant()))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();

        Assert.NotEmpty(mapped);
        Assert.Equal(mapped, functions);
        Assert.All(functions, f => Assert.StartsWith("/api/", f.Route, StringComparison.Ordinal));
        Assert.All(Functions.Value.Where(f => f.Trigger.Type == "httpTrigger" && f.Name != WorkbenchPageFunction), f => Assert.Equal("function", f.Trigger.Get("authLevel"), ignoreCase: true));
    }

    [Fact]
    public void WorkbenchPage_ServedAnonymouslyAtTheSiteRoot_AsCosciServeServesIt()
    {
        var page = Assert.Single(Functions.Value, f => f.Name == WorkbenchPageFunction);

        Assert.Equal("httpTrigger", page.Trigger.Type);
        // From the root (routePrefix ""): "/" is the page and "/app.js" its script, under both hosts.
        Assert.Equal("{*path}", page.Trigger.Get("route"));
        Assert.Equal("anonymous", page.Trigger.Get("authLevel"), ignoreCase: true);
        Assert.Equal(["get"], page.Trigger.Methods.Select(m => m.ToLowerInvariant()));

        // cosci serve: the page at "/" by the same name, and each of its files at the path the catch-all gives it.
        var served = ServedEndpoints().Where(e => !e.Route.StartsWith(ApiRoutes.Prefix + "/", StringComparison.Ordinal)).ToList();
        Assert.Contains((WorkbenchPageFunction, "/", "GET"), served);
        Assert.Equal(
            CoScientist.Workbench.WorkbenchAssets.Paths.Select(p => "/" + p).Append("/").Order(StringComparer.Ordinal),
            served.Select(e => e.Route).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void UploadReceived_IsTheEventGridBlobTriggerOnTheUploadsContainer()
    {
        var upload = Assert.Single(Functions.Value, f => f.Trigger.Type == "blobTrigger");

        Assert.Equal("UploadReceived", upload.Name);
        Assert.Equal(StorageNames.UploadsContainer + "/{name}", upload.Trigger.Get("path"));
        Assert.Equal("EventGrid", upload.Trigger.Get("source"));
        Assert.Null(upload.Trigger.Get("connection"));

        // The deployment subscribes the function by this name, to this container.
        var bicep = RepositoryFiles.ReadText("infra", "bicep", "main.bicep");
        Assert.Contains($"param uploadFunctionName string = '{upload.Name}'", bicep, StringComparison.Ordinal);
        Assert.Contains($"var uploadsContainerName = '{StorageNames.UploadsContainer}'", bicep, StringComparison.Ordinal);
    }

    [Fact]
    public void Timers_OnlyTheScanOnTheScheduleSetting()
    {
        var timers = Functions.Value.Where(f => f.Trigger.Type == "timerTrigger").ToDictionary(f => f.Name, f => f.Trigger.Get("schedule"));

        // No watchdog timer: each run's orchestration rescues its own stalled rounds.
        Assert.Equal(["LiteratureScan"], timers.Keys);
        Assert.Equal("%Scan:Schedule%", timers["LiteratureScan"]);
        Assert.Contains("Scan__Schedule: scanSchedule", RepositoryFiles.ReadText("infra", "bicep", "main.bicep"), StringComparison.Ordinal);
    }

    [Fact]
    public void Orchestration_TheRunOrchestratorAndEachActivityItCalls_AreFunctionsByThoseNames()
    {
        var orchestrator = Assert.Single(Functions.Value, f => f.Trigger.Type == "orchestrationTrigger");
        var activities = Functions.Value.Where(f => f.Trigger.Type == "activityTrigger").Select(f => f.Name).Order(StringComparer.Ordinal);

        Assert.Equal(RunOrchestrator.Name, orchestrator.Name);
        Assert.Equal([FailRunActivity.Name, PlanRoundActivity.Name, RescueRoundActivity.Name], activities);
    }

    [Fact]
    public void DurableClient_EveryFunctionThatStartsSignalsOrReadsAnOrchestration_BindsOne()
    {
        // Steps end rounds; these HTTP functions start, pause, resume, stop and report runs (with the orchestration's
        // state); uploads and scans start them.
        string[] needing = ["CreateRun", "GetRun", "PauseRun", "ResumeRun", "StopRun", "UploadReceived", "LiteratureScan"];
        var steps = Functions.Value.Where(f => f.Trigger.Type == "queueTrigger").Select(f => f.Name);

        foreach (var name in needing.Concat(steps))
        {
            var function = Assert.Single(Functions.Value, f => f.Name == name);
            Assert.Contains(function.Bindings, b => b.Type == "durableClient" && b.Get("direction") == "In");
        }
    }

    [Fact]
    public void Extensions_TheStorageExtensionsTheTriggersNeedAreInstalled()
    {
        using var extensions = JsonDocument.Parse(File.ReadAllText(Path.Combine(OutputDirectory(), "extensions.json")));
        var names = extensions.RootElement.GetProperty("extensions").EnumerateArray().Select(e => e.GetProperty("name").GetString()).ToList();

        Assert.Contains("AzureStorageQueues", names);
        Assert.Contains("AzureStorageBlobs", names);
        Assert.Contains("DurableTask", names);
        Assert.All(
            extensions.RootElement.GetProperty("extensions").EnumerateArray(),
            e => Assert.True(File.Exists(Path.Combine(OutputDirectory(), e.GetProperty("hintPath").GetString()!)), e.GetProperty("hintPath").GetString()));
    }

    [Fact]
    public void EveryFunction_HasOneTrigger_AndAUniqueName()
    {
        Assert.Equal(Functions.Value.Count, Functions.Value.Select(f => f.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        // One per API endpoint, the page, and upload, scan, the orchestrator and its three activities.
        Assert.Equal(StorageNames.AllQueues.Count + ServedEndpoints().Count(e => e.Route.StartsWith(ApiRoutes.Prefix + "/", StringComparison.Ordinal)) + 1 + 6, Functions.Value.Count);
    }

    /// <summary>What <c>cosci serve</c> maps, read from the endpoint data source of a composed web host.</summary>
    private static List<(string Name, string Route, string Method)> ServedEndpoints()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>());
        builder.AddCoScientist(CoScientistHost.Serve(workQueues: false));
        using var app = builder.Build();
        app.MapCoScientistApi();
        app.MapWorkbench();
        return [.. ((IEndpointRouteBuilder)app).DataSources
            .SelectMany(d => d.Endpoints)
            .OfType<RouteEndpoint>()
            .Select(e => (
                Name: e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? "",
                Route: "/" + e.RoutePattern.RawText!.TrimStart('/'),
                Method: Assert.Single(e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods)))
            .OrderBy(e => e.Name, StringComparer.Ordinal)];
    }

    private static IReadOnlyList<FunctionEntry> ReadFunctions()
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(OutputDirectory(), "functions.metadata")));
        return [.. metadata.RootElement.EnumerateArray().Select(f =>
        {
            var bindings = f.GetProperty("bindings").EnumerateArray().Select(b => new Binding(b.Clone())).ToList();
            return new FunctionEntry(f.GetProperty("name").GetString()!, bindings.Single(b => b.Type.EndsWith("Trigger", StringComparison.Ordinal)), bindings);
        })];
    }

    private static string OutputDirectory()
    {
        var published = Environment.GetEnvironmentVariable(PublishVariable);
        var directory = string.IsNullOrWhiteSpace(published) ? AppContext.BaseDirectory : published;
        Assert.True(File.Exists(Path.Combine(directory, "functions.metadata")), $"no functions.metadata in {directory}: build or publish functions/CoScientist.Functions first");
        return directory;
    }


    private sealed record FunctionEntry(string Name, Binding Trigger, IReadOnlyList<Binding> Bindings);

    private sealed record Binding(JsonElement Element)
    {
        public string Type => Element.GetProperty("type").GetString()!;

        public string? Get(string name) =>
            Element.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) is { Value.ValueKind: JsonValueKind.String } property
                ? property.Value.GetString()
                : null;

        public IReadOnlyList<string> Methods =>
            Element.TryGetProperty("methods", out var methods) ? [.. methods.EnumerateArray().Select(m => m.GetString()!)] : [];
    }
}
