// The one user-assigned managed identity the function app uses for everything: the host's
// storage (AzureWebJobsStorage), the deployment package container, the app's own tables, queues
// and blobs, Azure OpenAI, and Application Insights ingestion. A user-assigned identity (rather
// than the app's system-assigned one) exists before the app does, so its role assignments can be
// in place by the time the app first starts.

@description('Name of the user-assigned managed identity.')
param name string

@description('Azure region.')
param location string

@description('Tags for the identity.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
