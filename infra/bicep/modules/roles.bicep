// Least-privilege data-plane roles. Assignment names are guid(scope, principal, role), so re-running
// a deployment never duplicates them.
//
// The function app's identity holds its storage roles on the account: the Functions host creates
// and uses containers, queues and tables of its own next to the app's (azure-webjobs-hosts and
// -secrets, blob-trigger receipts and poison queue, the monthly AzureFunctionsDiagnosticEvents
// tables), whose names are not all known here, and the Flex deployment package needs blob access.
// The optional second principal (the deploying user, running the CLI against the cloud resources)
// touches only the app's own containers, queues and tables, so its roles are scoped to exactly
// those (Azure accepts role assignments on a single container, queue or table); Blob Data
// Contributor is enough for it (Owner only adds ACL management).
//
// Built-in role definition IDs (identical in every tenant):
//   Storage Blob Data Owner         b7e6dc6d-f1e8-4753-8033-0f276bb0955b  blobs, incl. the Flex deployment package and blob-trigger receipts
//   Storage Blob Data Contributor   ba92f5b4-2d11-453d-a403-e96b0029c9fe  the user's access to the app's containers
//   Storage Queue Data Contributor  974c5e8b-45b9-4653-ba55-5f855dd0fb88  pipeline queues and the host's poison queues
//   Storage Table Data Contributor  0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3  the app's tables
//   Cognitive Services OpenAI User  5e0bd9bd-7b93-4f28-af87-19fc36ad61bd  chat and embedding calls, nothing else
//   Monitoring Metrics Publisher    3913510d-42f4-4e42-8a64-420c390055eb  Entra ID telemetry ingestion into Application Insights

@description('Principal (object) ID of the function app\'s user-assigned identity.')
param identityPrincipalId string

@description('Optional principal (object) ID of a user or group that also gets the storage and OpenAI data roles; empty for none.')
param userPrincipalId string = ''

@description('Type of userPrincipalId.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param userPrincipalType string = 'User'

@description('Storage account name.')
param storageAccountName string

@description('Azure OpenAI account name.')
param openAiAccountName string

@description('Application Insights component name.')
param applicationInsightsName string

@description('The app\'s blob containers: the user\'s blob role is scoped to each.')
param containerNames string[]

@description('The app\'s queues (poison queues included): the user\'s queue role is scoped to each.')
param queueNames string[]

@description('The app\'s tables: the user\'s table role is scoped to each.')
param tableNames string[]

var roleIds = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  cognitiveServicesOpenAIUser: '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

var storageRoles = [
  roleIds.storageBlobDataOwner
  roleIds.storageQueueDataContributor
  roleIds.storageTableDataContributor
]

var identityPrincipal = [
  {
    id: identityPrincipalId
    type: 'ServicePrincipal'
  }
]

var userPrincipal = empty(userPrincipalId)
  ? []
  : [
      {
        id: userPrincipalId
        type: userPrincipalType
      }
    ]

var dataPrincipals = concat(identityPrincipal, userPrincipal)

// The identity's (account-wide) storage roles.
var storageAssignments = map(storageRoles, r => {
  principalId: identityPrincipalId
  principalType: 'ServicePrincipal'
  roleId: r
})

// The user's storage roles, one per container, queue and table of the app.
var userContainers = empty(userPrincipalId) ? [] : containerNames
var userQueues = empty(userPrincipalId) ? [] : queueNames
var userTables = empty(userPrincipalId) ? [] : tableNames

resource storageAccount 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'
  }

  resource queueService 'queueServices' existing = {
    name: 'default'
  }

  resource tableService 'tableServices' existing = {
    name: 'default'
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' existing = [
  for name in userContainers: {
    parent: storageAccount::blobService
    name: name
  }
]

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-01-01' existing = [
  for name in userQueues: {
    parent: storageAccount::queueService
    name: name
  }
]

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-01-01' existing = [
  for name in userTables: {
    parent: storageAccount::tableService
    name: name
  }
]

resource openAiAccount 'Microsoft.CognitiveServices/accounts@2025-06-01' existing = {
  name: openAiAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource storageRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for a in storageAssignments: {
    name: guid(storageAccount.id, a.principalId, a.roleId)
    scope: storageAccount
    properties: {
      principalId: a.principalId
      principalType: a.principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', a.roleId)
    }
  }
]

resource userContainerAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (name, i) in userContainers: {
    name: guid(containers[i].id, userPrincipalId, roleIds.storageBlobDataContributor)
    scope: containers[i]
    properties: {
      principalId: userPrincipalId
      principalType: userPrincipalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageBlobDataContributor)
    }
  }
]

resource userQueueAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (name, i) in userQueues: {
    name: guid(queues[i].id, userPrincipalId, roleIds.storageQueueDataContributor)
    scope: queues[i]
    properties: {
      principalId: userPrincipalId
      principalType: userPrincipalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageQueueDataContributor)
    }
  }
]

resource userTableAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (name, i) in userTables: {
    name: guid(tables[i].id, userPrincipalId, roleIds.storageTableDataContributor)
    scope: tables[i]
    properties: {
      principalId: userPrincipalId
      principalType: userPrincipalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageTableDataContributor)
    }
  }
]

resource openAiRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for p in dataPrincipals: {
    name: guid(openAiAccount.id, p.id, roleIds.cognitiveServicesOpenAIUser)
    scope: openAiAccount
    properties: {
      principalId: p.id
      principalType: p.type
      roleDefinitionId: subscriptionResourceId(
        'Microsoft.Authorization/roleDefinitions',
        roleIds.cognitiveServicesOpenAIUser
      )
    }
  }
]

resource metricsPublisherAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, identityPrincipalId, roleIds.monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roleIds.monitoringMetricsPublisher
    )
  }
}
