using System.Text.Json;
using CoScientist.Api.Endpoints;
using CoScientist.Core.Messaging;
using CoScientist.Core.Supervisor;
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
/// every queue, API route, timer and the upload trigger the libraries define has its function, bound as the
/// libraries assume.
/// </summary>
public sealed class FunctionsMetadataTests
{
    public const string PublishVariable = "COSCI_FUNCTIONS_PUBLISH";

    /// <summary>The page itself: static files only, so anonymous (it asks for the key before reading any data).</summary>
    private const string WorkbenchPageFunction = "GetWorkbench";

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
        var mapped = ServedEndpoints();
        var functions = Functions.Value
            .Where(f => f.Trigger.Type == "httpTrigger")
            .Select(f => (Name: f.Name, Route: "/api/" + f.Trigger.Get("route"), Method: Assert.Single(f.Trigger.Methods).ToUpperInvariant()))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();

        Assert.NotEmpty(mapped);
        Assert.Equal(mapped, functions);
        Assert.All(Functions.Value.Where(f => f.Trigger.Type == "httpTrigger" && f.Name != WorkbenchPageFunction), f => Assert.Equal("function", f.Trigger.Get("authLevel"), ignoreCase: true));
    }

    [Fact]
    public void WorkbenchPage_ServedAnonymouslyUnderApiWorkbench_ItHoldsNoData()
    {
        var page = Assert.Single(Functions.Value, f => f.Name == WorkbenchPageFunction);

        Assert.Equal("httpTrigger", page.Trigger.Type);
        Assert.Equal("workbench/{*path}", page.Trigger.Get("route"));
        Assert.Equal("anonymous", page.Trigger.Get("authLevel"), ignoreCase: true);
        Assert.Equal(["get"], page.Trigger.Methods.Select(m => m.ToLowerInvariant()));
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
    public void Timers_ScanOnTheScheduleSetting_WatchdogAsOftenAsLocalHostsRunIt()
    {
        var timers = Functions.Value.Where(f => f.Trigger.Type == "timerTrigger").ToDictionary(f => f.Name, f => f.Trigger.Get("schedule"));

        Assert.Equal("%Scan:Schedule%", timers["LiteratureScan"]);
        Assert.Contains("Scan__Schedule: scanSchedule", RepositoryFiles.ReadText("infra", "bicep", "main.bicep"), StringComparison.Ordinal);

        // NCRONTAB "0 */N * * * *": every N minutes, the interval the local hosts' watchdog service uses.
        var watchdog = timers["HeartbeatWatchdog"]!.Split(' ');
        Assert.Equal(["0", $"*/{(int)HeartbeatWatchdog.CheckEvery.TotalMinutes}", "*", "*", "*", "*"], watchdog);
    }

    [Fact]
    public void Extensions_TheStorageExtensionsTheTriggersNeedAreInstalled()
    {
        using var extensions = JsonDocument.Parse(File.ReadAllText(Path.Combine(OutputDirectory(), "extensions.json")));
        var names = extensions.RootElement.GetProperty("extensions").EnumerateArray().Select(e => e.GetProperty("name").GetString()).ToList();

        Assert.Contains("AzureStorageQueues", names);
        Assert.Contains("AzureStorageBlobs", names);
        Assert.All(
            extensions.RootElement.GetProperty("extensions").EnumerateArray(),
            e => Assert.True(File.Exists(Path.Combine(OutputDirectory(), e.GetProperty("hintPath").GetString()!)), e.GetProperty("hintPath").GetString()));
    }

    [Fact]
    public void EveryFunction_HasOneTrigger_AndAUniqueName()
    {
        Assert.Equal(Functions.Value.Count, Functions.Value.Select(f => f.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(StorageNames.AllQueues.Count + ServedEndpoints().Count + 3, Functions.Value.Count); // + upload, scan, watchdog
    }

    /// <summary>What <c>cosci serve</c> maps, read from the endpoint data source of a composed web host.</summary>
    private static List<(string Name, string Route, string Method)> ServedEndpoints()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>());
        builder.AddCoScientist(CoScientistHost.Serve(workQueues: false));
        using var app = builder.Build();
        app.MapCoScientistApi();
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
        return [.. metadata.RootElement.EnumerateArray().Select(f => new FunctionEntry(
            f.GetProperty("name").GetString()!,
            new Binding(f.GetProperty("bindings").EnumerateArray()
                .Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal))
                .Clone())))];
    }

    private static string OutputDirectory()
    {
        var published = Environment.GetEnvironmentVariable(PublishVariable);
        var directory = string.IsNullOrWhiteSpace(published) ? AppContext.BaseDirectory : published;
        Assert.True(File.Exists(Path.Combine(directory, "functions.metadata")), $"no functions.metadata in {directory}: build or publish functions/CoScientist.Functions first");
        return directory;
    }


    private sealed record FunctionEntry(string Name, Binding Trigger);

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
