// Event Grid system topic on the storage account: the source of Microsoft.Storage.BlobCreated
// events for the blob trigger with Source = EventGrid (the only blob trigger Flex Consumption
// supports; it does not poll). The subscription that delivers the events of the uploads container
// to the function is in eventgrid-subscription.bicep: see main.bicep for when it is created.

@description('System topic name.')
param name string

@description('Azure region; must be the storage account\'s.')
param location string

@description('Tags for the topic.')
param tags object

@description('Resource ID of the storage account whose events the topic publishes.')
param storageAccountId string

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    source: storageAccountId
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

output id string = systemTopic.id
output name string = systemTopic.name
