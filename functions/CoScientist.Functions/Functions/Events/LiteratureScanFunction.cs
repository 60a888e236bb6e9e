using CoScientist.Core.Literature;
using CoScientist.Literature;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace CoScientist.Functions.Functions.Events;

/// <summary>
/// The scheduled literature scan, on the NCRONTAB schedule of the app setting <c>Scan__Schedule</c>
/// (the host resolves <c>%Scan:Schedule%</c> from configuration, where <c>__</c> reads as <c>:</c>). A run it
/// re-opens gets a new orchestration, started through the function's Durable client.
/// </summary>
public sealed class LiteratureScanFunction(LiteratureScan scan)
{
    [Function("LiteratureScan")]
    public Task Run([TimerTrigger("%Scan:Schedule%")] TimerInfo timer, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        scan.RunAsync(cancellationToken);
}
