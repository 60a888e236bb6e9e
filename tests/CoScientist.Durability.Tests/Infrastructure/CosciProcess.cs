using System.Diagnostics;
using System.Text;

namespace CoScientist.Durability.Tests.Infrastructure;

/// <summary>The built <c>cosci</c> run as a real process (a worker, usually), with its output kept for the test's messages.</summary>
internal sealed class CosciProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private CosciProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <c>cosci ARGS</c> with <paramref name="environment"/> (configuration keys with <c>__</c>) and no LLM settings of the machine.</summary>
    public static CosciProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "cosci.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("Llm__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("Storage__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return new CosciProcess(Process.Start(start) ?? throw new InvalidOperationException("cosci did not start"));
    }

    /// <summary>SIGKILL: no shutdown, no cleanup, messages and leases left as they were.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            Signals.Send(_process.Id, Signals.Kill);
        }

        await _process.WaitForExitAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Waits for the process to end by itself; fails the test with its output if it does not in time.</summary>
    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"cosci {Id} did not exit within {timeout.TotalSeconds} s. Output:\n{Output}");
        }

        _process.WaitForExit(); // flushes the redirected output
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
