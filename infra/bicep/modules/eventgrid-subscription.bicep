// Event Grid subscription: BlobCreated events of one container go to a blob-triggered function
// (Source = EventGrid) through the blob extension's webhook,
//   https://<app host>/runtime/webhooks/blobs?functionName=Host.Functions.<name>&code=<blobs_extension key>
// The blobs_extension system key only exists once the host has loaded the blob extension for an
// Event Grid blob trigger, i.e. after the code is deployed, and Event Grid validates the endpoint
// when the subscription is created; so this module can only succeed against an app that already
// runs the function (see main.bicep, uploadSubscriptionInBicep).

@description('Name of the existing system topic on the storage account.')
param systemTopicName string

@description('Subscription name.')
param name string

@description('Name of the existing function app.')
param functionAppName string

@description('Name of the blob-triggered function ([Function("...")]).')
param functionName string

@description('Container whose new blobs are delivered.')
param containerName string

@description('Resource ID of the storage account that holds the dead-letter container.')
param storageAccountId string

@description('Container where events that could not be delivered are kept (with the topic\'s identity), so no upload goes unnoticed.')
param deadLetterContainerName string

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: systemTopicName
}

resource functionApp 'Microsoft.Web/sites@2024-11-01' existing = {
  name: functionAppName
}

// POST .../sites/<app>/host/default/listkeys, as the official samples do. Used only inside the
// subscription's (write-only) endpoint URL: it is never an output.
var blobsExtensionKey = listKeys('${functionApp.id}/host/default', '2024-11-01').systemKeys.blobs_extension

resource subscription 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: systemTopic
  name: name
  properties: {
    eventDeliverySchema: 'EventGridSchema'
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: 'https://${functionApp.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.${functionName}&code=${blobsExtensionKey}'
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: '/blobServices/default/containers/${containerName}/'
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
    // Without this an event that runs out of attempts or time is dropped, and its upload sits
    // unhandled in the container with nothing saying so.
    deadLetterWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: storageAccountId
          blobContainerName: deadLetterContainerName
        }
      }
    }
  }
}

output id string = subscription.id
