using CoScientist.Runs;
using Azure.Core;
using Azure.Identity;
using CoScientist.Api;
using CoScientist.Azure;
using CoScientist.Ingest;
using CoScientist.Literature.Sources;
using CoScientist.Llm;
using CoScientist.Pipeline;
using CoScientist.Simulation;
using CoScientist.Supervisor;
using CoScientist.Telemetry;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CoScientist.Functions.Hosting;

/// <summary>
/// Composes the Functions app: Azure Storage from the <c>Storage</c> settings (identity-based service
/// URIs in Azure, a connection string with Azurite), the model provider from <c>Llm</c>, the engine, the
/// HTTP API handlers, upload handling, literature and OpenTelemetry. Everything here is configuration;
/// the behaviour is in the libraries.
/// </summary>
public static class CoScientistFunctionsApp
{
    public static FunctionsApplicationBuilder AddCoScientist(this FunctionsApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var services = builder.Services;

        // One credential for storage, Azure OpenAI and Application Insights: the app's managed
        // identity in Azure (AZURE_CLIENT_ID names it), the developer's login locally.
        TokenCredential credential = new DefaultAzureCredential();
        services.AddSingleton(credential);

        services.AddAzureStorage(Bind<AzureStorageOptions>(configuration, AzureStorageOptions.SectionName), credential);

        var llm = Bind<LlmOptions>(configuration, LlmOptions.SectionName);
        var models = AgentModelProvider.Create(llm, Bind<SimulationOptions>(configuration, "Simulation"), llm.UseEntraId ? credential : null);
        services.AddSingleton<IAgentModelProvider>(models);

        services.Configure<SupervisorOptions>(configuration.GetSection(SupervisorOptions.SectionName));
        services.Configure<StructuredChatOptions>(configuration.GetSection(StructuredChatOptions.SectionName));
        services.AddRunLiterature(configuration);
        services.AddCoScientistEngine();

        var server = new ServerModel(ServerModel.Normalize(llm.Provider.ToString())!, models.Description, models.IsSimulated);
        services.AddCoScientistApiHandlers(configuration, server);
        services.AddCoScientistIngest(configuration);

        services.AddCosciOpenTelemetry(configuration, credential).UseFunctionsWorkerDefaults();
        return builder;
    }

    /// <summary>Binds a settings section; a value of the wrong type fails start-up naming the section.</summary>
    private static T Bind<T>(IConfiguration configuration, string section)
        where T : new()
    {
        var options = new T();
        try
        {
            configuration.GetSection(section).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw new OptionsValidationException(section, typeof(T), [$"a {section} setting has the wrong type: {ex.Message}"]);
        }

        return options;
    }
}
