// Least-privilege data-plane roles. The function app's identity gets exactly what the app and the
// Functions host use; an optional second principal (the deploying user, for running the CLI
// against the cloud resources) gets the same storage and OpenAI data roles. Assignment names are
// guid(scope, principal, role), so re-running a deployment never duplicates them.
//
// Built-in role definition IDs (identical in every tenant):
//   Storage Blob Data Owner         b7e6dc6d-f1e8-4753-8033-0f276bb0955b  blobs, incl. the Flex deployment package and blob-trigger receipts
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

var roleIds = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
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

// Every (principal, storage role) pair.
var storageAssignments = flatten(map(
  dataPrincipals,
  p =>
    map(storageRoles, r => {
      principalId: p.id
      principalType: p.type
      roleId: r
    })
))

resource storageAccount 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

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
