using CoScientist.Core.Pipeline;
using Microsoft.Extensions.Hosting;

namespace CoScientist.Hosting.Local;

/// <summary>
/// Works the queues in the background for as long as the server runs, so runs started over HTTP
/// progress (what the Functions host's queue triggers do on Azure).
/// </summary>
public sealed class PipelineWorker(LocalPipelineHost host) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Never "done": the server serves runs until it is stopped.
            await host.RunAsync(_ => Task.FromResult(false), stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; messages in flight become visible again after their timeout.
        }
    }
}
