using CoScientist.Runs;
using CoScientist.Api.Endpoints;
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
    /// the pipeline, the API key check and problem details for unknown routes and failures.
    /// Then <c>app.MapCoScientistApi()</c>.
    /// </summary>
    public static IServiceCollection AddCoScientistApi(this IServiceCollection services, IConfiguration configuration, ServerModel model)
    {
        services.AddCoScientistApiHandlers(configuration, model);
        services.TryAddEnumerable(ServiceDescriptor.Transient<IStartupFilter, ApiStartupFilter>());
        return services;
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

        services.AddOptions<ApiOptions>().Bind(configuration.GetSection(ApiOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>());
        services.TryAddSingleton(model);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ApiKeyCheck>();
        services.TryAddSingleton<RunsApi>();
        services.TryAddSingleton<ProposalsApi>();
        services.TryAddSingleton<OverviewApi>();
        services.TryAddSingleton<OpenApiDocumentApi>();
        return services;
    }

    /// <summary>
    /// Works the pipeline's queues in this process for as long as the host runs (<see cref="PipelineWorker"/>),
    /// so that runs started over HTTP progress. Not for the Functions app, whose queue triggers do this.
    /// </summary>
    public static IServiceCollection AddCoScientistPipelineWorker(this IServiceCollection services)
    {
        services.AddHostedService<PipelineWorker>();
        return services;
    }

    private sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
    {
        public ValidateOptionsResult Validate(string? name, ApiOptions options) =>
            options.Validate() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
