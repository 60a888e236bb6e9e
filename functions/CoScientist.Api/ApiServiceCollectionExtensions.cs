using CoScientist.Core.Runs;
using CoScientist.Api.Endpoints;
using CoScientist.Core.Llm;
using CoScientist.Api.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CoScientist.Api;

/// <summary>Registers the HTTP API over an engine registered with <c>AddCoScientistEngine</c>.</summary>
public static class ApiServiceCollectionExtensions
{
    /// <summary>
    /// For <c>cosci serve</c>: the handlers (<see cref="AddCoScientistApiHandlers"/>), then, first in
    /// the pipeline, the checks against browsers used as a relay, the API key check and problem details for unknown routes and failures.
    /// Then <c>app.MapCoScientistApi()</c>.
    /// </summary>
    public static IServiceCollection AddCoScientistApi(this IServiceCollection services, IConfiguration configuration, ServerModel model)
    {
        services.AddCoScientistApiHandlers(configuration, model);
        return AddServing(services);
    }

    /// <inheritdoc cref="AddCoScientistApi(IServiceCollection, IConfiguration, ServerModel)"/>
    /// <remarks>The server model is the registered <see cref="IAgentModelProvider"/>'s.</remarks>
    public static IServiceCollection AddCoScientistApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCoScientistApiHandlers(configuration);
        return AddServing(services);
    }

    // What only a server of its own (Kestrel) needs in front of the handlers; Functions has its host's checks.
    private static IServiceCollection AddServing(IServiceCollection services)
    {
        services.TryAddSingleton<LocalRequestCheck>();
        services.TryAddEnumerable(ServiceDescriptor.Transient<IStartupFilter, ApiStartupFilter>());
        return services;
    }

    /// <summary>
    /// The handlers (as <see cref="AddCoScientistApiHandlers(IServiceCollection, IConfiguration, ServerModel)"/>)
    /// for the model provider the host registered (<see cref="IAgentModelProvider"/>).
    /// </summary>
    public static IServiceCollection AddCoScientistApiHandlers(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(sp => ServerModel.From(sp.GetRequiredService<IAgentModelProvider>()));
        return AddHandlers(services, configuration);
    }

    /// <summary>
    /// For an Azure Functions app: only the handlers (<see cref="RunsApi"/>, <see cref="ProposalsApi"/>,
    /// <see cref="OverviewApi"/>, <see cref="OpenApiDocumentApi"/>) and <see cref="ApiOptions"/>, which
    /// HTTP triggers call. Function keys protect the endpoints there.
    /// </summary>
    public static IServiceCollection AddCoScientistApiHandlers(this IServiceCollection services, IConfiguration configuration, ServerModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!ServerModel.Providers.Contains(model.Provider))
        {
            throw new ArgumentException($"The server's provider must be one of {string.Join(", ", ServerModel.Providers)} (got '{model.Provider}').", nameof(model));
        }

        services.TryAddSingleton(model);
        return AddHandlers(services, configuration);
    }

    private static IServiceCollection AddHandlers(IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.SectionName).ValidateOnStart();
        services.TryAddSingleton(configuration);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ApiKeyCheck>();
        services.TryAddSingleton<RunsApi>();
        services.TryAddSingleton<ProposalsApi>();
        services.TryAddSingleton<OverviewApi>();
        services.TryAddSingleton<OpenApiDocumentApi>();
        services.AddWorkbenchHandlers();
        return services;
    }

    private sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
    {
        public ValidateOptionsResult Validate(string? name, ApiOptions options) =>
            options.Validate() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
