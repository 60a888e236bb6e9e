// Private networking (main.bicep, networkIsolation = 'private'): a virtual network with a subnet the
// Flex Consumption app is integrated into (its outbound traffic) and a subnet for private endpoints,
// and one private DNS zone per endpoint kind, linked to the network, so that the usual host names
// (<account>.blob.core.windows.net, <name>.openai.azure.com, ...) resolve to the private addresses
// from inside it.

@description('Virtual network name.')
param name string

@description('Azure region.')
param location string

@description('Tags for the network and the zones.')
param tags object

@description('Address space of the network.')
param addressPrefix string = '10.40.0.0/16'

@description('Subnet of the app\'s outbound traffic; delegated to Microsoft.App/environments, as Flex Consumption requires.')
param appSubnetPrefix string = '10.40.0.0/24'

@description('Subnet of the private endpoints.')
param endpointSubnetPrefix string = '10.40.1.0/24'

@description('Private DNS zones to create and link (privatelink.<service> names).')
param privateDnsZoneNames string[]

resource network 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        name: 'app'
        properties: {
          addressPrefix: appSubnetPrefix
          delegations: [
            {
              name: 'flex-consumption'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
      {
        name: 'private-endpoints'
        properties: {
          addressPrefix: endpointSubnetPrefix
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
    ]
  }
}

resource zones 'Microsoft.Network/privateDnsZones@2024-06-01' = [
  for zoneName in privateDnsZoneNames: {
    name: zoneName
    location: 'global'
    tags: tags
  }
]

resource zoneLinks 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = [
  for (zoneName, i) in privateDnsZoneNames: {
    parent: zones[i]
    name: '${name}-link'
    location: 'global'
    tags: tags
    properties: {
      registrationEnabled: false
      virtualNetwork: {
        id: network.id
      }
    }
  }
]

output id string = network.id
output appSubnetId string = network.properties.subnets[0].id
output endpointSubnetId string = network.properties.subnets[1].id
