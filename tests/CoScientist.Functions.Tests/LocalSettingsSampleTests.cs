using System.Text.Json;
using System.Text.RegularExpressions;
using CoScientist.Api;
using CoScientist.Azure;
using CoScientist.Ingest;
using CoScientist.Core.Llm;
using CoScientist.Llm;
using CoScientist.Core.Supervisor;
using CoScientist.Core.Telemetry;
using CoScientist.Telemetry;
using Microsoft.Extensions.Configuration;

namespace CoScientist.Functions.Tests;

/// <summary>
/// local.settings.sample.json (copied to functions/CoScientist.Functions/local.settings.json for
/// <c>func start</c>): it names every setting the deployment sets, binds to valid options as the app
/// binds them, and holds no secret.
/// </summary>
public sealed partial class LocalSettingsSampleTests
{
    private static readonly IReadOnlyDictionary<string, string> Values = ReadValues();

    private static readonly IConfiguration Configuration = new ConfigurationBuilder()
        .AddInMemoryCollection(Values.Select(v => new KeyValuePair<string, string?>(v.Key.Replace("__", ":", StringComparison.Ordinal), v.Value)))
        .Build();

    [Fact]
    public void Sample_NamesEveryAppSettingTheDeploymentSets()
    {
        var bicep = FunctionsSource.ReadText("infra", "bicep", "main.bicep");
        var deployed = BicepSetting().Matches(bicep).Select(m => m.Groups["name"].Value).Distinct(StringComparer.Ordinal).ToList();

        Assert.Contains("Scan__Schedule", deployed);
        // In Azure, storage is reached by identity through service URIs; locally the sample uses Azurite's connection string.
        Assert.DoesNotContain(deployed, name => !name.EndsWith("ServiceUri", StringComparison.Ordinal) && !Values.ContainsKey(name));
        Assert.Contains("AzureWebJobsStorage", Values.Keys);
        Assert.Contains(TelemetryOptions.ConnectionStringSetting, Values.Keys);
    }

    [Fact]
    public void Sample_BindsToValidOptions()
    {
        var storage = Configuration.GetSection(AzureStorageOptions.SectionName).Get<AzureStorageOptions>()!;
        var llm = Configuration.GetSection(LlmOptions.SectionName).Get<LlmOptions>()!;
        var supervisor = Configuration.GetSection(SupervisorOptions.SectionName).Get<SupervisorOptions>()!;
        var api = Configuration.GetSection(ApiOptions.SectionName).Get<ApiOptions>()!;
        var ingest = Configuration.GetSection(IngestOptions.SectionName).Get<IngestOptions>()!;

        Assert.Empty(storage.Validate());
        Assert.Equal("", storage.Prefix); // the triggers name unprefixed queues
        Assert.Empty(LlmOptionsValidator.Validate(llm));
        Assert.Equal(LlmProvider.Simulated, llm.Provider);
        Assert.Empty(supervisor.Validate());
        Assert.Empty(api.Validate());
        Assert.Empty(ingest.Validate());
        Assert.Empty(Configuration.GetSection(CoScientist.Core.Runs.RunLimitsOptions.SectionName).Get<CoScientist.Core.Runs.RunLimitsOptions>()!.Validate());
        Assert.False(TelemetryOptions.From(Configuration).Console);
    }

    [Fact]
    public void Sample_HoldsNoSecret()
    {
        var secrets = Values.Where(v => SecretName().IsMatch(v.Key) && v.Value.Length > 0 && v.Value != "UseDevelopmentStorage=true");

        Assert.Empty(secrets);
        Assert.DoesNotContain(Values.Values, v => v.Contains("AccountKey=", StringComparison.OrdinalIgnoreCase));
    }

    private static Dictionary<string, string> ReadValues()
    {
        using var document = JsonDocument.Parse(FunctionsSource.ReadText("local.settings.sample.json"));
        return document.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
    }

    // Keys of the app settings objects in main.bicep: `Name: value` or `{ Name: value }`, names with __.
    [GeneratedRegex(@"(?m)(?:^\s+|\{\s*)(?<name>[A-Za-z]+__[A-Za-z_]+):")]
    private static partial Regex BicepSetting();

    [GeneratedRegex("(ApiKey|Key|Secret|Password|ConnectionString|Token)$|AzureWebJobsStorage$", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();
}
