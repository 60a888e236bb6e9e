// AI co-scientist on Azure Functions Flex Consumption: everything `azd up` provisions.
//
// Subscription scope: the template creates its own resource group (rg-<environment>), as azd
// templates do. `azd up` then needs nothing to exist beforehand, every resource of an environment
// lives in one group tagged azd-env-name, and `azd down` removes the environment by deleting it.
//
// No secret leaves this template: every resource is reached with the function app's user-assigned
// managed identity (Entra ID), storage and Azure OpenAI have key authentication switched off, and
// the outputs (written by azd to .azure/<env>/.env) hold names, endpoints and IDs only.
targetScope = 'subscription'

// ---------------------------------------------------------------------------------------------
// Environment
// ---------------------------------------------------------------------------------------------

@minLength(1)
@maxLength(64)
@description('azd environment name: names the resource group and seeds every resource name.')
param environmentName string

@minLength(1)
@description('Region of every resource: one that offers Flex Consumption and the model deployments below.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Resource group name; empty for rg-<environmentName>.')
param resourceGroupName string = ''

@description('Object ID of the deploying user (azd sets AZURE_PRINCIPAL_ID), who gets the same storage and Azure OpenAI data roles as the app to run the CLI against the cloud resources; empty for none.')
param principalId string = ''

@description('Type of principalId.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param principalType string = 'User'

// ---------------------------------------------------------------------------------------------
// Function app
// ---------------------------------------------------------------------------------------------

@description('Most instances the Flex Consumption app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory of each Flex Consumption instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Storage account replication.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_RAGRS'
])
param storageSkuName string = 'Standard_LRS'

// Network exposure. 'public' (the default) is the narrowest setting with which a plain `azd up`
// works from a developer machine: a Flex Consumption app without a virtual network reaches storage
// and Azure OpenAI from changing Azure addresses, so neither can be closed to the internet; and the
// CLI (cosci run --storage, cosci upload) runs outside Azure. Both accounts still accept Entra ID
// tokens only (no keys, no anonymous access). 'private' puts the app in a virtual network and
// reaches storage, Azure OpenAI and the vault through private endpoints: Azure OpenAI and the vault
// refuse the internet; storage refuses it except trusted Azure services (Event Grid dead-letters
// with its identity). The CLI then works only from inside the network.
@description('Network exposure of storage, Azure OpenAI and the vault: public (Entra ID only; works with a plain azd up) or private (virtual network and private endpoints; the CLI works only from inside it).')
@allowed([
  'public'
  'private'
])
param networkIsolation string = 'public'

@description('Client ID of a Microsoft Entra app registration that the HTTP API requires a bearer token for (App Service authentication). Empty: no Entra ID check, function keys only.')
param entraClientId string = ''

// ---------------------------------------------------------------------------------------------
// Azure OpenAI
// ---------------------------------------------------------------------------------------------

@description('Chat model name.')
param chatModelName string = 'gpt-4.1-mini'

@description('Chat model version.')
param chatModelVersion string = '2025-04-14'

@description('Chat deployment name (Llm__Model).')
param chatDeploymentName string = chatModelName

@description('Chat deployment SKU.')
param chatSkuName string = 'GlobalStandard'

@description('Chat deployment capacity in thousands of tokens per minute.')
@minValue(1)
param chatCapacity int = 50

@description('Embedding model name.')
param embeddingModelName string = 'text-embedding-3-small'

@description('Embedding model version.')
param embeddingModelVersion string = '1'

@description('Embedding deployment name (Llm__EmbeddingModel).')
param embeddingDeploymentName string = embeddingModelName

@description('Embedding deployment SKU.')
param embeddingSkuName string = 'Standard'

@description('Embedding deployment capacity in thousands of tokens per minute.')
@minValue(1)
param embeddingCapacity int = 50

// ---------------------------------------------------------------------------------------------
// Application settings
// ---------------------------------------------------------------------------------------------

