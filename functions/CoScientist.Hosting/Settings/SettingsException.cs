using Microsoft.Extensions.Options;

namespace CoScientist.Hosting.Settings;

/// <summary>
/// A setting that cannot be used, reported in one line that names its key (<c>Supervisor:ParallelWidth</c>),
/// whichever host reads it.
/// </summary>
public sealed class SettingsException : Exception
{
    public SettingsException()
        : this("A setting is invalid.")
    {
    }

    public SettingsException(string message)
        : base(message)
    {
    }

    public SettingsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// Validates every options class registered with <c>ValidateOnStart</c>, as a host's start does, so that
    /// a command that starts no host fails on a bad setting just the same.
    /// </summary>
    /// <exception cref="SettingsException">A setting is invalid.</exception>
    public static void ValidateAll(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        Wrap(() => (services.GetService(typeof(IStartupValidator)) as IStartupValidator)?.Validate());
    }

    /// <summary>Runs <paramref name="compose"/>, turning binding and validation failures into one line naming the key.</summary>
    public static void Wrap(Action compose)
    {
        ArgumentNullException.ThrowIfNull(compose);
        Wrap<object?>(() =>
        {
            compose();
            return null;
        });
    }

    /// <inheritdoc cref="Wrap(Action)"/>
    public static T Wrap<T>(Func<T> compose)
    {
        ArgumentNullException.ThrowIfNull(compose);
        try
        {
            return compose();
        }
        catch (Exception ex) when (From(ex) is { } settings)
        {
            throw settings;
        }
    }

    /// <summary>The one-line report of a binding or validation failure; null for any other exception.</summary>
    public static SettingsException? From(Exception exception) => exception switch
    {
        SettingsException settings => settings,
        OptionsValidationException validation => new SettingsException(OneLine(validation.Failures), validation),
        AggregateException aggregate when aggregate.InnerExceptions.All(e => From(e) is not null) =>
            new SettingsException(string.Join(" ", aggregate.InnerExceptions.Select(e => From(e)!.Message).Distinct()), aggregate),

        // The configuration binder: "Failed to convert configuration value 'abc' at 'Supervisor:ParallelWidth' to type 'System.Int32'."
        InvalidOperationException binding when binding.Message.Contains("configuration value", StringComparison.Ordinal) =>
            new SettingsException(BinderLine(binding), binding),
        _ => null,
    };

    private static string OneLine(IEnumerable<string> failures) =>
        string.Join(" ", failures.Select(f => f.ReplaceLineEndings(" ").Trim()).Where(f => f.Length > 0).Distinct());

    private static string BinderLine(InvalidOperationException binding)
    {
        // The binder puts the converter's own reason (an unknown provider, say) in the inner exception.
        var reason = binding.InnerException is { } inner && inner is not InvalidOperationException ? $" ({inner.Message.ReplaceLineEndings(" ").Trim()})" : "";
        return binding.Message.ReplaceLineEndings(" ").Trim() + reason;
    }
}
