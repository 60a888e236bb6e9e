using System.Diagnostics;

namespace CoScientist.Cli.Tests;

/// <summary>Runs <c>cosci</c> in-process with captured output, or as a real process.</summary>
internal static class CliRunner
{
    /// <summary>Settings that isolate a test from whatever LLM configuration the machine has.</summary>
    public static readonly Dictionary<string, string?> Isolated = new()
    {
        ["Llm:Provider"] = "",
        ["Llm:Endpoint"] = "",
        ["Llm:ApiKey"] = "",
        ["Llm:Model"] = "",
    };

    public static async Task<(int Exit, string Out, string Error)> InvokeAsync(IReadOnlyDictionary<string, string?>? settings, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var merged = new Dictionary<string, string?>(Isolated);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            merged[key] = value;
        }

        var exit = await CosciApp.InvokeAsync(args, new CliEnvironment(output, error, merged, Interactive: false), TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }

    public static Task<(int Exit, string Out, string Error)> InvokeAsync(params string[] args) => InvokeAsync(null, args);

    /// <summary>Runs the built cosci.dll as its own process, the way a user does.</summary>
    public static async Task<(int Exit, string Out, string Error)> RunProcessAsync(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "cosci.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("Llm__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output, await error);
    }
}
