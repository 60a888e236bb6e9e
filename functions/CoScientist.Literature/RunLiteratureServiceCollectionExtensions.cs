using CoScientist.Core.Literature;
using CoScientist.Literature.Configuration;
using CoScientist.Literature.Search;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CoScientist.Literature;

/// <summary>Gives the engine's runs the real literature sources when the settings ask for them.</summary>
public static class RunLiteratureServiceCollectionExtensions
{
    /// <summary>The setting that turns real literature on: <c>Literature:Enabled</c> (environment: <c>Literature__Enabled</c>).</summary>
    public const string EnabledKey = LiteratureOptions.SectionName + ":Enabled";

    /// <summary>
    /// When <c>Literature:Enabled</c> is true, registers the literature clients
    /// (<see cref="LiteratureServiceCollectionExtensions.AddLiteratureSources"/>) and makes every run
    /// search the enabled ones (<c>Literature:&lt;source&gt;:Enabled</c>, all by default) besides its
    /// attached context. Otherwise (the default) registers nothing: runs read only their attached
    /// context and no request leaves the machine. The literature settings are checked here, so a
    /// bad one is reported before a run starts rather than failing its steps. Binds the scan
    /// settings (section <c>LiteratureScan</c>) either way.
    /// </summary>
    /// <exception cref="OptionsValidationException">Literature:Enabled is not true or false, or a literature setting is invalid.</exception>
    public static IServiceCollection AddRunLiterature(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<LiteratureScanOptions>(configuration.GetSection(LiteratureScanOptions.SectionName));
        if (!IsEnabled(configuration))
        {
            return services;
        }

        var options = new LiteratureOptions();
        try
        {
            configuration.GetSection(LiteratureOptions.SectionName).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw Invalid($"a {LiteratureOptions.SectionName} setting has the wrong type: {ex.Message}");
        }

        var problems = LiteratureOptionsValidator.Validate(options);
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(LiteratureOptions.SectionName, typeof(LiteratureOptions), problems);
        }

        services.AddLiteratureSources(configuration);
        services.AddSingleton<ILiteratureSourceFactory, LiteratureSearchFactory>();
        return services;
    }

    /// <summary>Whether <c>Literature:Enabled</c> is set to true (false when unset).</summary>
    public static bool IsEnabled(IConfiguration configuration)
    {
        var text = configuration[EnabledKey];
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        return bool.TryParse(text.Trim(), out var enabled)
            ? enabled
            : throw Invalid($"{EnabledKey} must be true or false (got '{text}').");
    }

    private static OptionsValidationException Invalid(string problem) =>
        new(LiteratureOptions.SectionName, typeof(LiteratureOptions), [problem]);
}
