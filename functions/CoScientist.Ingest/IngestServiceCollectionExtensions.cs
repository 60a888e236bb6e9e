using CoScientist.Core;
using CoScientist.Core.Runs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using CoScientist;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CoScientist.Ingest;

/// <summary>Registers upload handling over an engine on Azure Storage (<c>AddCoScientistEngine</c>, <c>AddAzureStorage</c>).</summary>
public static class IngestServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="UploadHandler"/> with <see cref="IngestOptions"/> from the <c>Ingest</c> section
    /// (validated on first use, naming the bad key). Runs started from goal files use the
    /// <see cref="ServerModel"/> the host registers (the API's <c>AddCoScientistApiHandlers</c> does) and
    /// the engine's <see cref="RunRequestRules"/> (<c>RunLimits</c>).
    /// </summary>
    public static IServiceCollection AddCoScientistIngest(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.SectionName).ValidateOnStart();
        services.TryAddSingleton(configuration);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IngestOptions>, IngestOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddRunRequestRules();
        services.TryAddSingleton<UploadHandler>();
        return services;
    }

    private sealed class IngestOptionsValidator : IValidateOptions<IngestOptions>
    {
        public ValidateOptionsResult Validate(string? name, IngestOptions options) =>
            options.Validate() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
