using Azure.Storage.Blobs;
using CoScientist.Ingest;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace CoScientist.Functions.Functions.Events;

/// <summary>
/// A blob created in the uploads container (pushed by Event Grid: the only blob trigger source Flex
/// Consumption runs; the deployment's postdeploy hook subscribes this function by its name). The
/// blob is bound as a client so nothing is downloaded here; <see cref="UploadHandler"/> reads it, and starts
/// the run's orchestration through the function's Durable client.
/// </summary>
public sealed class UploadReceivedFunction(UploadHandler uploads)
{
    [Function("UploadReceived")]
    public Task Run(
        [BlobTrigger(UploadContainers.TriggerPath, Source = BlobTriggerSource.EventGrid)] BlobClient blob,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken) =>
        uploads.HandleAsync(blob.Name, cancellationToken);
}
