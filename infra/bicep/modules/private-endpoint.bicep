// One private endpoint: a network interface in the endpoint subnet for one sub-resource of a
// service (a storage account's blob, queue or table endpoint; an Azure OpenAI account; a vault),
// registered in the private DNS zone of that sub-resource.

@description('Private endpoint name.')
param name string

@description('Azure region.')
param location string

@description('Tags for the endpoint.')
param tags object

@description('Subnet of the private endpoints.')
param subnetId string

@description('Resource ID of the service the endpoint reaches.')
param targetId string

@description('Sub-resource of the service (blob, queue, table, account, vault).')
param groupId string

@description('Name of the existing private DNS zone the endpoint\'s address is registered in.')
param privateDnsZoneName string

resource zone 'Microsoft.Network/privateDnsZones@2024-06-01' existing = {
  name: privateDnsZoneName
}

resource endpoint 'Microsoft.Network/privateEndpoints@2024-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    subnet: {
      id: subnetId
    }
    privateLinkServiceConnections: [
      {
        name: name
        properties: {
          privateLinkServiceId: targetId
          groupIds: [
            groupId
          ]
        }
      }
    ]
  }
}

resource zoneGroup 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = {
  parent: endpoint
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: replace(privateDnsZoneName, '.', '-')
        properties: {
          privateDnsZoneId: zone.id
        }
      }
    ]
  }
}

output id string = endpoint.id
