#!/bin/sh
# azd postdeploy hook: subscribe the upload function to BlobCreated events of the uploads container.
#
# Flex Consumption runs blob triggers only with Source = EventGrid. The subscription that feeds the
# trigger needs the app's blobs_extension system key, which exists only once the deployed code has
# an Event Grid blob trigger, so it cannot be part of `azd provision` on a first `azd up` (see
# infra/bicep/main.bicep). Like the official sample (functions-quickstart-dotnet-azd-eventgrid-blob)
# this hook creates it after `azd deploy`; re-running it updates the same subscription.
#
# Reads the azd environment (outputs of main.bicep). Needs the Azure CLI, signed in (`az login`).
set -eu

topic="${UPLOADS_SYSTEM_TOPIC_NAME:-}"
if [ -z "$topic" ]; then
  echo "postdeploy: upload events are off (COSCI_UPLOAD_EVENTS=false); no Event Grid subscription."
  exit 0
fi
if [ "${UPLOADS_SUBSCRIPTION_IN_BICEP:-false}" = "true" ]; then
  echo "postdeploy: the Event Grid subscription is declared in Bicep (COSCI_UPLOAD_SUBSCRIPTION_IN_BICEP); nothing to do."
  exit 0
fi
if ! command -v az >/dev/null 2>&1; then
  echo "postdeploy: the Azure CLI (az) is needed to subscribe ${UPLOAD_FUNCTION_NAME:-the upload function} to upload events." >&2
  exit 1
fi

: "${AZURE_SUBSCRIPTION_ID:?}" "${AZURE_RESOURCE_GROUP:?}" "${AZURE_FUNCTION_APP_NAME:?}" "${AZURE_FUNCTION_APP_URL:?}"
: "${UPLOAD_FUNCTION_NAME:?}" "${UPLOADS_CONTAINER_NAME:?}" "${UPLOADS_EVENT_SUBSCRIPTION_NAME:?}" "${UPLOADS_DEADLETTER_ENDPOINT:?}"

# The key appears once the host has started with the new code and indexed the blob trigger.
key=""
attempt=0
while [ "$attempt" -lt 30 ]; do
  key=$(az functionapp keys list --subscription "$AZURE_SUBSCRIPTION_ID" --resource-group "$AZURE_RESOURCE_GROUP" \
    --name "$AZURE_FUNCTION_APP_NAME" --query "systemKeys.blobs_extension" --output tsv 2>/dev/null || true)
  [ -n "$key" ] && break
  attempt=$((attempt + 1))
  sleep 10
done
if [ -z "$key" ]; then
  echo "postdeploy: no blobs_extension key on $AZURE_FUNCTION_APP_NAME after 5 minutes: is $UPLOAD_FUNCTION_NAME deployed as a blob trigger with Source = EventGrid? Run 'azd deploy' again, or 'azd env set COSCI_UPLOAD_EVENTS false' to go without upload events." >&2
  exit 1
fi

# Event Grid validates the webhook when it creates the subscription; wake the app first so a cold
# start does not time the validation out.
if command -v curl >/dev/null 2>&1; then
  for _ in 1 2 3; do curl --silent --output /dev/null --max-time 120 "${AZURE_FUNCTION_APP_URL}/" || true; done
fi

# The key is a secret: it goes only into the (write-only) webhook URL, never to the output.
endpoint="${AZURE_FUNCTION_APP_URL}/runtime/webhooks/blobs?functionName=Host.Functions.${UPLOAD_FUNCTION_NAME}&code=${key}"
az eventgrid system-topic event-subscription create \
  --subscription "$AZURE_SUBSCRIPTION_ID" \
  --resource-group "$AZURE_RESOURCE_GROUP" \
  --system-topic-name "$topic" \
  --name "$UPLOADS_EVENT_SUBSCRIPTION_NAME" \
  --endpoint-type webhook \
  --endpoint "$endpoint" \
  --included-event-types Microsoft.Storage.BlobCreated \
  --subject-begins-with "/blobServices/default/containers/${UPLOADS_CONTAINER_NAME}/" \
  --max-events-per-batch 1 \
  --preferred-batch-size-in-kilobytes 64 \
  --max-delivery-attempts 30 \
  --event-ttl 1440 \
  --deadletter-identity systemassigned \
  --deadletter-identity-endpoint "$UPLOADS_DEADLETTER_ENDPOINT" \
  --output none
echo "postdeploy: Event Grid subscription $UPLOADS_EVENT_SUBSCRIPTION_NAME delivers new blobs of '$UPLOADS_CONTAINER_NAME' to $UPLOAD_FUNCTION_NAME."
