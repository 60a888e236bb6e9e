// Flex Consumption plan and function app (.NET 10 isolated worker, Linux). Everything the app
// touches is reached with its user-assigned managed identity: no connection string or key is
// stored in the app settings. FTP and SCM basic-auth publishing are switched off, so deployments
// go through Entra ID (azd deploy / az functionapp deploy upload to the deployment container).

@description('Function app name (also its default host name: <name>.azurewebsites.net).')
param name string

@description('Flex Consumption plan name.')
param planName string

@description('Azure region (one that offers Flex Consumption).')
param location string

@description('Tags for the plan; the app gets these plus azd-service-name.')
param tags object

@description('azd service name in azure.yaml; azd finds the app to deploy by this tag.')
param azdServiceName string

@description('Resource ID of the user-assigned managed identity.')
param identityId string

@description('Client ID of the user-assigned managed identity.')
param identityClientId string

@description('Storage account name (AzureWebJobsStorage and the deployment container).')
param storageAccountName string

@description('Blob container that holds the deployment package.')
param deploymentContainerName string

@description('Application Insights component name.')
param applicationInsightsName string

@description('Most instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory of each instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Runtime stack.')
param runtimeName string = 'dotnet-isolated'

@description('Runtime version.')
param runtimeVersion string = '10.0'

@description('App settings of the application itself (plain values).')
param appSettings object

@secure()
@description('App settings that are secrets; merged over appSettings. Prefer Key Vault references (@Microsoft.KeyVault(SecretUri=...)) as values.')
param secretAppSettings object = {}

@description('Client ID of a Microsoft Entra app registration; when set, App Service authentication requires a valid Entra ID bearer token for this audience on every request. Empty leaves the HTTP API on function keys alone.')
param entraClientId string = ''

@description('Subnet the app\'s outbound traffic goes through (delegated to Microsoft.App/environments); empty for none.')
param subnetId string = ''

@description('Paths App Service authentication lets through without a token. The blob extension webhook must stay reachable for Event Grid; it is guarded by its own system key.')
param authExcludedPaths string[] = [
  '/runtime/webhooks/blobs'
]

resource storageAccount 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': azdServiceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references (the literature API keys) are resolved with the app's identity.
    keyVaultReferenceIdentity: identityId
    // With private networking, storage, Azure OpenAI and the vault are reached through this subnet.
    virtualNetworkSubnetId: empty(subnetId) ? null : subnetId
    siteConfig: {
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageAccount.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: runtimeName
        version: runtimeVersion
      }
    }
  }
}

// Flex Consumption sets the worker runtime and host version from functionAppConfig and rejects
// FUNCTIONS_WORKER_RUNTIME, FUNCTIONS_EXTENSION_VERSION and WEBSITE_RUN_FROM_PACKAGE here.
var platformSettings = {
  // The Functions host's own storage (triggers, leases, blob receipts), by identity.
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  AzureWebJobsStorage__blobServiceUri: storageAccount.properties.primaryEndpoints.blob
  AzureWebJobsStorage__queueServiceUri: storageAccount.properties.primaryEndpoints.queue
  AzureWebJobsStorage__tableServiceUri: storageAccount.properties.primaryEndpoints.table
  // Telemetry with Entra ID (the component has local auth disabled).
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  // DefaultAzureCredential in the app picks the user-assigned identity by this.
  AZURE_CLIENT_ID: identityClientId
}

resource settings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: union(appSettings, secretAppSettings, platformSettings)
}

resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

// Optional Entra ID front door for the HTTP API and the workbench page (App Service "Easy Auth").
// A browser without a session is sent to the Entra sign-in and comes back to the page with a session
// cookie, which the page's same-origin API calls carry; a script or API client without a valid token
// for the app registration is refused (Easy Auth answers 401 to requests marked
// X-Requested-With: XMLHttpRequest, as the page's are, instead of redirecting them). Function keys
// still apply behind it for functions with AuthorizationLevel.Function. The registration itself (and
// who may call it) is managed in Entra ID, outside this template.
resource authSettings 'Microsoft.Web/sites/config@2024-11-01' = if (!empty(entraClientId)) {
  parent: functionApp
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'RedirectToLoginPage'
      redirectToProvider: 'azureactivedirectory'
      excludedPaths: authExcludedPaths
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: entraClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            'api://${entraClientId}'
            entraClientId
          ]
        }
      }
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
  }
}

output id string = functionApp.id
output name string = functionApp.name
output defaultHostName string = functionApp.properties.defaultHostName
output url string = 'https://${functionApp.properties.defaultHostName}'