@description('LLM calls in flight at once per instance (Llm__MaxConcurrency).')
@minValue(1)
param llmMaxConcurrency int = 8

@description('NCRONTAB schedule of the scan timer (Scan__Schedule): six fields, seconds first, UTC.')
param scanSchedule string = '0 0 6 * * *'

@description('How long a round may go quiet before its orchestration wakes its stalled tasks, as a TimeSpan (Supervisor__RescueInterval).')
param supervisorRescueInterval string = '00:02:00'

@description('Contact e-mail sent to NCBI E-utilities (Literature__PubMed__Email); empty leaves it unset. Not a secret.')
param pubMedEmail string = ''

@description('Contact e-mail for the Crossref polite pool (Literature__Crossref__Mailto); empty leaves it unset. Not a secret.')
param crossrefMailto string = ''

// Secrets. A key given here is stored in a Key Vault this template creates (only when there is a
// key to keep), and the app setting is a Key Vault reference to it, read with the app's identity:
// the key itself is never an app setting. A value that already is a Key Vault reference
// (@Microsoft.KeyVault(SecretUri=...), to a vault of your own, where the app's identity needs Key
// Vault Secrets User) is set as it is.
@secure()
@description('NCBI E-utilities API key (Literature__PubMed__ApiKey), kept in Key Vault, or a Key Vault reference to it; empty leaves it unset.')
param pubMedApiKey string = ''

@secure()
@description('OpenAlex API key (Literature__OpenAlex__ApiKey), kept in Key Vault, or a Key Vault reference to it; empty leaves it unset.')
param openAlexApiKey string = ''

// ---------------------------------------------------------------------------------------------
// Upload events (Event Grid -> blob trigger)
// ---------------------------------------------------------------------------------------------
// Flex Consumption runs blob triggers only with Source = EventGrid: an Event Grid subscription on
// the storage account's system topic pushes BlobCreated events to the blob extension's webhook
// (https://<app>/runtime/webhooks/blobs?functionName=Host.Functions.UploadReceived&code=<key>).
// That subscription cannot be created when `azd up` provisions, because provisioning runs before
// the code is deployed: the blobs_extension system key does not exist yet and Event Grid's
// endpoint validation would fail. The official Flex Consumption sample
// (Azure-Samples/functions-quickstart-dotnet-azd-eventgrid-blob) therefore provisions only the
// system topic and creates the subscription in an azd postdeploy hook, after `azd deploy`. This
// template does the same: hooks/postdeploy.sh (or .ps1) reads the outputs below, waits for the
// key and creates or updates the subscription. Once the code is deployed, the subscription can
// instead be declared here (uploadSubscriptionInBicep = true, then `azd provision`), e.g. for
// pipelines that provision after deploying; both paths write the same subscription.

@description('Wire BlobCreated events of the uploads container to the upload function (system topic now, subscription by the postdeploy hook). False: no topic, no subscription, the hook does nothing.')
param enableUploadEvents bool = true

@description('Declare the Event Grid subscription in this template instead of leaving it to the postdeploy hook. Only once the function code is deployed: it needs the app\'s blobs_extension key.')
param uploadSubscriptionInBicep bool = false

@description('Name of the blob-triggered function that receives uploads.')
param uploadFunctionName string = 'UploadReceived'

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}

// Names are computed here, not read back from module outputs, so that What-If can predict every
// resource ID before deploying.
var identityName = 'id-${resourceToken}'
var storageAccountName = 'st${resourceToken}'
var logAnalyticsName = 'log-${resourceToken}'
var applicationInsightsName = 'appi-${resourceToken}'
var openAiName = 'oai-${resourceToken}'
var planName = 'plan-${resourceToken}'
var functionAppName = 'func-${resourceToken}'
// Flex Consumption deployment packages; the name follows the official samples.
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'
var uploadsContainerName = 'uploads'
var uploadsSystemTopicName = 'evgt-${resourceToken}'
var uploadDeadLettersContainerName = 'upload-deadletters'
var keyVaultName = 'kv-${resourceToken}'
var virtualNetworkName = 'vnet-${resourceToken}'
var privateNetworking = networkIsolation == 'private'
var uploadsSubscriptionName = 'uploads-to-${toLower(uploadFunctionName)}'

