# azd postdeploy hook (Windows): subscribe the upload function to BlobCreated events of the uploads
# container. Same steps as postdeploy.sh, which explains why this runs after `azd deploy`.
$ErrorActionPreference = 'Stop'

$topic = $env:UPLOADS_SYSTEM_TOPIC_NAME
if ([string]::IsNullOrEmpty($topic)) {
    Write-Host 'postdeploy: upload events are off (COSCI_UPLOAD_EVENTS=false); no Event Grid subscription.'
    exit 0
}
if ($env:UPLOADS_SUBSCRIPTION_IN_BICEP -eq 'true') {
    Write-Host 'postdeploy: the Event Grid subscription is declared in Bicep (COSCI_UPLOAD_SUBSCRIPTION_IN_BICEP); nothing to do.'
    exit 0
}
if (-not (Get-Command az -ErrorAction SilentlyContinue)) {
    Write-Error "postdeploy: the Azure CLI (az) is needed to subscribe $($env:UPLOAD_FUNCTION_NAME) to upload events."
}
foreach ($name in 'AZURE_SUBSCRIPTION_ID', 'AZURE_RESOURCE_GROUP', 'AZURE_FUNCTION_APP_NAME', 'AZURE_FUNCTION_APP_URL',
    'UPLOAD_FUNCTION_NAME', 'UPLOADS_CONTAINER_NAME', 'UPLOADS_EVENT_SUBSCRIPTION_NAME', 'UPLOADS_DEADLETTER_ENDPOINT') {
    if ([string]::IsNullOrEmpty([Environment]::GetEnvironmentVariable($name))) { Write-Error "postdeploy: $name is not set." }
}

$key = ''
for ($attempt = 0; $attempt -lt 30 -and [string]::IsNullOrEmpty($key); $attempt++) {
    if ($attempt -gt 0) { Start-Sleep -Seconds 10 }
    $key = az functionapp keys list --subscription $env:AZURE_SUBSCRIPTION_ID --resource-group $env:AZURE_RESOURCE_GROUP `
        --name $env:AZURE_FUNCTION_APP_NAME --query 'systemKeys.blobs_extension' --output tsv 2>$null
}
if ([string]::IsNullOrEmpty($key)) {
    Write-Error ("postdeploy: no blobs_extension key on $($env:AZURE_FUNCTION_APP_NAME) after 5 minutes: is $($env:UPLOAD_FUNCTION_NAME) " +
        "deployed as a blob trigger with Source = EventGrid? Run 'azd deploy' again, or 'azd env set COSCI_UPLOAD_EVENTS false'.")
}

# Event Grid validates the webhook when it creates the subscription; wake the app first so a cold
# start does not time the validation out.
for ($i = 0; $i -lt 3; $i++) {
    try { $null = Invoke-WebRequest -Uri "$($env:AZURE_FUNCTION_APP_URL)/" -TimeoutSec 120 -UseBasicParsing } catch { }
}

# The key goes only into the (write-only) webhook URL. az is a .cmd script on Windows: the extra
# quotes keep cmd.exe from splitting the URL at '&' (as the official sample does).
$endpoint = """$($env:AZURE_FUNCTION_APP_URL)/runtime/webhooks/blobs?functionName=Host.Functions.$($env:UPLOAD_FUNCTION_NAME)&code=$key"""
az eventgrid system-topic event-subscription create `
    --subscription $env:AZURE_SUBSCRIPTION_ID `
    --resource-group $env:AZURE_RESOURCE_GROUP `
    --system-topic-name $topic `
    --name $env:UPLOADS_EVENT_SUBSCRIPTION_NAME `
    --endpoint-type webhook `
    --endpoint $endpoint `
    --included-event-types Microsoft.Storage.BlobCreated `
    --subject-begins-with "/blobServices/default/containers/$($env:UPLOADS_CONTAINER_NAME)/" `
    --max-events-per-batch 1 `
    --preferred-batch-size-in-kilobytes 64 `
    --max-delivery-attempts 30 `
    --event-ttl 1440 `
    --deadletter-identity systemassigned `
    --deadletter-identity-endpoint $env:UPLOADS_DEADLETTER_ENDPOINT `
    --output none
if ($LASTEXITCODE -ne 0) { Write-Error 'postdeploy: creating the Event Grid subscription failed.' }
Write-Host "postdeploy: Event Grid subscription $($env:UPLOADS_EVENT_SUBSCRIPTION_NAME) delivers new blobs of '$($env:UPLOADS_CONTAINER_NAME)' to $($env:UPLOAD_FUNCTION_NAME)."
