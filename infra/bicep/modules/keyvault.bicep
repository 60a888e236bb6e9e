// Key Vault for the literature API keys: RBAC authorization only (no access policies), the app's
// identity may read exactly the secrets it needs (Key Vault Secrets User on each secret, not on
// the vault), and the app settings hold Key Vault references, never the keys. Purge protection
// stays off so that `azd down --purge` can remove the vault and `azd up` re-create its name.

@description('Vault name (3-24 letters, digits and hyphens, globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags for the vault.')
param tags object

@description('Principal (object) ID of the app\'s identity, which reads the secrets.')
param readerPrincipalId string

@secure()
@description('Secrets to store, by name; an empty value is skipped.')
param secrets object

@description('Refuse the internet: only the private endpoint reaches the vault.')
param privateNetworking bool = false

// Key Vault Secrets User: read secret values, nothing else.
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

var secretNames = filter(objectKeys(secrets), k => !empty(secrets[k]))

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: privateNetworking ? 'Disabled' : 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: privateNetworking ? 'Deny' : 'Allow'
    }
  }
}

resource stored 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = [
  for secretName in secretNames: {
    parent: vault
    name: secretName
    properties: {
      value: secrets[secretName]
    }
  }
]

resource readers 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (secretName, i) in secretNames: {
    name: guid(stored[i].id, readerPrincipalId, keyVaultSecretsUser)
    scope: stored[i]
    properties: {
      principalId: readerPrincipalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    }
  }
]

output id string = vault.id
output name string = vault.name

// Where the secrets are (https://<vault>.vault.azure.net/), for Key Vault references; not what they are.
output vaultUri string = vault.properties.vaultUri
