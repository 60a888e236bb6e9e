using CoScientist.Hosting.Local;
using CoScientist.Hosting;
using CoScientist.Core;
using CoScientist.Core.Runs;
using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using CoScientist.Api.Endpoints;
using CoScientist.Core.Llm;
using CoScientist.Core.Messaging;
using CoScientist.Core.Pipeline;
using CoScientist.Simulation;
using CoScientist.Core.Storage;
using CoScientist.Core.Storage.Embedded;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoScientist.Api.Tests.Infrastructure;

/// <summary>
/// The API as <c>cosci serve</c> runs it: a WebApplication on Kestrel at 127.0.0.1 on a free port,
/// the engine on the simulated model, the embedded store (or another), and the pipeline worked in
/// the background so runs progress. Called over real HTTP.
/// </summary>
public sealed class ApiTestServer : IAsyncDisposable
{
    public const string Goal = "Propose drugs approved for other indications that could be repurposed to treat <em>acute myeloid leukemia</em>";

    private readonly WebApplication _app;

    private ApiTestServer(WebApplication app, HttpClient client, CapturingLoggerProvider logs)
    {
        _app = app;
        Client = client;
        Logs = logs;
    }

    public HttpClient Client { get; }

    public CapturingLoggerProvider Logs { get; }

    public IServiceProvider Services => _app.Services;

    public WebApplication App => _app;

    public ITableStore Tables => Services.GetRequiredService<ITableStore>();

    public static async Task<ApiTestServer> StartAsync(
        string? apiKey = null,
        Action<IServiceCollection>? storage = null,
        int modelSeed = 7,
        CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Api:ApiKey"] = apiKey });
        var logs = new CapturingLoggerProvider();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Information).AddProvider(logs);

        var services = builder.Services;
        if (storage is null)
        {
            services.AddSingleton<ITableStore, EmbeddedTableStore>();
            services.AddSingleton<IQueueStore>(sp => new EmbeddedQueueStore(sp.GetRequiredService<TimeProvider>()));
        }
        else
        {
            storage(services);
        }

        services.AddSingleton<IAgentModelProvider>(new SimulatedModelProvider(new SimulationOptions { Seed = modelSeed }));
        services.Configure<LocalHostOptions>(o =>
        {
            o.Concurrency = 3;
            o.RetryDelay = TimeSpan.FromMilliseconds(10);
            o.MaxPollingInterval = TimeSpan.FromMilliseconds(40);
        });
        services.AddCoScientistEngine().AddLocalPipeline().AddRunEstimates();
        services.AddCoScientistApi(builder.Configuration, ServerModel.SimulatedModel($"simulated model (seed {modelSeed})"));
        services.AddPipelineWorker();

        var app = builder.Build();
        app.MapCoScientistApi();
        app.MapWorkbench();
        await app.StartAsync(cancellationToken);
        var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()), Timeout = TimeSpan.FromSeconds(60) };
        return new ApiTestServer(app, client, logs);
    }

    /// <summary>Starts a run over HTTP and returns its id.</summary>
    public async Task<string> StartRunAsync(object? body = null, CancellationToken cancellationToken = default)
    {
        using var response = await Client.PostAsJsonAsync("/api/runs", body ?? new { goal = Goal, maxProposals = 6, seed = 7 }, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"POST /api/runs answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("runId").GetString()!;
    }

    public async Task<JsonElement> GetJsonAsync(string path, CancellationToken cancellationToken = default)
    {
        using var response = await Client.GetAsync(path, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Polls the run's status until <paramref name="done"/> holds; fails the test after <paramref name="timeout"/>.</summary>
    public async Task<JsonElement> WaitForAsync(string runId, Func<JsonElement, bool> done, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(120));
        while (true)
        {
            var status = await GetJsonAsync($"/api/runs/{runId}", cancellationToken);
            if (done(status))
            {
                return status;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Run {runId} did not get there in time; last status: {status}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    public Task<JsonElement> WaitForEndAsync(string runId, CancellationToken cancellationToken = default) =>
        WaitForAsync(runId, s => s.GetProperty("status").GetString() is "completed" or "stopped" or "failed", cancellationToken: cancellationToken);

    /// <summary>
    /// Everything stored for a run, with ETags, and (when no other test shares the server) the
    /// number of runs: equal fingerprints mean nothing was written in between.
    /// </summary>
    public async Task<string> FingerprintAsync(string runId, bool includeRunCount = false, CancellationToken cancellationToken = default)
    {
        var parts = new List<string>();
        var runs = await Tables.QueryAsync(StorageNames.RunsTable, StorageNames.RunsPartition, cancellationToken);
        if (includeRunCount)
        {
            parts.Add($"runs={runs.Count}");
        }

        parts.AddRange(runs.Where(r => r.RowKey == runId).Select(r => $"run:{r.ETag}:{r.Json}"));
        foreach (var table in StorageNames.AllTables.Where(t => t != StorageNames.RunsTable))
        {
            var entries = await Tables.QueryAsync(table, runId, cancellationToken);
            parts.AddRange(entries.Select(e => $"{table}/{e.RowKey}:{e.ETag}"));
        }

        return string.Join("\n", parts);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Keeps every log line written, to check what is (and is not) logged.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, EventId Event, string Message)> _lines = new();

    public IReadOnlyList<(string Category, LogLevel Level, EventId Event, string Message)> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<(string, LogLevel, EventId, string)> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue((category, logLevel, eventId, formatter(state, exception) + (exception is null ? "" : " " + exception)));
    }
}
