using CoScientist.Core.Messaging;
using CoScientist.Core.Orchestration;
using CoScientist.Hosting;
using CoScientist.Hosting.Settings;
using CoScientist.Ingest;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CoScientist.Functions.Hosting;

/// <summary>
/// Composes the Functions app through the one composition root (<see cref="CoScientistHostingExtensions.AddCoScientist"/>):
/// Azure Storage from the <c>Storage</c> settings (identity-based service URIs in Azure, a connection string
/// with Azurite), the model from <c>Llm</c>, the engine, the HTTP API handlers and their failure answers
/// (<see cref="ApiFailureMiddleware"/>), uploads, literature and OpenTelemetry; each run's loop is a Durable
/// Functions orchestration, reached through the function's <c>[DurableClient]</c>. <c>Program.cs</c> runs
/// what this builds; the tests build the same host.
/// </summary>
public static class CoScientistFunctionsApp
{
    /// <exception cref="SettingsException">A setting is invalid, or names storage the triggers cannot use; the message names the key.</exception>
    public static FunctionsApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.UseMiddleware<DurableClientMiddleware>();
        builder.UseMiddleware<ApiFailureMiddleware>();
        builder.Services.AddSingleton<IRunOrchestrations, FunctionsRunOrchestrations>();
        RefuseUploadsContainerSetting(builder.Configuration);
        builder.AddCoScientist(CoScientistHost.Functions);
        builder.Services.AddOpenTelemetry().UseFunctionsWorkerDefaults();
        return builder;
    }

    private static void RefuseUploadsContainerSetting(ConfigurationManager configuration)
    {
        // The upload trigger's path is a constant in its attribute: the app would look for uploads in a
        // container no trigger watches, and the files dropped in the deployed container would wait forever.
        const string Key = $"{IngestOptions.SectionName}:{nameof(IngestOptions.UploadsContainer)}";
        var configured = configuration[Key];
        if (!string.IsNullOrEmpty(configured) && !string.Equals(configured, StorageNames.UploadsContainer, StringComparison.Ordinal))
        {
            throw new SettingsException(
                $"{Key} is '{configured}', but the Functions app's upload trigger watches the '{StorageNames.UploadsContainer}' container, which the deployment creates: remove the setting.");
        }
    }
}
