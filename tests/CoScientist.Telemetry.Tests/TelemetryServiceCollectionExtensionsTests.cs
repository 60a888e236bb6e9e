using CoScientist.Core.Telemetry;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace CoScientist.Telemetry.Tests;

public sealed class TelemetryServiceCollectionExtensionsTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void From_NothingConfigured_ExportsNothing()
    {
        var options = TelemetryOptions.From(Settings());

        Assert.False(options.ExportsAnything);
        Assert.Null(options.AzureMonitorConnectionString);
        Assert.False(options.AzureMonitorUsesEntraId);
    }

    [Fact]
    public void From_TheDeploymentsSettings_ApplicationInsightsWithEntraIdForTheIdentity()
    {
        var options = TelemetryOptions.From(Settings(
            (TelemetryOptions.ConnectionStringSetting, "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://example.in.applicationinsights.azure.com/"),
            (TelemetryOptions.AuthenticationStringSetting, "ClientId=11111111-2222-3333-4444-555555555555;Authorization=AAD")));

        Assert.True(options.ExportsAnything);
        Assert.True(options.AzureMonitorUsesEntraId);
        Assert.Equal("11111111-2222-3333-4444-555555555555", options.AzureMonitorClientId);
        Assert.IsType<DefaultAzureCredential>(TelemetryServiceCollectionExtensions.CredentialFor(options, credential: null));
    }

    [Fact]
    public void CredentialFor_KeyBasedIngestion_NoCredential()
    {
        var options = TelemetryOptions.From(Settings((TelemetryOptions.ConnectionStringSetting, "InstrumentationKey=00000000-0000-0000-0000-000000000000")));

        Assert.Null(TelemetryServiceCollectionExtensions.CredentialFor(options, credential: null));
    }

    [Fact]
    public void CredentialFor_EntraIdWithTheHostsCredential_ThatCredential()
    {
        var options = TelemetryOptions.From(Settings((TelemetryOptions.AuthenticationStringSetting, "Authorization=aad")));
        TokenCredential mine = new DefaultAzureCredential();

        Assert.Same(mine, TelemetryServiceCollectionExtensions.CredentialFor(options, mine));
    }

    [Fact]
    public void From_TelemetryConsole_ReadFromTheSection()
    {
        var options = TelemetryOptions.From(Settings(("Telemetry:Console", "true"), ("Telemetry:ServiceName", "cosci-worker")));

        Assert.True(options.Console);
        Assert.Equal("cosci-worker", options.ServiceName);
    }

    [Fact]
    public void AddCosciOpenTelemetry_TheTracerProviderListensToThePipelinesSteps()
    {
        var services = new ServiceCollection();
        services.AddCosciOpenTelemetry(Settings());
        using var provider = services.BuildServiceProvider();

        _ = provider.GetRequiredService<TracerProvider>();
        using var activity = StepTelemetry.StartSupervisorStep("run-otel");

        Assert.NotNull(activity);
        Assert.True(activity.Recorded);
        Assert.Equal("run-otel", activity.GetTagItem(StepTelemetry.RunIdTag));
    }
}
