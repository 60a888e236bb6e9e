using CoScientist.Core.Literature;
using CoScientist.Literature;
using Microsoft.Azure.Functions.Worker;

namespace CoScientist.Functions.Functions.Events;

/// <summary>
/// The scheduled literature scan, on the NCRONTAB schedule of the app setting <c>Scan__Schedule</c>
/// (the host resolves <c>%Scan:Schedule%</c> from configuration, where <c>__</c> reads as <c>:</c>).
/// </summary>
public sealed class LiteratureScanFunction(LiteratureScan scan)
{
    [Function("LiteratureScan")]
    public Task Run([TimerTrigger("%Scan:Schedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        scan.RunAsync(cancellationToken);
}