// The app's own storage names: exactly those of CoScientist.Core StorageNames (tests/CoScientist.Core.Tests/Messaging/StorageNamesTests checks).
var appContainerNames = [
  uploadsContainerName
  'quarantine'
  'cosci-payloads'
  // Upload events Event Grid could not deliver: the upload is still in `uploads`, and this says so.
  uploadDeadLettersContainerName
]
var appQueueNames = [
  'cosci-plan'
  'cosci-generation'
  'cosci-reflection'
  'cosci-ranking'
  'cosci-proximity'
  'cosci-evolution'
  'cosci-metareview'
]
var appTableNames = [
  'runs'
  'tasks'
  'proposals'
  'reviews'
  'matches'
  'metareviews'
  'documents'
  'literature'
]

var allQueueNames = concat(appQueueNames, map(appQueueNames, q => '${q}-poison'))

// Literature keys to keep in the vault: those given as values, not as Key Vault references.
var keyVaultReferencePrefix = '@Microsoft.KeyVault('
var literatureSecrets = {
  'pubmed-api-key': startsWith(pubMedApiKey, keyVaultReferencePrefix) ? '' : pubMedApiKey
  'openalex-api-key': startsWith(openAlexApiKey, keyVaultReferencePrefix) ? '' : openAlexApiKey
}
var deployKeyVault = !empty(literatureSecrets['pubmed-api-key']) || !empty(literatureSecrets['openalex-api-key'])

// privatelink zones of the private endpoints, by sub-resource.
var privateDnsZones = {
  blob: 'privatelink.blob.${environment().suffixes.storage}'
  queue: 'privatelink.queue.${environment().suffixes.storage}'
  table: 'privatelink.table.${environment().suffixes.storage}'
  account: 'privatelink.openai.azure.com'
  vault: 'privatelink${environment().suffixes.keyvaultDns}'
}

// One endpoint per storage service the app and the host use, one for Azure OpenAI, one for the vault.
var privateEndpoints = concat(
  [
    {
      name: 'pe-${storageAccountName}-blob'
      groupId: 'blob'
    }
    {
      name: 'pe-${storageAccountName}-queue'
      groupId: 'queue'
    }
    {
      name: 'pe-${storageAccountName}-table'
      groupId: 'table'
    }
    {
      name: 'pe-${openAiName}'
      groupId: 'account'
    }
  ],
  deployKeyVault
    ? [
        {
          name: 'pe-${keyVaultName}'
          groupId: 'vault'
        }
      ]
    : []
)

// ---------------------------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------------------------

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: identityName
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: storageAccountName
    location: location
    tags: tags
    skuName: storageSkuName
    containerNames: concat([deploymentContainerName], appContainerNames)
    // The Functions host creates the -poison queues on first failure too; declaring them keeps the
    // account's contents in one place.
    queueNames: allQueueNames
    tableNames: appTableNames
    privateNetworking: privateNetworking
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: logAnalyticsName
    applicationInsightsName: applicationInsightsName
    location: location
    tags: tags
  }
}

module openAi 'modules/openai.bicep' = {
  name: 'openai'
  scope: rg
  params: {
    name: openAiName
    location: location
    tags: tags
    chat: {
      deploymentName: chatDeploymentName
      modelName: chatModelName
      modelVersion: chatModelVersion
      skuName: chatSkuName
      capacity: chatCapacity
    }
    embedding: {
      deploymentName: embeddingDeploymentName
      modelName: embeddingModelName
      modelVersion: embeddingModelVersion
      skuName: embeddingSkuName
      capacity: embeddingCapacity
    }
    privateNetworking: privateNetworking
  }
}

