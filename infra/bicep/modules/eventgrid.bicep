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

@description('Name of the storage account whose events the topic publishes.')
param storageAccountName string

@description('Existing container of that account where undeliverable events are dead-lettered.')
param deadLetterContainerName string

// Storage Blob Data Contributor: write dead letters, on the dead-letter container only.
var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

// A system-assigned identity: the subscription dead-letters with it (the account takes no keys),
// and the Azure CLI of the postdeploy hook can name only this kind of identity.
resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: storageAccount.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

resource storageAccount 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource deadLetters 'containers' existing = {
      name: deadLetterContainerName
    }
  }
}

resource deadLetterWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount::blobService::deadLetters.id, systemTopic.id, storageBlobDataContributor)
  scope: storageAccount::blobService::deadLetters
  properties: {
    principalId: systemTopic.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributor)
  }
}

output id string = systemTopic.id
output name string = systemTopic.name
