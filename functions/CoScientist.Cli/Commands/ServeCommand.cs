using CoScientist.Core.Runs;
using System.CommandLine;
using CoScientist.Api;
using CoScientist.Api.Endpoints;
using CoScientist.Cli.Hosting;
using CoScientist.Hosting;
using CoScientist.Hosting.Settings;
using CoScientist.Core.Llm;
using CoScientist.Llm;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CoScientist.Cli.Commands;

/// <summary>
/// <c>cosci serve</c>: the HTTP API of the Functions app, served by this process (ASP.NET Core on
/// Kestrel), which also works the queues unless told to leave that to <c>cosci worker</c> processes.
/// </summary>
internal static class ServeCommand
{
    private static readonly Option<string> Urls = new("--urls")
    {
        Description = $"Where to listen (default {ApiServer.DefaultUrl}). Any address but loopback needs Api__ApiKey.",
        DefaultValueFactory = _ => ApiServer.DefaultUrl,
    };

    private static readonly Option<bool> NoWorker = new("--no-worker") { Description = "Serve the API only; `cosci worker` processes run the steps." };

    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("serve", "Serve the HTTP API (runs, proposals, overview, scientist input) on this machine.")
        {
            EngineSettings.Storage, Urls, RunSettings.Model, RunSettings.Concurrency, EngineSettings.SimulatedLatencyMs, NoWorker,
        };
        command.SetAction((parse, ct) => ExecuteAsync(parse, environment, ct));
        return command;
    }

    private static async Task<int> ExecuteAsync(ParseResult parse, CliEnvironment environment, CancellationToken cancellationToken)
    {
        var settings = new EngineSettings
        {
            Provider = RunSettings.ParseProvider(parse.GetValue(RunSettings.Model)),
            StorageConnection = EngineSettings.ReadStorage(parse),
            Concurrency = EngineSettings.ReadConcurrency(parse, RunSettings.Concurrency),
            SimulatedLatencyMilliseconds = EngineSettings.ReadLatency(parse),
        };
        var urls = parse.GetValue(Urls)!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var configuration = environment.BuildConfiguration();
        var api = configuration.GetSection(ApiOptions.SectionName).Get<ApiOptions>() ?? new ApiOptions();
        if (ApiServer.CheckBinding(urls, api) is { Count: > 0 } problems)
        {
            throw new UsageException(string.Join(" ", problems));
        }

        var storage = EngineHost.ReadStorageOptions(configuration, settings.StorageConnection);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Configuration.AddConfiguration(configuration);
        builder.Configuration.AddInMemoryCollection(EngineHost.Overrides(settings));
        builder.WebHost.UseUrls(urls);
        builder.Logging.ClearProviders();
        builder.Logging.AddConfiguration(configuration.GetSection("Logging"));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddProvider(new TextWriterLoggerProvider(environment.Error));
        var workQueues = !parse.GetValue(NoWorker);
        EngineHost.Settings(() => builder.AddCoScientist(CoScientistHost.Serve(workQueues)));
        builder.Services.AddCoScientistApi(configuration);
        if (workQueues)
        {
            builder.Services.AddPipelineWorker();
        }

        await using var app = builder.Build();
        app.MapCoScientistApi();
        EngineHost.Settings(() => SettingsException.ValidateAll(app.Services));
        var models = EngineHost.Settings(() => app.Services.GetRequiredService<AgentModelProvider>());
        var defaulted = EngineHost.IsDefaulted(configuration, settings.Provider);
        app.MapWorkbench();

        // The web host's own engine readies the storage: no second engine just to provision.
        await EngineHost.PrepareStorageAsync(app.Services, storage, cancellationToken);
        if (defaulted)
        {
            await environment.Error.WriteLineAsync("No LLM is configured: using the simulated model (its outputs are labelled simulated). Set Llm__Provider, or pass --model.");
        }

        await app.StartAsync(cancellationToken);

        // Kestrel settings (Kestrel__Endpoints__...) override --urls: judge the addresses actually bound.
        // Requests from other machines are refused meanwhile (LocalRequestCheck), so the moment between is safe.
        var bound = app.Urls.ToList();
        if (ApiServer.CheckBinding(bound, api) is { Count: > 0 } exposed)
        {
            await app.StopAsync(CancellationToken.None);
            throw new UsageException("cosci serve stopped: " + string.Join(" ", exposed));
        }

        var where = storage is null ? "in memory (runs end with this process; give --storage to keep them)" : EngineHost.StorageEndpoint(storage);
        await environment.Error.WriteLineAsync($"cosci serve: listening on {string.Join(", ", bound)}; storage {where}; model {models.Description}. Ctrl-C to stop.");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping the server is its normal end.
        }

        await app.StopAsync(CancellationToken.None);
        return ExitCodes.Success;
    }
}
