// The reference program behind the root Pulumi.yaml: `pulumi up` stands it up, `npm run plan` shows it offline.
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as compute from "@pulumi/azure-native/compute";
import * as networkApi from "@pulumi/azure-native/network";
import * as resources from "@pulumi/azure-native/resources";
import * as random from "@pulumi/random";
import {
  AiGateway,
  FailoverAutomation,
  FrontDoorFailover,
  MirroredNetwork,
  ModelDeploymentSpec,
  RegionalOpenAi,
  SiteRecovery,
  childName,
  privateEndpointsIn,
  regionPair,
} from "../../src";

const config = new pulumi.Config();
const prefix = config.require("namePrefix");
const pair = regionPair(
  { primary: config.require("primaryRegion"), standby: config.require("standbyRegion") },
  "config",
);
const tags = { "managed-by": "azure-ai-failover", workload: prefix };

const groups = {
  primary: new resources.ResourceGroup(childName(prefix, "rg", pair.primary), {
    resourceGroupName: childName(prefix, "rg", pair.primary),
    location: pair.primary.name,
    tags: { ...tags, "failover-role": "primary" },
  }),
  standby: new resources.ResourceGroup(childName(prefix, "rg", pair.standby), {
    resourceGroupName: childName(prefix, "rg", pair.standby),
    location: pair.standby.name,
    tags: { ...tags, "failover-role": "standby" },
  }),
};

const addressSpace = config.require("addressSpace");
const network = new MirroredNetwork(prefix, {
  regions: pair,
  resourceGroups: { primary: groups.primary.name, standby: groups.standby.name },
  addressSpace,
  subnets: [
    {
      name: "agents",
      addressPrefix: config.require("agentsSubnet"),
      securityRules: [
        {
          name: "AllowHttpsFromVnet",
          priority: 100,
          direction: "Inbound",
          access: "Allow",
          protocol: "Tcp",
          sourceAddressPrefixes: ["VirtualNetwork"],
          destinationAddressPrefixes: ["VirtualNetwork"],
          destinationPortRanges: ["443"],
        },
      ],
    },
    { name: "endpoints", addressPrefix: config.require("endpointsSubnet") },
    {
      // API Management v2 outbound VNet integration: delegated, and not forced through the firewall because the
      // gateway's own platform dependencies (storage, monitoring) go out directly.
      name: "gateway",
      addressPrefix: config.require("gatewaySubnet"),
      delegation: "Microsoft.Web/serverFarms",
      routeThroughFirewall: false,
    },
  ],
  peering: config.requireBoolean("peering"),
  drill: config.requireBoolean("drill"),
  firewall: config.requireBoolean("firewall")
    ? {
        ruleCollectionGroups: [
          {
            name: "platform",
            priority: 200,
            ruleCollections: [
              {
                name: "azure-monitoring",
                priority: 100,
                action: "Allow",
                rules: [
                  {
                    ruleType: "ApplicationRule",
                    name: "azure-monitor",
                    sourceAddresses: ["*"],
                    protocols: [{ protocolType: "Https", port: 443 }],
                    targetFqdns: [
                      "*.monitor.azure.com",
                      "*.ods.opinsights.azure.com",
                      "*.oms.opinsights.azure.com",
                    ],
                  },
                ],
              },
            ],
          },
        ],
      }
    : false,
  privateDnsZones: ["privatelink.openai.azure.com", "privatelink.cognitiveservices.azure.com"],
  tags,
});

// The same model deployments in both regions, reachable only through private endpoints in "endpoints".
const defaultDeployments: ModelDeploymentSpec[] = [
  { name: "chat", model: { name: "gpt-4o", version: "2024-11-20" }, capacityThousandTpm: 100 },
  { name: "embeddings", model: { name: "text-embedding-3-large", version: "1" }, capacityThousandTpm: 50 },
];
const configuredDeployments = config.getObject<ModelDeploymentSpec[]>("modelDeployments") ?? [];
const models = new RegionalOpenAi(prefix, {
  regions: pair,
  resourceGroups: { primary: groups.primary.name, standby: groups.standby.name },
  deployments: configuredDeployments.length > 0 ? configuredDeployments : defaultDeployments,
  privateEndpoints: privateEndpointsIn(network.descriptor, "endpoints", ["privatelink.openai.azure.com"]),
  tags,
});

// One API Management gateway per region in front of both regions' models: circuit breakers, backoff, token limits.
const gateway = new AiGateway(prefix, {
  regions: pair,
  resourceGroups: { primary: groups.primary.name, standby: groups.standby.name },
  models,
  publisherEmail: config.require("publisherEmail"),
  virtualNetwork: {
    subnetIds: { primary: network.primary.subnetIds.gateway, standby: network.standby.subnetIds.gateway },
  },
  tokenLimit: { tokensPerMinute: config.requireNumber("tokensPerMinutePerCaller") },
  tags,
});

// Front Door in front of the gateways. Its resources live in the standby region's group: if the primary region
// is down, its resource groups cannot be written to, and the failover runbook must still be able to act.
const frontDoor = new FrontDoorFailover(prefix, {
  resourceGroupName: groups.standby.name,
  origins: [
    { name: pair.primary.name, hostName: gateway.primary.hostName, region: pair.primary.name },
    { name: pair.standby.name, hostName: gateway.standby.hostName, region: pair.standby.name },
  ],
  probePath: gateway.healthPath,
  tags,
});

