using CoScientist.Core.Telemetry;
using Microsoft.Extensions.Configuration;

namespace CoScientist.Telemetry;

/// <summary>Where the pipeline's traces and metrics go, from the <c>Telemetry</c> section and Application Insights' own settings.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>Application Insights' connection string setting (set by the deployment on the Functions app).</summary>
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>
    /// Application Insights' authentication setting, e.g. <c>ClientId=&lt;guid&gt;;Authorization=AAD</c>:
    /// with <c>Authorization=AAD</c> telemetry is sent with a Microsoft Entra ID token (the component refuses keys).
    /// </summary>
    public const string AuthenticationStringSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>Print every step's span and the step metrics on standard output (<c>Telemetry__Console=true</c>).</summary>
    public bool Console { get; set; }

    /// <summary>The service name traces and metrics carry (<c>service.name</c>).</summary>
    public string ServiceName { get; set; } = "cosci";

    /// <summary>Application Insights connection string; null when not configured. Not a secret (an ingestion address), but never logged.</summary>
    public string? AzureMonitorConnectionString { get; set; }

    /// <summary>True when Application Insights wants Entra ID tokens (<c>Authorization=AAD</c>).</summary>
    public bool AzureMonitorUsesEntraId { get; set; }

    /// <summary>The user-assigned identity's client id named in the authentication string, if any.</summary>
    public string? AzureMonitorClientId { get; set; }

    public bool ExportsAnything => Console || AzureMonitorConnectionString is not null;

    /// <summary>Reads the <c>Telemetry</c> section and the two <c>APPLICATIONINSIGHTS_*</c> settings.</summary>
    public static TelemetryOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new TelemetryOptions();
        configuration.GetSection(SectionName).Bind(options);
        var connection = configuration[ConnectionStringSetting];
        options.AzureMonitorConnectionString = string.IsNullOrWhiteSpace(connection) ? null : connection.Trim();
        var pairs = ParsePairs(configuration[AuthenticationStringSetting]);
        options.AzureMonitorUsesEntraId = pairs.TryGetValue("Authorization", out var authorization)
            && string.Equals(authorization, "AAD", StringComparison.OrdinalIgnoreCase);
        options.AzureMonitorClientId = pairs.TryGetValue("ClientId", out var clientId) && clientId.Length > 0 ? clientId : null;
        return options;
    }

    private static Dictionary<string, string> ParsePairs(string? text)
    {
        var pairs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in (text ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                pairs[part[..equals].Trim()] = part[(equals + 1)..].Trim();
            }
        }

        return pairs;
    }
}
