using CoScientist.Core.Supervisor;
using Microsoft.Azure.Functions.Worker;

namespace CoScientist.Functions.Functions.Events;

/// <summary>
/// The safety net under the supervisor's heartbeat chain: every five minutes, restarts the chain of
/// active runs that have not changed for three heartbeat intervals (<see cref="HeartbeatWatchdog"/>).
/// </summary>
public sealed class HeartbeatWatchdogFunction(HeartbeatWatchdog watchdog)
{
    /// <summary>Every five minutes, at second 0 (NCRONTAB: second minute hour day month weekday).</summary>
    public const string Schedule = "0 */5 * * * *";

    [Function("HeartbeatWatchdog")]
    public Task Run([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        watchdog.RestartStalledAsync(cancellationToken);
}