// An example workload VM (a vector store, say) in the primary region, replicated to the standby by Site Recovery:
// its data disk is Premium SSD v2, so it is zonal, and it fails over onto Premium SSD v2 in the standby region.
let recovery: SiteRecovery | undefined;
if (config.requireBoolean("exampleVm")) {
  const client = authorization.getClientConfigOutput();
  const zone = pair.primary.availabilityZones ? ["1"] : undefined;
  const osDiskName = childName(prefix, "vm-os", pair.primary);
  const dataDisk = new compute.Disk(childName(prefix, "vm-data", pair.primary), {
    resourceGroupName: groups.primary.name,
    location: pair.primary.name,
    zones: zone,
    sku: { name: "PremiumV2_LRS" },
    creationData: { createOption: "Empty" },
    diskSizeGB: 256,
    diskIOPSReadWrite: 3000,
    diskMBpsReadWrite: 125,
    tags,
  });
  const nic = new networkApi.NetworkInterface(childName(prefix, "vm-nic", pair.primary), {
    resourceGroupName: groups.primary.name,
    location: pair.primary.name,
    ipConfigurations: [
      {
        name: "ipconfig",
        subnet: { id: network.primary.subnetIds.agents },
        privateIPAllocationMethod: "Dynamic",
      },
    ],
    tags,
  });
  // No public IP; reach it with Azure Bastion or Entra ID login. The password is random and kept as a secret.
  const password = new random.RandomPassword(childName(prefix, "vm-password", pair.primary), {
    length: 32,
    special: true,
  });
  const vm = new compute.VirtualMachine(childName(prefix, "vm", pair.primary), {
    resourceGroupName: groups.primary.name,
    location: pair.primary.name,
    zones: zone,
    hardwareProfile: { vmSize: "Standard_D2s_v5" },
    identity: { type: "SystemAssigned" },
    securityProfile: {
      securityType: "TrustedLaunch",
      uefiSettings: { secureBootEnabled: true, vTpmEnabled: true },
    },
    storageProfile: {
      imageReference: { publisher: "Canonical", offer: "ubuntu-24_04-lts", sku: "server", version: "latest" },
      osDisk: {
        name: osDiskName,
        createOption: "FromImage",
        managedDisk: { storageAccountType: "Premium_LRS" },
      },
      dataDisks: [{ lun: 0, createOption: "Attach", managedDisk: { id: dataDisk.id } }],
    },
    osProfile: {
      computerName: "vector-store",
      adminUsername: "azureuser",
      adminPassword: password.result,
      linuxConfiguration: { disablePasswordAuthentication: false, provisionVMAgent: true },
    },
    networkProfile: { networkInterfaces: [{ id: nic.id, primary: true }] },
    tags: { ...tags, tier: "1" },
  });
  recovery = new SiteRecovery(prefix, {
    regions: pair,
    resourceGroups: { primary: groups.primary.name, standby: groups.standby.name },
    network: network.descriptor,
    recoverySubnetName: "agents",
    churn: config.require("siteRecoveryChurn") as "normal" | "high" | "enhanced",
    virtualMachines: [
      {
        name: "vector-store",
        vmId: vm.id,
        osDisk: {
          diskId: pulumi.interpolate`/subscriptions/${client.subscriptionId}/resourceGroups/${groups.primary.name}/providers/Microsoft.Compute/disks/${osDiskName}`,
        },
        dataDisks: [{ name: "data", diskId: dataDisk.id }],
        memoryGiB: 8,
      },
    ],
    tags,
  });
}

// Service Health incident in the primary region -> action group -> webhook -> entry runbook -> failover worker.
const automation = new FailoverAutomation(prefix, {
  regions: pair,
  resourceGroups: { primary: groups.primary.name, standby: groups.standby.name },
  frontDoor: {
    profileId: frontDoor.profileId,
    originGroupId: frontDoor.originGroupId,
    primaryOriginId: frontDoor.originIds[pair.primary.name],
    standbyOriginId: frontDoor.originIds[pair.standby.name],
  },
  models: {
    standbyAccountId: models.standby.accountId,
    // On failover every standby deployment is raised to the primary's capacity.
    standbyDeployments: models.deployments.map((d) => ({
      id: models.standby.deploymentIds[d.name],
      capacity: d.primaryCapacity,
    })),
  },
  gateway: {
    standbyServiceId: gateway.standby.serviceId,
    capacity: config.requireNumber("failoverGatewayCapacity"),
  },
  recovery: recovery
    ? {
        vaultId: recovery.vaultId,
        recoveryPlanId: recovery.recoveryPlanId,
        testFailoverNetworkId: recovery.testFailoverNetworkId,
      }
    : undefined,
  alertEmails: config.getObject<string[]>("alertEmails") ?? [],
  tokenOverload: { accountIds: [models.primary.accountId, models.standby.accountId] },
  tags,
});

export const url = frontDoor.url;
export const runbooks = automation.runbookNames;
export const webhookExpiresAt = automation.webhookExpiresAt;
export const recoveryPlan = recovery?.recoveryPlanName;
export const protectedVms = recovery?.protectedVms;
export const failoverBudget = frontDoor.failoverBudget;
export const gatewayUrls = { primary: gateway.primary.gatewayUrl, standby: gateway.standby.gatewayUrl };
export const primaryRegion = pair.primary.name;
export const standbyRegion = pair.standby.name;
export const resourceGroups = [groups.primary.name, groups.standby.name];
export const regionNotes = pair.notes;
export const virtualNetworks = {
  primary: network.primary.virtualNetworkId,
  standby: network.standby.virtualNetworkId,
  drill: network.drill?.virtualNetworkId,
};
export const modelEndpoints = { primary: models.primary.endpoint, standby: models.standby.endpoint };
export const modelNotes = models.notes;