module keyVault 'modules/keyvault.bicep' = if (deployKeyVault) {
  name: 'keyvault'
  scope: rg
  params: {
    name: keyVaultName
    location: location
    tags: tags
    #disable-next-line what-if-short-circuiting
    readerPrincipalId: identity.outputs.principalId
    secrets: literatureSecrets
    privateNetworking: privateNetworking
  }
}

module network 'modules/network.bicep' = if (privateNetworking) {
  name: 'network'
  scope: rg
  params: {
    name: virtualNetworkName
    location: location
    tags: tags
    privateDnsZoneNames: map(privateEndpoints, e => privateDnsZones[e.groupId])
  }
}

var privateEndpointTargets = {
  blob: storage.outputs.id
  queue: storage.outputs.id
  table: storage.outputs.id
  account: openAi.outputs.id
  vault: deployKeyVault ? keyVault!.outputs.id : ''
}

module endpoints 'modules/private-endpoint.bicep' = [
  for endpoint in (privateNetworking ? privateEndpoints : []): {
    name: endpoint.name
    scope: rg
    params: {
      name: endpoint.name
      location: location
      tags: tags
      subnetId: network!.outputs.endpointSubnetId
      targetId: privateEndpointTargets[endpoint.groupId]
      groupId: endpoint.groupId
      privateDnsZoneName: privateDnsZones[endpoint.groupId]
    }
  }
]

module roles 'modules/roles.bicep' = {
  name: 'roles'
  scope: rg
  params: {
    // A principal ID only exists once the identity does; the assignments' names need it
    // (guid(scope, principal, role)), so What-If shows them as possibly changing.
    #disable-next-line what-if-short-circuiting
    identityPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
    userPrincipalType: principalType
    storageAccountName: storageAccountName
    openAiAccountName: openAiName
    applicationInsightsName: applicationInsightsName
    containerNames: appContainerNames
    queueNames: allQueueNames
    tableNames: appTableNames
  }
  dependsOn: [
    storage
    openAi
    monitoring
  ]
}

// The app's own configuration (CoScientist options sections; `__` is the section separator).
var appSettings = union(
  {
    Storage__TableServiceUri: storage.outputs.tableEndpoint
    Storage__QueueServiceUri: storage.outputs.queueEndpoint
    Storage__BlobServiceUri: storage.outputs.blobEndpoint
    // The LlmProvider enum member; configuration binding does not accept the CLI's `azure-openai`.
    Llm__Provider: 'AzureOpenAI'
    Llm__Endpoint: openAi.outputs.endpoint
    Llm__UseEntraId: 'true'
    Llm__Model: openAi.outputs.chatDeploymentName
    Llm__EmbeddingModel: openAi.outputs.embeddingDeploymentName
    Llm__MaxConcurrency: string(llmMaxConcurrency)
    Scan__Schedule: scanSchedule
    Supervisor__RescueInterval: supervisorRescueInterval
  },
  empty(pubMedEmail) ? {} : { Literature__PubMed__Email: pubMedEmail },
  empty(crossrefMailto) ? {} : { Literature__Crossref__Mailto: crossrefMailto }
)

