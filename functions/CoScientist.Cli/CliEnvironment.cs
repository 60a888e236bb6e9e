using Microsoft.Extensions.Configuration;

namespace CoScientist.Cli;

/// <summary>Where the CLI writes and what configuration it reads; tests pass their own.</summary>
/// <param name="Out">Standard output: results and JSON.</param>
/// <param name="Error">Standard error: progress notes and error lines.</param>
/// <param name="Settings">Extra configuration (key → value) layered over appsettings.json and environment variables.</param>
/// <param name="Interactive">Whether a live display may be drawn; null asks the console.</param>
public sealed record CliEnvironment(TextWriter Out, TextWriter Error, IReadOnlyDictionary<string, string?>? Settings = null, bool? Interactive = null)
{
    public IConfiguration BuildConfiguration() =>
        new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(Settings ?? new Dictionary<string, string?>())
            .Build();

    public bool IsInteractive => Interactive ?? (!Console.IsOutputRedirected && !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("CI") is null);
}

/// <summary>Input the user must fix; reported as one line and exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message)
{
    public UsageException()
        : this("Invalid input.")
    {
    }

    public UsageException(string message, Exception innerException)
        : this(message + " " + innerException.Message)
    {
    }
}

/// <summary>Exit codes of <c>cosci</c>.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The run ended in failure (including a refused goal).</summary>
    public const int RunFailed = 1;

    /// <summary>Bad input: fix the command or configuration.</summary>
    public const int Usage = 2;
}

/// <summary>The storage account cannot be reached or refuses us; reported as one line and exit code 1.</summary>
public sealed class StorageUnavailableException(string message) : Exception(message)
{
    public StorageUnavailableException()
        : this("Storage is unavailable.")
    {
    }

    public StorageUnavailableException(string message, Exception innerException)
        : this(message + " " + innerException.Message)
    {
    }
}
