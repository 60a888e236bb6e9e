using System.Reflection;
using System.Text;
using CoScientist.Core.Messaging;
using CoScientist.Core.Storage;
using CoScientist.Functions.Functions.Http;
using CoScientist.Functions.Functions.Steps;
using CoScientist.Functions.Hosting;
using CoScientist.Hosting.Settings;
using CoScientist.Testing.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CoScientist.Functions.Tests;

/// <summary>
/// The worker host the Functions app runs, built by the same <see cref="CoScientistFunctionsApp.CreateBuilder"/>
/// that <c>Program.cs</c> runs (without the Functions host, which this machine cannot run): every function class
/// resolves, and an HTTP function and a queue function do their work through the code path a trigger takes.
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
    public async Task CreateRun_ThenTheSupervisorQueueFunction_TheRunIsPlanned()
    {
        using var host = Build();
        var runs = ActivatorUtilities.CreateInstance<RunsFunctions>(host.Services);
        var steps = ActivatorUtilities.CreateInstance<StepQueueFunctions>(host.Services);
        var queues = host.Services.GetRequiredService<IQueueStore>();
        var store = host.Services.GetRequiredService<RunStore>();
        await host.Services.GetRequiredService<CoScientist.Azure.AzureStorageProvisioner>().EnsureCreatedAsync(Ct);

        // The HTTP function's answer, written to the response as the Functions host writes it.
        var context = JsonContext("""{"goal":"Find repurposed drugs for lung fibrosis.","maxProposals":4}""");
        context.RequestServices = host.Services;
        context.Response.Body = new MemoryStream();
        var created = await runs.CreateRun(context.Request, Ct);
        await created.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        Assert.Equal(StatusCodes.Status202Accepted, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        using var answer = await System.Text.Json.JsonDocument.ParseAsync(context.Response.Body, cancellationToken: Ct);
        var runId = answer.RootElement.GetProperty("runId").GetString()!;

        // What the queue trigger would hand the function: the message body, as a string.
        var message = Assert.Single(await queues.ReceiveAsync(StorageNames.SupervisorQueue, 32, TimeSpan.FromMinutes(1), Ct), m => m.Body.Contains(runId, StringComparison.Ordinal));
        await steps.Supervisor(message.Body, Ct);

        var run = (await store.GetRunAsync(runId, Ct))!.Value;
        Assert.Equal(Core.Runs.RunStatus.Running, run.Status);
        Assert.Contains(await queues.ReceiveAsync(StorageNames.PlanQueue, 32, TimeSpan.FromMinutes(1), Ct), m => m.Body.Contains(runId, StringComparison.Ordinal));
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

    private IHost Build(params (string Key, string Value)[] settings)
    {
        // Settings reach the Functions builder as they do in Azure: from its configuration sources (here the command line).
        string[] args = [$"--Storage:ConnectionString={azurite.ConnectionString}", .. settings.Select(s => $"--{s.Key}={s.Value}")];
        return CoScientistFunctionsApp.CreateBuilder(args).Build();
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
}