// Key Vault references only: the references given, or those to the keys stored above (versionless,
// so the app follows a rotation).
var vaultUri = deployKeyVault ? keyVault!.outputs.vaultUri : ''
var secretAppSettings = union(
  empty(pubMedApiKey)
    ? {}
    : {
        Literature__PubMed__ApiKey: startsWith(pubMedApiKey, keyVaultReferencePrefix)
          ? pubMedApiKey
          : '${keyVaultReferencePrefix}SecretUri=${vaultUri}secrets/pubmed-api-key/)'
      },
  empty(openAlexApiKey)
    ? {}
    : {
        Literature__OpenAlex__ApiKey: startsWith(openAlexApiKey, keyVaultReferencePrefix)
          ? openAlexApiKey
          : '${keyVaultReferencePrefix}SecretUri=${vaultUri}secrets/openalex-api-key/)'
      }
)

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  scope: rg
  params: {
    name: functionAppName
    planName: planName
    location: location
    tags: tags
    azdServiceName: 'api'
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storageAccountName
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: applicationInsightsName
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    runtimeName: 'dotnet-isolated'
    runtimeVersion: '10.0'
    appSettings: appSettings
    secretAppSettings: secretAppSettings
    entraClientId: entraClientId
    subnetId: privateNetworking ? network!.outputs.appSubnetId : ''
  }
  // The identity's data roles first, so the app's first start (and azd's first package upload)
  // does not race them. Role propagation can still take a few minutes.
  dependsOn: [
    monitoring
    roles
  ]
}

module uploadsTopic 'modules/eventgrid.bicep' = if (enableUploadEvents) {
  name: 'eventgrid'
  scope: rg
  params: {
    name: uploadsSystemTopicName
    location: location
    tags: tags
    storageAccountName: storageAccountName
    deadLetterContainerName: uploadDeadLettersContainerName
  }
  dependsOn: [
    storage
  ]
}

module uploadsSubscription 'modules/eventgrid-subscription.bicep' = if (enableUploadEvents && uploadSubscriptionInBicep) {
  name: 'eventgrid-subscription'
  scope: rg
  params: {
    systemTopicName: uploadsSystemTopicName
    name: uploadsSubscriptionName
    functionAppName: functionAppName
    functionName: uploadFunctionName
    containerName: uploadsContainerName
    storageAccountId: storage.outputs.id
    deadLetterContainerName: uploadDeadLettersContainerName
  }
  dependsOn: [
    functionApp
    uploadsTopic
  ]
}

module diagnostics 'modules/diagnostics.bicep' = {
  name: 'diagnostics'
  scope: rg
  params: {
    workspaceId: monitoring.outputs.logAnalyticsId
    storageAccountName: storageAccountName
    functionAppName: functionAppName
    openAiAccountName: openAiName
  }
  dependsOn: [
    storage
    functionApp
    openAi
  ]
}

// ---------------------------------------------------------------------------------------------
// Outputs (azd stores them in .azure/<env>/.env; no secrets)
// ---------------------------------------------------------------------------------------------

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name

output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_FUNCTION_APP_URL string = functionApp.outputs.url
output AZURE_FUNCTION_IDENTITY_CLIENT_ID string = identity.outputs.clientId

output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output AZURE_STORAGE_QUEUE_ENDPOINT string = storage.outputs.queueEndpoint
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint

output AZURE_OPENAI_NAME string = openAi.outputs.name
output AZURE_OPENAI_ENDPOINT string = openAi.outputs.endpoint
output AZURE_OPENAI_CHAT_DEPLOYMENT string = openAi.outputs.chatDeploymentName
output AZURE_OPENAI_EMBEDDING_DEPLOYMENT string = openAi.outputs.embeddingDeploymentName

output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName

// Read by hooks/postdeploy.*: an empty topic name means upload events are off.
output UPLOADS_CONTAINER_NAME string = uploadsContainerName
output UPLOADS_SYSTEM_TOPIC_NAME string = enableUploadEvents ? uploadsSystemTopicName : ''
output UPLOADS_EVENT_SUBSCRIPTION_NAME string = uploadsSubscriptionName
output UPLOADS_SUBSCRIPTION_IN_BICEP bool = enableUploadEvents && uploadSubscriptionInBicep
output UPLOAD_FUNCTION_NAME string = uploadFunctionName
output UPLOADS_DEADLETTER_ENDPOINT string = '${storage.outputs.id}/blobServices/default/containers/${uploadDeadLettersContainerName}'
output AZURE_NETWORK_ISOLATION string = networkIsolation
