// The reference program behind the root Pulumi.yaml: the whole warm-standby platform from one component, driven by
// the config declared in Pulumi.yaml. `pulumi up` stands it up; `npm run plan` shows it offline.
// (A project of your own imports from "azure-ai-failover" instead of "../../src".)
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as compute from "@pulumi/azure-native/compute";
import * as networkApi from "@pulumi/azure-native/network";
import * as resources from "@pulumi/azure-native/resources";
import * as random from "@pulumi/random";
import {
  GatewayCallers,
  MirroredNetwork,
  MirroredNetworkArgs,
  ModelDeploymentSpec,
  PlatformLogs,
  PostgresEntraAdministrator,
  WarmStandbyAiPlatform,
  childName,
  defaultNetwork,
  checkProfile,
  fail,
  injectedGatewaySubnet,
  namingConfigKeys,
  overProfile,
  postgresPrivateDnsZone,
  profileSettings,
  regionPair,
} from "../../src";

const config = new pulumi.Config();
const prefix = config.require("namePrefix");
// Bad config fails naming the key the user set, not only the component argument it feeds.
const pair = namingConfigKeys({ "config.primary": "primaryRegion", "config.standby": "standbyRegion" }, () =>
  regionPair(
    { primary: config.require("primaryRegion"), standby: config.require("standbyRegion") },
    "config",
  ),
);
const tags = { "managed-by": "azure-ai-failover", workload: prefix };

// The profile decides what the stack's config does not: `pulumi config set profile mission-critical`.
const profile = checkProfile(config.get("profile"), "config.profile");
const protectsVm = config.requireBoolean("exampleVm");
const profiled = profileSettings(profile, protectsVm);
/** A "profile" | "true" | "false" config key: the stack's choice, else the profile's. */
function switchedOn(key: string, byProfile: boolean): boolean {
  const value = config.require(key);
  if (value === "profile") return byProfile;
  if (value === "true" || value === "false") return value === "true";
  return fail(
    `config.${key}`,
    `config.${key} must be "profile", "true" or "false", but got ${JSON.stringify(value)}: pulumi config set ${key} true`,
  );
}
const withDatabase = switchedOn("database", profiled.database !== false);
// "true" keeps the profile's kind of firewall (Premium with IDPS in mission-critical), a Standard one where it has none.
const profileFirewall = (profiled.network?.firewall ?? true) as NonNullable<MirroredNetworkArgs["firewall"]>;
const firewall = switchedOn("firewall", profileFirewall !== false) ? profileFirewall || true : false;

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
const resourceGroups = { primary: groups.primary.name, standby: groups.standby.name };
// The drill's private DNS zones have the production zones' names, so they need a group of their own.
const drillGroup = config.requireBoolean("drill")
  ? new resources.ResourceGroup(childName(prefix, "rg-drill", pair.standby), {
      resourceGroupName: childName(prefix, "rg-drill", pair.standby),
      location: pair.standby.name,
      tags: { ...tags, "failover-role": "drill" },
    })
  : undefined;

// One Log Analytics workspace, in the standby region so that it outlives a primary outage: every part's diagnostics
// and the VNets' flow logs (traffic analytics) go to it.
const logs = new PlatformLogs(prefix, {
  ...profiled.observability,
  regions: pair,
  resourceGroupName: groups.standby.name,
  tags,
});

// The network is built first, so that the example VM below can live in it; the platform then takes it as existing.
const network = namingConfigKeys(
  {
    addressSpace: "addressSpace",
    "subnets[0].addressPrefix": "agentsSubnet",
    "subnets[1].addressPrefix": "endpointsSubnet",
    "subnets[2].addressPrefix": "gatewaySubnet",
  },
  () =>
    new MirroredNetwork(
      prefix,
      // The profile's network settings under the program's own.
      overProfile(profiled.network ?? {}, {
        ...defaultNetwork,
        regions: pair,
        resourceGroups,
        addressSpace: config.require("addressSpace"),
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
          // A Premium (classic) gateway is injected into an undelegated subnet with API Management's NSG rules; the v2
          // tiers integrate through a delegated one.
          (profiled.gateway?.sku as string | undefined) === "Premium"
            ? injectedGatewaySubnet("gateway", config.require("gatewaySubnet"))
            : { ...defaultNetwork.subnets[2], addressPrefix: config.require("gatewaySubnet") },
        ],
        // The database's private endpoints register in the PostgreSQL zone (in the drill VNet too).
        privateDnsZones: [
          ...defaultNetwork.privateDnsZones!,
          ...(withDatabase ? [postgresPrivateDnsZone] : []),
        ],
        peering: config.requireBoolean("peering"),
        drill: config.requireBoolean("drill"),
        drillResourceGroupName: drillGroup?.name,
        // The firewalls allow what the platform needs (Site Recovery, Entra ID, Azure Monitor) by default; the platform
        // then opens HTTPS to its own Front Door endpoint. Add your own ruleCollectionGroups on top.
        firewall,
        diagnostics: logs.diagnostics,
        // VNet flow logs with traffic analytics, except where the profile leaves them out (dev).
        flowLogs:
          profiled.network?.flowLogs === false
            ? false
            : {
                workspaceId: logs.workspaceId,
                workspace: { customerId: logs.customerId, region: logs.location },
              },
        tags,
      }),
    ),
);

