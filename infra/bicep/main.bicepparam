// Parameters for `azd provision` / `azd up`. azd passes its environment (.azure/<env>/.env plus the
// process environment) to this file: AZURE_ENV_NAME, AZURE_LOCATION and AZURE_PRINCIPAL_ID are set
// by azd itself; the COSCI_* variables are optional (`azd env set NAME value`). The defaults let
// the file build offline (scripts/bicep-check.sh).
using './main.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'cosci-dev')
param location = readEnvironmentVariable('AZURE_LOCATION', 'eastus2')
param resourceGroupName = readEnvironmentVariable('AZURE_RESOURCE_GROUP', '')

// The signed-in user gets the storage and Azure OpenAI data roles (to run the CLI against the
// cloud resources). In CI, where azd signs in as a service principal, set
// AZURE_PRINCIPAL_TYPE=ServicePrincipal.
param principalId = readEnvironmentVariable('AZURE_PRINCIPAL_ID', '')
param principalType = readEnvironmentVariable('AZURE_PRINCIPAL_TYPE', 'User')

// Entra ID on the HTTP API: the client ID of an app registration, or empty for function keys only.
param entraClientId = readEnvironmentVariable('COSCI_ENTRA_CLIENT_ID', '')

// Flex Consumption scale: at most this many instances (40-1000), each with 512, 2048 or 4096 MB.
param maximumInstanceCount = 100
param instanceMemoryMB = 2048

param chatModelName = readEnvironmentVariable('COSCI_CHAT_MODEL', 'gpt-4.1-mini')
param chatModelVersion = readEnvironmentVariable('COSCI_CHAT_MODEL_VERSION', '2025-04-14')
param chatSkuName = readEnvironmentVariable('COSCI_CHAT_SKU', 'GlobalStandard')
param chatCapacity = int(readEnvironmentVariable('COSCI_CHAT_CAPACITY', '50'))
param embeddingModelName = readEnvironmentVariable('COSCI_EMBEDDING_MODEL', 'text-embedding-3-small')
param embeddingModelVersion = readEnvironmentVariable('COSCI_EMBEDDING_MODEL_VERSION', '1')
param embeddingSkuName = readEnvironmentVariable('COSCI_EMBEDDING_SKU', 'Standard')
param embeddingCapacity = int(readEnvironmentVariable('COSCI_EMBEDDING_CAPACITY', '50'))

param scanSchedule = readEnvironmentVariable('COSCI_SCAN_SCHEDULE', '0 0 6 * * *')
param pubMedEmail = readEnvironmentVariable('COSCI_PUBMED_EMAIL', '')
param crossrefMailto = readEnvironmentVariable('COSCI_CROSSREF_MAILTO', '')

// Network exposure: public (default; works with a plain azd up) or private (virtual network and
// private endpoints; the CLI then works only from inside the network). See main.bicep.
param networkIsolation = readEnvironmentVariable('COSCI_NETWORK_ISOLATION', 'public')

// Secrets: set only when non-empty. A key given as a value is kept in a Key Vault the template
// creates, and the app setting is a Key Vault reference to it; a Key Vault reference to a vault of
// your own is set as it is, e.g.
//   azd env set COSCI_PUBMED_API_KEY '@Microsoft.KeyVault(SecretUri=https://<vault>.vault.azure.net/secrets/pubmed-api-key/)'
param pubMedApiKey = readEnvironmentVariable('COSCI_PUBMED_API_KEY', '')
param openAlexApiKey = readEnvironmentVariable('COSCI_OPENALEX_API_KEY', '')

// Upload events: the postdeploy hook subscribes the function; set COSCI_UPLOAD_SUBSCRIPTION_IN_BICEP
// to true (after the code is deployed) to manage the subscription here instead.
param enableUploadEvents = bool(readEnvironmentVariable('COSCI_UPLOAD_EVENTS', 'true'))
param uploadSubscriptionInBicep = bool(readEnvironmentVariable('COSCI_UPLOAD_SUBSCRIPTION_IN_BICEP', 'false'))
