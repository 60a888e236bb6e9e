using Azure.Core;
using CoScientist.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoScientist.Azure;

/// <summary>Puts the engine's storage ports on Azure Storage.</summary>
public static class AzureStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ITableStore"/> and <see cref="IQueueStore"/> on Azure (singletons,
    /// replacing any registered before), with <see cref="AzureStorageClients"/> and
    /// <see cref="AzureStorageProvisioner"/>. Invalid options throw <see cref="OptionsValidationException"/> here.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="options">The <c>Storage</c> settings.</param>
    /// <param name="credential">
    /// For the service URIs: this credential, else a <see cref="TokenCredential"/> registered in the
    /// container, else <c>DefaultAzureCredential</c>.
    /// </param>
    public static IServiceCollection AddAzureStorage(this IServiceCollection services, AzureStorageOptions options, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(options);

        // Fail at startup, naming the key, rather than at the first queue poll.
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(AzureStorageOptions.SectionName, typeof(AzureStorageOptions), problems);
        }

        services.RemoveAll<ITableStore>();
        services.RemoveAll<IQueueStore>();
        services.TryAddSingleton(sp => AzureStorageClients.Create(options, credential ?? sp.GetService<TokenCredential>()));
        services.AddSingleton<ITableStore>(sp => new AzureTableStore(
            sp.GetRequiredService<AzureStorageClients>(), sp.GetService<ILogger<AzureTableStore>>()));
        services.AddSingleton<IQueueStore>(sp => new AzureQueueStore(
            sp.GetRequiredService<AzureStorageClients>(), sp.GetService<ILogger<AzureQueueStore>>()));
        services.TryAddSingleton(sp => new AzureStorageProvisioner(
            sp.GetRequiredService<AzureStorageClients>(), sp.GetService<ILogger<AzureStorageProvisioner>>()));
        return services;
    }
}
