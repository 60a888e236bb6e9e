using CoScientist.Core.Telemetry;
using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CoScientist.Telemetry;

/// <summary>
/// Exports the pipeline's traces and metrics (<see cref="StepTelemetry"/>): to the console when
/// <c>Telemetry:Console</c> is true, to Application Insights when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c>
/// is set (with an Entra ID token when <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> says <c>Authorization=AAD</c>).
/// </summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// For every host (the Functions app, <c>cosci serve</c>, <c>worker</c> and the other commands, which all
    /// start a generic host): OpenTelemetry with the host's lifetime, subscribed to the pipeline's source and meter. Returns the builder, so the host can
    /// add its own defaults (the Functions worker's <c>UseFunctionsWorkerDefaults</c>).
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The host's configuration.</param>
    /// <param name="credential">For Application Insights with Entra ID; default: <see cref="DefaultAzureCredential"/> (the client id of the authentication string, else AZURE_CLIENT_ID).</param>
    public static IOpenTelemetryBuilder AddCosciOpenTelemetry(this IServiceCollection services, IConfiguration configuration, TokenCredential? credential = null)
    {
        var options = TelemetryOptions.From(configuration);
        var builder = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName))
            .WithTracing(tracing =>
            {
                tracing.AddSource(StepTelemetry.Name);
                if (options.Console)
                {
                    tracing.AddConsoleExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(StepTelemetry.Name);
                if (options.Console)
                {
                    metrics.AddConsoleExporter();
                }
            });
        if (options.AzureMonitorConnectionString is { } connection)
        {
            var entraId = CredentialFor(options, credential);
            builder.UseAzureMonitorExporter(o =>
            {
                o.ConnectionString = connection;
                o.Credential = entraId;
            });
        }

        return builder;
    }

    /// <summary>The Entra ID credential Application Insights asks for, or null when it takes the connection string's key.</summary>
    internal static TokenCredential? CredentialFor(TelemetryOptions options, TokenCredential? credential) =>
        !options.AzureMonitorUsesEntraId
            ? null
            : credential ?? new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = options.AzureMonitorClientId });
}
