using Azure;
using Azure.Storage.Blobs;

namespace CoScientist.Azure;

/// <summary>The claim-check container: payloads too large for a table entity or a queue message, stored as UTF-8 blobs.</summary>
internal sealed class PayloadBlobs(AzureStorageClients clients)
{
    private readonly BlobContainerClient _container = clients.GetPayloadContainer();

    public async Task UploadAsync(string name, string text, CancellationToken cancellationToken = default)
    {
        var blob = _container.GetBlobClient(name);
        var content = BinaryData.FromString(text);
        try
        {
            await blob.UploadAsync(content, overwrite: true, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == ErrorCodes.ContainerNotFound)
        {
            // Like the embedded store, work on an account that was never provisioned.
            await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await blob.UploadAsync(content, overwrite: true, cancellationToken);
        }
    }

    /// <summary>The blob's text, or null when it does not exist (any more).</summary>
    public async Task<string?> DownloadAsync(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            var result = await _container.GetBlobClient(name).DownloadContentAsync(cancellationToken);
            return result.Value.Content.ToString();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task DeleteAsync(string? name, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(name))
        {
            return;
        }

        try
        {
            await _container.GetBlobClient(name).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // The container is gone, and the blob with it.
        }
    }
}
