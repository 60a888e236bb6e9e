using System.Reflection;
using System.Text;
using CoScientist.Core.Messaging;
using CoScientist.Core.Storage;
using CoScientist.Core.Runs;
using CoScientist.Core.Supervisor;
using CoScientist.Functions.Functions.Http;
using CoScientist.Functions.Functions.Orchestration;
using CoScientist.Functions.Functions.Steps;
using CoScientist.Functions.Hosting;
using CoScientist.Hosting.Settings;
using CoScientist.Orchestration;
using CoScientist.Orchestration.Activities;
using CoScientist.Testing.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CoScientist.Functions.Tests;

/// <summary>
/// The worker host the Functions app runs, built by the same <see cref="CoScientistFunctionsApp.CreateBuilder"/>
/// that <c>Program.cs</c> runs (without the Functions host, which this machine cannot run): every function class
/// resolves, and a run started by the HTTP function completes through the app's orchestration, activity and
/// queue functions, each called as its trigger calls it.
/// </summary>
public sealed class FunctionsHostTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Build_EveryFunctionClass_Resolves()
    {
        using var host = Build();
        var functionClasses = typeof(CoScientistFunctionsApp).Assembly.GetTypes()
            .Where(t => t.GetMethods().Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null))
            .ToList();

        Assert.True(functionClasses.Count >= 6, $"found {functionClasses.Count} function classes");
        foreach (var type in functionClasses)
        {
            Assert.NotNull(ActivatorUtilities.CreateInstance(host.Services, type));
        }
    }

    [Fact]
    public async Task CreateRun_ThenTheOrchestrationAndStepFunctions_TheRunCompletes()
    {
        using var host = Build(("Supervisor:ParallelWidth", "2"));
        var runs = ActivatorUtilities.CreateInstance<RunsFunctions>(host.Services);
        var steps = ActivatorUtilities.CreateInstance<StepQueueFunctions>(host.Services);
        var queues = host.Services.GetRequiredService<IQueueStore>();
        var store = host.Services.GetRequiredService<RunStore>();
        await host.Services.GetRequiredService<CoScientist.Azure.AzureStorageProvisioner>().EnsureCreatedAsync(Ct);

        await using var durable = await StartDurableAsync(host);
        using var client = FunctionsRunOrchestrations.Use(durable.Client);

        // The HTTP function's answer, written to the response as the Functions host writes it.
        var context = JsonContext("""{"goal":"Find repurposed drugs for lung fibrosis.","maxProposals":4,"maxMatches":6}""");
        context.RequestServices = host.Services;
        context.Response.Body = new MemoryStream();
        var created = await runs.CreateRun(context.Request, durable.Client, Ct);
        await created.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        Assert.Equal(StatusCodes.Status202Accepted, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        using var answer = await System.Text.Json.JsonDocument.ParseAsync(context.Response.Body, cancellationToken: Ct);
        var runId = answer.RootElement.GetProperty("runId").GetString()!;

        // What each queue trigger would hand its function: the message body, as a string. The function that
        // ends a round tells the orchestration, which plans the next round; until the run ends.
        var functions = new Dictionary<string, Func<string, Task>>
        {
            [StorageNames.PlanQueue] = body => steps.Plan(body, durable.Client, Ct),
            [StorageNames.GenerationQueue] = body => steps.Generation(body, durable.Client, Ct),
            [StorageNames.ReflectionQueue] = body => steps.Reflection(body, durable.Client, Ct),
            [StorageNames.RankingQueue] = body => steps.Ranking(body, durable.Client, Ct),
            [StorageNames.ProximityQueue] = body => steps.Proximity(body, durable.Client, Ct),
            [StorageNames.EvolutionQueue] = body => steps.Evolution(body, durable.Client, Ct),
            [StorageNames.MetaReviewQueue] = body => steps.MetaReview(body, durable.Client, Ct),
        };
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!(await store.GetRunAsync(runId, Ct))!.Value.Status.IsTerminal() && DateTime.UtcNow < deadline)
        {
            var handled = 0;
            foreach (var (queue, function) in functions)
            {
                foreach (var message in await queues.ReceiveAsync(queue, 32, TimeSpan.FromMinutes(1), Ct))
                {
                    await function(message.Body);
                    await queues.DeleteAsync(message, Ct);
                    handled++;
                }
            }

            if (handled == 0)
            {
                await Task.Delay(100, Ct);
            }
        }

        Assert.Equal(Core.Runs.RunStatus.Completed, (await store.GetRunAsync(runId, Ct))!.Value.Status);
        var instance = await durable.Client.WaitForInstanceCompletionAsync(runId, Ct);
        Assert.Equal(Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
    }

    [Theory]
    [InlineData(null, "text/html", "<script type=\"module\" src=\"app.js\">")]
    [InlineData("app.js", "text/javascript", "import ")]
    [InlineData("api.js", "text/javascript", "fetch('/api/' + path")]
    public async Task GetWorkbench_PathFromTheSiteRoot_ServesThePageAndItsFiles(string? path, string contentType, string content)
    {
        using var host = Build();
        var context = await GetWorkbenchAsync(host, path);

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.StartsWith(contentType, context.Response.ContentType, StringComparison.Ordinal);
        Assert.Contains(content, Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("secrets.json")]
    [InlineData("../appsettings.json")]
    [InlineData("api/nothing-here")]
    public async Task GetWorkbench_PathNotAmongItsFiles_Is404(string path)
    {
        using var host = Build();
        var context = await GetWorkbenchAsync(host, path);

        Assert.Equal(StatusCodes.Status404NotFound, context.Response.StatusCode);
    }

    /// <summary>The workbench function's answer to GET /<paramref name="path"/>, executed into an HTTP context.</summary>
    private static async Task<HttpContext> GetWorkbenchAsync(IHost host, string? path)
    {
        var workbench = ActivatorUtilities.CreateInstance<WorkbenchFunctions>(host.Services);
        var context = new DefaultHttpContext { RequestServices = host.Services };
        context.Request.Method = "GET";
        context.Request.Path = "/" + path;
        context.Response.Body = new MemoryStream();
        await workbench.GetWorkbench(context.Request, path).ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        return context;
    }

    [Fact]
    public async Task PauseRun_RunAlwaysChangedUnderTheWriter_Is503WithRetryAfterLikeServe()
    {
        var contended = false;
        using var host = Build(services =>
        {
            // Over the composition: the Azure table store, where another writer always got to the run first.
            var azure = services.Last(d => d.ServiceType == typeof(ITableStore));
            services.Remove(azure);
            services.AddSingleton<ITableStore>(sp => new ContendedTableStore((ITableStore)azure.ImplementationFactory!(sp), () => contended));
        });
        await host.Services.GetRequiredService<CoScientist.Azure.AzureStorageProvisioner>().EnsureCreatedAsync(Ct);
        var runs = ActivatorUtilities.CreateInstance<RunsFunctions>(host.Services);
        var created = JsonContext("""{"goal":"Find repurposed drugs for lung fibrosis.","maxProposals":4}""");
        created.RequestServices = host.Services;
        created.Response.Body = new MemoryStream();
        await using var durable = await StartDurableAsync(host);
        using var client = FunctionsRunOrchestrations.Use(durable.Client);
        await (await runs.CreateRun(created.Request, durable.Client, Ct)).ExecuteResultAsync(new ActionContext(created, new RouteData(), new ActionDescriptor()));
        created.Response.Body.Position = 0;
        using var answer = await System.Text.Json.JsonDocument.ParseAsync(created.Response.Body, cancellationToken: Ct);
        var runId = answer.RootElement.GetProperty("runId").GetString()!;
        contended = true;

        // The worker's invocation pipeline around the function, as the app registered it.
        var pause = JsonContext("");
        pause.RequestServices = host.Services;
        pause.Response.Body = new MemoryStream();
        await host.Services.GetRequiredService<ApiFailureMiddleware>().InvokeAsync(pause, async () => await runs.PauseRun(pause.Request, runId, durable.Client, Ct));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, pause.Response.StatusCode);
        Assert.Equal("1", pause.Response.Headers.RetryAfter.ToString());
        Assert.StartsWith("application/problem+json", pause.Response.ContentType, StringComparison.Ordinal);
        pause.Response.Body.Position = 0;
        using var problem = await System.Text.Json.JsonDocument.ParseAsync(pause.Response.Body, cancellationToken: Ct);
        Assert.EndsWith("busy", problem.RootElement.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, problem.RootElement.GetProperty("retryAfterSeconds").GetInt32());
        contended = false;
        Assert.NotEqual(Core.Runs.RunStatus.Paused, (await host.Services.GetRequiredService<RunStore>().GetRunAsync(runId, Ct))!.Value.Status);
    }

    [Fact]
    public async Task ApiFailureMiddleware_OtherFailure_PassesThroughToTheHost()
    {
        using var host = Build();
        var context = JsonContext("");
        var failure = new InvalidOperationException("not ours to answer");

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            host.Services.GetRequiredService<ApiFailureMiddleware>().InvokeAsync(context, () => throw failure));

        Assert.Same(failure, thrown);
        Assert.False(context.Response.HasStarted);
    }

    [Theory]
    [InlineData("Supervisor:ParallelWidth", "abc")]
    [InlineData("Llm:Provider", "nope")]
    [InlineData("StructuredChat:MaxAttempts", "many")]
    public void Start_BadSetting_FailsNamingTheKey(string key, string value)
    {
        using var host = Build((key, value));

        var failure = Assert.Throws<SettingsException>(() => SettingsException.ValidateAll(host.Services));

        Assert.Contains(key, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', failure.Message);
    }

    [Fact]
    public void Compose_StoragePrefix_RefusedBecauseTheTriggersCannotHonourIt()
    {
        var failure = Assert.Throws<SettingsException>(() => Build(("Storage:Prefix", "staging")));

        Assert.Contains("Storage:Prefix", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_UploadsContainerSetting_RefusedBecauseTheUploadTriggerCannotHonourIt()
    {
        var failure = Assert.Throws<SettingsException>(() => Build(("Ingest:UploadsContainer", "staging-uploads")));

        Assert.Contains("Ingest:UploadsContainer", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"'{StorageNames.UploadsContainer}'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_UploadsContainerSettingNamingTheTriggersContainer_Accepted()
    {
        using var host = Build(("Ingest:UploadsContainer", StorageNames.UploadsContainer));

        Assert.Equal(StorageNames.UploadsContainer, host.Services.GetRequiredService<CoScientist.Ingest.UploadHandler>().Uploads.Name);
    }

    [Fact]
    public void Compose_NoStorage_RefusedNamingTheSettings()
    {
        var failure = Assert.Throws<SettingsException>(() => CoScientistFunctionsApp.CreateBuilder([]).Build().Dispose());

        Assert.Contains("Storage:ConnectionString", failure.Message, StringComparison.Ordinal);
    }

    private IHost Build(params (string Key, string Value)[] settings) => Build(_ => { }, settings);

    private IHost Build(Action<IServiceCollection> overComposition, params (string Key, string Value)[] settings)
    {
        // Settings reach the Functions builder as they do in Azure: from its configuration sources (here the command line).
        string[] args = [$"--Storage:ConnectionString={azurite.ConnectionString}", .. settings.Select(s => $"--{s.Key}={s.Value}")];
        var builder = CoScientistFunctionsApp.CreateBuilder(args);
        overComposition(builder.Services);
        return builder.Build();
    }

    /// <summary>
    /// Durable Functions' part, played by the Durable Task test host: it runs the app's own orchestration and
    /// activity functions, and its client is the one [DurableClient] would bind.
    /// </summary>
    private static Task<DurableTaskTestHost> StartDurableAsync(IHost host)
    {
        var orchestration = ActivatorUtilities.CreateInstance<RunOrchestrationFunctions>(host.Services);
        return DurableTaskTestHost.StartAsync(registry =>
        {
            registry.AddOrchestratorFunc<RunOrchestrationInput, string>(RunOrchestrator.Name, (context, _) => orchestration.Orchestrate(context));
            registry.AddActivityFunc<string, PlanOutcome>(PlanRoundActivity.Name, (_, runId) => orchestration.PlanRound(runId, CancellationToken.None));
            registry.AddActivityFunc<RescueRequest, RescueOutcome>(RescueRoundActivity.Name, (_, request) => orchestration.RescueRound(request, CancellationToken.None));
            registry.AddActivityFunc<FailRunRequest, string>(FailRunActivity.Name, (_, request) => orchestration.FailRun(request, CancellationToken.None));
        }, new DurableTaskTestHostOptions { LoggerFactory = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance }, Ct);
    }

    private static DefaultHttpContext JsonContext(string body)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        context.Request.Host = new HostString("localhost");
        context.Request.Scheme = "https";
        return context;
    }

    /// <summary>
    /// What the worker hands a middleware for an HTTP invocation under ASP.NET Core integration: the request's
    /// <see cref="HttpContext"/> under the key its proxying middleware uses, so <c>GetHttpContext()</c> finds it.
    /// </summary>
    /// <summary>A table store where, while <c>contended</c> says so, another writer always changed the run first.</summary>
    private sealed class ContendedTableStore(ITableStore inner, Func<bool> contended) : ITableStore
    {
        public Task<TableEntry?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken = default) =>
            inner.GetAsync(table, partitionKey, rowKey, cancellationToken);

        public Task<IReadOnlyList<TableEntry>> QueryAsync(string table, string partitionKey, CancellationToken cancellationToken = default) =>
            inner.QueryAsync(table, partitionKey, cancellationToken);

        public Task<string?> TryInsertAsync(string table, string partitionKey, string rowKey, string json, CancellationToken cancellationToken = default) =>
            inner.TryInsertAsync(table, partitionKey, rowKey, json, cancellationToken);

        public Task<string> UpdateAsync(string table, string partitionKey, string rowKey, string json, string ifMatch, CancellationToken cancellationToken = default) =>
            contended() && table == StorageNames.RunsTable
                ? throw new ConcurrencyConflictException("changed by another writer")
                : inner.UpdateAsync(table, partitionKey, rowKey, json, ifMatch, cancellationToken);

        public Task<string> UpsertAsync(string table, string partitionKey, string rowKey, string json, CancellationToken cancellationToken = default) =>
            inner.UpsertAsync(table, partitionKey, rowKey, json, cancellationToken);
    }
}
