using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CoScientist.Workbench.Tests.Infrastructure;

/// <summary>
/// The built <c>cosci serve</c> as a real process on Azurite, with a storage prefix of its own and a
/// simulated latency per model call, so runs last long enough to watch and steer in the browser.
/// </summary>
internal sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServeProcess(Process process, string url)
    {
        _process = process;
        Url = url;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Url { get; }

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

    public static async Task<ServeProcess> StartAsync(string storage, int latencyMs, string? apiKey = null, CancellationToken cancellationToken = default)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "cosci.dll"));
        foreach (var arg in new[] { "serve", "--storage", storage, "--urls", url, "--simulated-latency-ms", $"{latencyMs}", "--concurrency", "4" })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("Llm__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("Storage__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("Api__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["Storage__Prefix"] = AzuriteFixture.UniquePrefix();
        start.Environment["LocalHost__RetryDelay"] = "00:00:00.200";
        start.Environment["LocalHost__MaxPollingInterval"] = "00:00:00.250";
        if (apiKey is not null)
        {
            start.Environment["Api__ApiKey"] = apiKey;
        }

        var server = new ServeProcess(Process.Start(start) ?? throw new InvalidOperationException("cosci serve did not start"), url);
        await server.WaitUntilListeningAsync(cancellationToken);
        return server;
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

    private async Task WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri(Url) };
        for (var i = 0; i < 600; i++)
        {
            Assert.False(_process.HasExited, $"cosci serve exited:\n{Output}");
            try
            {
                using var response = await http.GetAsync(new Uri("/", UriKind.Relative), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, cancellationToken);
        }

        Assert.Fail($"cosci serve did not answer within 60 s:\n{Output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
