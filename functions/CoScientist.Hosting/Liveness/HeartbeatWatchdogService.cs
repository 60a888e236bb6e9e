using CoScientist.Core.Supervisor;
using Microsoft.Extensions.Hosting;

namespace CoScientist.Hosting.Liveness;

/// <summary>
/// Runs <see cref="HeartbeatWatchdog"/> every <see cref="HeartbeatWatchdog.CheckEvery"/> in a process that
/// works the queues, as the Functions app's timer does in Azure: a worker process also restarts dead
/// heartbeat chains. Safe on any number of processes at once.
/// </summary>
public sealed class HeartbeatWatchdogService(HeartbeatWatchdog watchdog, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(HeartbeatWatchdog.CheckEvery, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await watchdog.RestartStalledAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A storage hiccup costs one check; the next tick tries again (the watchdog logs what it restarts).
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }
}