// An example workload VM (a vector store, say) in the primary region, replicated to the standby by Site Recovery:
// its disks are Premium SSD and fail over onto Premium SSD. (A VM with Premium SSD v2 or Ultra disks needs
// siteRecoveryChurn "high": "High Churn is the only option available to protect VMs using Premium SSD v2/Ultra Disks".)
function exampleVm() {
  const client = authorization.getClientConfigOutput();
  const zone = pair.primary.availabilityZones ? ["1"] : undefined;
  const osDiskName = childName(prefix, "vm-os", pair.primary);
  const dataDisk = new compute.Disk(childName(prefix, "vm-data", pair.primary), {
    resourceGroupName: groups.primary.name,
    location: pair.primary.name,
    zones: zone,
    sku: { name: "Premium_LRS" },
    creationData: { createOption: "Empty" },
    diskSizeGB: 256,
    // No export or upload over a SAS from any network ("DenyAll"), and no public endpoint for it: the spec's
    // NetworkAccessPolicy and PublicNetworkAccess (Azure/azure-rest-api-specs
    // specification/compute/resource-manager/Microsoft.Compute/DiskRP/stable/2024-03-02/diskRPCommon.json;
    // https://learn.microsoft.com/azure/virtual-machines/disks-enable-private-links-for-import-export-portal).
    // The OS disk, which Azure creates with the VM, takes no such setting (see the README's known limits).
    networkAccessPolicy: "DenyAll",
    publicNetworkAccess: "Disabled",
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
    // Boot diagnostics in managed storage (no storageUri): the console screenshot and serial log when the VM does not
    // answer. https://learn.microsoft.com/azure/virtual-machines/boot-diagnostics
    diagnosticsProfile: { bootDiagnostics: { enabled: true } },
    tags: { ...tags, tier: "1" },
  });
  return {
    name: "vector-store",
    vmId: vm.id,
    osDisk: {
      diskId: pulumi.interpolate`/subscriptions/${client.subscriptionId}/resourceGroups/${groups.primary.name}/providers/Microsoft.Compute/disks/${osDiskName}`,
    },
    dataDisks: [{ name: "data", diskId: dataDisk.id }],
    memoryGiB: 8,
  };
}

// Callers: Microsoft Entra ID tokens when client applications are configured; otherwise one subscription key pair
// ("agents"), generated once, kept as a secret and the same in both regions (`pulumi stack output callerKeys --show-secrets`).
const callerClientAppIds = config.getObject<string[]>("callerClientAppIds") ?? [];
const generatedKey = (which: string) =>
  new random.RandomPassword(`${prefix}-caller-key-${which}`, { length: 48, special: false }).result;
const callers: GatewayCallers =
  callerClientAppIds.length > 0
    ? {
        tenantId: config.get("callerTenantId") || authorization.getClientConfigOutput().tenantId,
        clientApplicationIds: callerClientAppIds,
        audiences: [config.require("callerAudience")],
      }
    : {
        mode: "subscription-key",
        subscriptions: {
          agents: { primaryKey: generatedKey("primary"), secondaryKey: generatedKey("secondary") },
        },
      };

const configuredDeployments = config.getObject<ModelDeploymentSpec[]>("modelDeployments") ?? [];
const databaseAdministrators = config.getObject<PostgresEntraAdministrator[]>("databaseAdministrators") ?? [];
const platform = namingConfigKeys(
  {
    deployments: "modelDeployments",
    publisherEmail: "publisherEmail",
    "tokenLimit.tokensPerMinute": "tokensPerMinutePerCaller",
    "callers.clientApplicationIds": "callerClientAppIds",
    "callers.audiences": "callerAudience",
    "callers.tenantId": "callerTenantId",
    churn: "siteRecoveryChurn",
    "gateway.capacity": "failoverGatewayCapacity",
    mode: "failoverMode",
    alertEmails: "alertEmails",
    administrators: "databaseAdministrators",
  },
  () =>
    new WarmStandbyAiPlatform(prefix, {
      profile,
      regions: pair,
      resourceGroups,
      network: { existing: network.descriptor },
      observability: { existing: { workspaceId: logs.workspaceId } },
      models: configuredDeployments.length > 0 ? { deployments: configuredDeployments } : {},
      gateway: {
        callers,
        publisherEmail: config.require("publisherEmail"),
        tokenLimit: { tokensPerMinute: config.requireNumber("tokensPerMinutePerCaller") },
      },
      siteRecovery: protectsVm
        ? {
            recoverySubnetName: "agents",
            churn: config.require("siteRecoveryChurn") as "normal" | "high" | "enhanced",
            virtualMachines: [exampleVm()],
          }
        : undefined,
      database: withDatabase
        ? databaseAdministrators.length > 0
          ? { administrators: databaseAdministrators }
          : {}
        : false,
      automation: {
        // 0: the profile's (the platform's default of 2, or mission-critical's 6).
        ...(config.requireNumber("failoverGatewayCapacity") !== 0
          ? { gatewayCapacity: config.requireNumber("failoverGatewayCapacity") }
          : {}),
        mode: config.require("failoverMode") as "automatic" | "approval",
        alertEmails: config.getObject<string[]>("alertEmails") ?? [],
      },
      tags,
    }),
);

export const platformProfile = platform.profile;
export const url = platform.url;
export const endpoints = platform.endpoints;
export const failoverBudget = platform.failoverBudget;
export const runbooks = platform.runbookNames;
export const recoveryPlan = platform.recovery?.recoveryPlanName;
export const protectedVms = platform.recovery?.protectedVms;
export const notes = platform.notes;
export const logAnalyticsWorkspaceId = logs.workspaceId;
export const databaseHost = platform.database?.writeHostName;
export const databaseAdministrator = platform.databaseAdministrator?.name;
export const callerKeys =
  callers.mode === "subscription-key" ? pulumi.secret(callers.subscriptions) : "Entra ID tokens (no keys)";
export const primaryRegion = pair.primary.name;
export const standbyRegion = pair.standby.name;
