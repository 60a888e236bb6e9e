// Diagnostic settings: the platform logs and metrics of the storage account (each service's
// reads, writes and deletes, who made them and with which identity), the function app and the
// Azure OpenAI account go to the Log Analytics workspace, next to Application Insights' telemetry.
// Category groups (allLogs, audit) rather than category names, so new categories are included.

@description('Resource ID of the Log Analytics workspace.')
param workspaceId string

@description('Storage account name.')
param storageAccountName string

@description('Function app name.')
param functionAppName string

@description('Azure OpenAI account name.')
param openAiAccountName string

var settingName = 'to-log-analytics'

var allLogs = [
  {
    categoryGroup: 'allLogs'
    enabled: true
  }
]

var allMetrics = [
  {
    category: 'AllMetrics'
    enabled: true
  }
]

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

resource functionApp 'Microsoft.Web/sites@2024-11-01' existing = {
  name: functionAppName
}

resource openAiAccount 'Microsoft.CognitiveServices/accounts@2025-06-01' existing = {
  name: openAiAccountName
}

// The account itself has metrics only; its logs are per service.
resource storageAccountDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: settingName
  scope: storageAccount
  properties: {
    workspaceId: workspaceId
    metrics: [
      {
        category: 'Transaction'
        enabled: true
      }
    ]
  }
}

resource blobDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: settingName
  scope: storageAccount::blobService
  properties: {
    workspaceId: workspaceId
    logs: allLogs
  }
}

resource queueDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: settingName
  scope: storageAccount::queueService
  properties: {
    workspaceId: workspaceId
    logs: allLogs
  }
}

resource tableDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: settingName
  scope: storageAccount::tableService
  properties: {
    workspaceId: workspaceId
    logs: allLogs
  }
}

resource functionAppDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: settingName
  scope: functionApp
  properties: {
    workspaceId: workspaceId
    logs: allLogs
    metrics: allMetrics
  }
}

// Audit, request/response summaries (no prompt text) and traces; and token and latency metrics.
resource openAiDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: settingName
  scope: openAiAccount
  properties: {
    workspaceId: workspaceId
    logs: allLogs
    metrics: allMetrics
  }
}
