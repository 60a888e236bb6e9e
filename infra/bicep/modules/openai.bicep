// Azure OpenAI account reachable with Entra ID only (disableLocalAuth: no API keys), with one chat
// and one embedding deployment. The app calls it through the account's endpoint
// (https://<customSubDomainName>.openai.azure.com/), to which it appends openai/v1/.

@description('Account name; also its custom subdomain, which Entra ID authentication requires.')
param name string

@description('Azure region (the models and SKUs below must be offered there).')
param location string

@description('Tags for the account.')
param tags object

@description('Chat deployment: deployment name, model name and version, SKU and capacity (thousands of tokens per minute).')
param chat deploymentSpec

@description('Embedding deployment: deployment name, model name and version, SKU and capacity (thousands of tokens per minute).')
param embedding deploymentSpec

@description('Refuse the internet: only the private endpoint reaches the account.')
param privateNetworking bool = false

@export()
@description('One model deployment.')
type deploymentSpec = {
  @description('Deployment name: what the app passes as the model (Llm__Model, Llm__EmbeddingModel).')
  deploymentName: string

  @description('Model name, e.g. gpt-4.1-mini or text-embedding-3-small.')
  modelName: string

  @description('Model version, e.g. 2025-04-14 or 1.')
  modelVersion: string

  @description('Deployment SKU, e.g. GlobalStandard, DataZoneStandard or Standard.')
  skuName: string

  @description('Capacity in thousands of tokens per minute.')
  @minValue(1)
  capacity: int
}

resource account 'Microsoft.CognitiveServices/accounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'OpenAI'
  sku: {
    name: 'S0'
  }
  properties: {
    customSubDomainName: name
    disableLocalAuth: true
    publicNetworkAccess: privateNetworking ? 'Disabled' : 'Enabled'
    networkAcls: {
      defaultAction: privateNetworking ? 'Deny' : 'Allow'
    }
  }
}

resource chatDeployment 'Microsoft.CognitiveServices/accounts/deployments@2025-06-01' = {
  parent: account
  name: chat.deploymentName
  sku: {
    name: chat.skuName
    capacity: chat.capacity
  }
  properties: {
    model: {
      format: 'OpenAI'
      name: chat.modelName
      version: chat.modelVersion
    }
    versionUpgradeOption: 'OnceCurrentVersionExpired'
  }
}

// Deployments of one account cannot be created in parallel (the second fails with a conflict),
// hence the explicit ordering.
resource embeddingDeployment 'Microsoft.CognitiveServices/accounts/deployments@2025-06-01' = {
  parent: account
  name: embedding.deploymentName
  sku: {
    name: embedding.skuName
    capacity: embedding.capacity
  }
  properties: {
    model: {
      format: 'OpenAI'
      name: embedding.modelName
      version: embedding.modelVersion
    }
    versionUpgradeOption: 'OnceCurrentVersionExpired'
  }
  dependsOn: [
    chatDeployment
  ]
}

output id string = account.id
output name string = account.name
output endpoint string = account.properties.endpoint
output chatDeploymentName string = chatDeployment.name
output embeddingDeploymentName string = embeddingDeployment.name
