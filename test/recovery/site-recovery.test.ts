import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { expectConstructionFailure, outputValue } from "../helpers";
import {
  MirroredNetwork,
  SiteRecovery,
  SiteRecoveryArgs,
  churnLimits,
  regionPair,
  resolvePolicy,
  churnTierFor,
} from "../../src";
import { RecordedResource, Recording, record } from "../../src/testing";

const sub = "/subscriptions/00000000-0000-0000-0000-000000000001";
const vmId = (n: string) => `${sub}/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/${n}`;
const diskId = (n: string) => `${sub}/resourceGroups/rg-app/providers/Microsoft.Compute/disks/${n}`;
const network = {
  primary: {
    virtualNetworkId: `${sub}/resourceGroups/rg-east/providers/Microsoft.Network/virtualNetworks/vnet-east`,
  },
  standby: {
    virtualNetworkId: `${sub}/resourceGroups/rg-central/providers/Microsoft.Network/virtualNetworks/vnet-central`,
  },
  drill: {
    virtualNetworkId: `${sub}/resourceGroups/rg-central/providers/Microsoft.Network/virtualNetworks/vnet-drill`,
  },
};
const base: SiteRecoveryArgs = {
  regions: { primary: "eastus2", standby: "centralus" },
  resourceGroups: { primary: "rg-east", standby: "rg-central" },
  network,
  recoverySubnetName: "agents",
  virtualMachines: [
    {
      name: "vector-db",
      vmId: vmId("vector-db"),
      osDisk: { diskId: diskId("vector-db-os") },
      dataDisks: [
        { name: "data", diskId: diskId("vector-db-data") },
        { name: "logs", diskId: diskId("vector-db-logs"), targetDiskType: "Premium_LRS" },
      ],
    },
    {
      name: "agent-host",
      vmId: vmId("agent-host"),
      osDisk: { diskId: diskId("agent-host-os") },
      bootGroup: 2,
    },
  ],
};

async function build(over: Partial<SiteRecoveryArgs> = {}) {
  let component: SiteRecovery | undefined;
  const recording = await record(() => {
    component = new SiteRecovery("dr", { ...base, ...over });
  });
  return { recording, component: component! };
}
type Disk = {
  diskId: string;
  recoveryReplicaDiskAccountType: string;
  recoveryTargetDiskAccountType: string;
  primaryStagingAzureStorageAccountId: string;
  recoveryResourceGroupId: string;
};
const a2a = (item: RecordedResource) =>
  (item.inputs.properties as { providerSpecificDetails: Record<string, unknown> }).providerSpecificDetails;

describe("SiteRecovery", () => {
  describe("defaults", () => {
    let recording: Recording;
    let component: SiteRecovery;
    before(async () => ({ recording, component } = await build()));

    it("puts the vault in the standby region with soft delete on and zone-redundant storage", () => {
      const vault = recording.get("recoveryservices:Vault", "dr-vault");
      expect(vault.location).to.equal("centralus");
      expect(vault.inputs.resourceGroupName).to.equal("rg-central");
      expect(vault.inputs.properties).to.deep.include({
        redundancySettings: {
          standardTierStorageRedundancy: "ZoneRedundant",
          crossRegionRestore: "Disabled",
        },
        securitySettings: {
          softDeleteSettings: { softDeleteState: "Enabled", softDeleteRetentionPeriodInDays: 14 },
        },
      });
    });

    it("builds a fabric per region and a protection container in each, with the generic resource", () => {
      const vault = recording.get("recoveryservices:Vault", "dr-vault");
      for (const [code, location] of [
        ["eus2", "eastus2"],
        ["cus", "centralus"],
      ]) {
        const fabric = recording.get("ReplicationFabric", `dr-fabric-${code}`);
        expect(fabric.inputs).to.deep.include({
          resourceName: vault.outputs.name,
          properties: { customDetails: { instanceType: "Azure", location } },
        });
        const container = recording.get("resources:Resource", `dr-container-${code}`);
        expect(container.inputs).to.deep.include({
          resourceProviderNamespace: "Microsoft.RecoveryServices",
          parentResourcePath: `vaults/${vault.outputs.name}/replicationFabrics/${fabric.outputs.name}`,
          resourceType: "replicationProtectionContainers",
          apiVersion: "2024-10-01",
          properties: { providerSpecificInput: [{ instanceType: "A2A" }] },
        });
        expect(container.id).to.equal(`${fabric.id}/replicationProtectionContainers/dr-container-${code}`);
      }
    });

    it("uses an A2A policy with 24 h of points, app-consistent every 4 h and multi-VM sync", () => {
      const policy = recording.get("ReplicationPolicy", "dr-policy");
      expect(
        (policy.inputs.properties as { providerSpecificInput: unknown }).providerSpecificInput,
      ).to.deep.equal({
        instanceType: "A2A",
        recoveryPointHistory: 1440,
        appConsistentFrequencyInMinutes: 240,
        crashConsistentFrequencyInMinutes: 5,
        multiVmSyncStatus: "Enable",
      });
    });

    it("maps containers both ways with the policy: primary -> standby, and standby -> primary for failback", () => {
      const policy = recording.get("ReplicationPolicy", "dr-policy");
      for (const [from, to] of [
        ["eus2", "cus"],
        ["cus", "eus2"],
      ]) {
        const mapping = recording.get("ReplicationProtectionContainerMapping", `dr-map-${from}-to-${to}`);
        expect(mapping.inputs).to.deep.include({
          fabricName: recording.get("ReplicationFabric", `dr-fabric-${from}`).outputs.name,
          protectionContainerName: recording.get("resources:Resource", `dr-container-${from}`).outputs.name,
        });
        expect(mapping.inputs.properties).to.deep.include({
          policyId: policy.id,
          targetProtectionContainerId: recording.get("resources:Resource", `dr-container-${to}`).id,
        });
      }
    });

    it("maps the primary VNet to the standby VNet (and back)", () => {
      const there = recording.get("ReplicationNetworkMapping", "dr-netmap-eus2-to-cus");
      expect(there.inputs).to.deep.include({
        networkName: "azureNetwork",
        fabricName: recording.get("ReplicationFabric", "dr-fabric-eus2").outputs.name,
      });
      expect(there.inputs.properties).to.deep.equal({
        recoveryFabricName: recording.get("ReplicationFabric", "dr-fabric-cus").outputs.name,
        recoveryNetworkId: network.standby.virtualNetworkId,
        fabricSpecificDetails: {
          instanceType: "AzureToAzure",
          primaryNetworkId: network.primary.virtualNetworkId,
        },
      });
      const back = recording.get("ReplicationNetworkMapping", "dr-netmap-cus-to-eus2");
      expect((back.inputs.properties as { recoveryNetworkId: string }).recoveryNetworkId).to.equal(
        network.primary.virtualNetworkId,
      );
    });

    it("keeps a Standard general-purpose v2 cache in the primary region for normal churn", () => {
      const cache = recording.get("storage:StorageAccount", "dr-cache-eus2");
      expect(cache.location).to.equal("eastus2");
      expect(cache.inputs).to.deep.include({
        resourceGroupName: "rg-east",
        kind: "StorageV2",
        sku: { name: "Standard_ZRS" },
        minimumTlsVersion: "TLS1_2",
        enableHttpsTrafficOnly: true,
        allowBlobPublicAccess: false,
        // Keyless: Site Recovery reaches the cache with the vault's managed identity.
        allowSharedKeyAccess: false,
        defaultToOAuthAuthentication: true,
        // "allow access from 'All networks'", trusted services let through; no soft delete ("isn't supported").
        networkRuleSet: { defaultAction: "Allow", bypass: "AzureServices" },
      });
      expect(cache.inputs.accountName).to.match(/^drcache[a-z0-9]{6}$/);
      expect(recording.ofType("storage:BlobServiceProperties")).to.deep.equal([]);
    });

    it("keeps a cache of the same kind in the standby region, for replication back after a failover (reprotect)", () => {
      const reverse = recording.get("storage:StorageAccount", "dr-rcache-cus");
      expect(reverse.location).to.equal("centralus");
      expect(reverse.inputs).to.deep.include({
        resourceGroupName: "rg-central",
        kind: "StorageV2",
        sku: { name: "Standard_ZRS" },
        minimumTlsVersion: "TLS1_2",
        allowBlobPublicAccess: false,
        allowSharedKeyAccess: false,
        defaultToOAuthAuthentication: true,
      });
      expect(reverse.inputs.accountName).to.match(/^drrcache[a-z0-9]{6}$/);
    });

    it("hands failback what it reprotects with, both ways: the mapping's target container, the cache where the VMs run, the groups", async () => {
      const policy = recording.ofType("ReplicationPolicy")[0].id;
      const containers = recording.ofType("resources:Resource");
      const toPrimary = await outputValue(pulumi.output(component.reprotect.toPrimary));
      expect(toPrimary).to.deep.equal({
        policyId: policy,
        recoveryContainerId: containers.find((c) => c.name === "dr-container-eus2")!.id,
        stagingStorageAccountId: recording.get("storage:StorageAccount", "dr-rcache-cus").id,
        recoveryResourceGroupIds: {
          "vector-db": `${sub}/resourceGroups/rg-app`,
          "agent-host": `${sub}/resourceGroups/rg-app`,
        },
      });
      const toStandby = await outputValue(pulumi.output(component.reprotect.toStandby));
      expect(toStandby).to.deep.equal({
        policyId: policy,
        recoveryContainerId: containers.find((c) => c.name === "dr-container-cus")!.id,
        stagingStorageAccountId: recording.get("storage:StorageAccount", "dr-cache-eus2").id,
        recoveryResourceGroupIds: { "*": `${sub}/resourceGroups/rg-central` },
        // The zone each VM fails over into, as replication was enabled with it (none: no Premium SSD v2 here).
        recoveryAvailabilityZones: {},
      });
      expect(await outputValue(pulumi.output(component.reprotect.networkIds))).to.deep.equal([
        network.primary.virtualNetworkId,
        network.standby.virtualNetworkId,
      ]);
      // Each group the VMs run in, once.
      expect(await outputValue(pulumi.output(component.reprotect.vmResourceGroupIds))).to.deep.equal([
        `${sub}/resourceGroups/rg-central`,
        `${sub}/resourceGroups/rg-app`,
      ]);
    });

    it("protects each VM from the primary container into the standby container, network and group", () => {
      const item = recording.get("ReplicationProtectedItem", "dr-item-vector-db");
      expect(item.inputs).to.deep.include({
        protectionContainerName: recording.get("resources:Resource", "dr-container-eus2").outputs.name,
        fabricName: recording.get("ReplicationFabric", "dr-fabric-eus2").outputs.name,
        replicatedProtectedItemName: "vector-db",
      });
      expect((item.inputs.properties as { policyId: string }).policyId).to.equal(
        recording.get("ReplicationPolicy", "dr-policy").id,
      );
      expect(a2a(item)).to.deep.include({
        instanceType: "A2A",
        fabricObjectId: vmId("vector-db"),
        recoveryContainerId: recording.get("resources:Resource", "dr-container-cus").id,
        recoveryResourceGroupId: `${sub}/resourceGroups/rg-central`,
        recoveryAzureNetworkId: network.standby.virtualNetworkId,
        recoverySubnetName: "agents",
        multiVmGroupName: "dr-group",
      });
      expect(item.dependencies).to.include.members([
        recording.get("ReplicationProtectionContainerMapping", "dr-map-eus2-to-cus").urn,
        recording.get("ReplicationNetworkMapping", "dr-netmap-eus2-to-cus").urn,
      ]);
    });

    it("replicates every disk onto Premium SSD by default, through the cache", () => {
      const disks = a2a(recording.get("ReplicationProtectedItem", "dr-item-vector-db"))
        .vmManagedDisks as Disk[];
      const cache = recording.get("storage:StorageAccount", "dr-cache-eus2");
      expect(
        disks.map((d) => [
          d.diskId.split("/").pop(),
          d.recoveryReplicaDiskAccountType,
          d.recoveryTargetDiskAccountType,
        ]),
      ).to.deep.equal([
        ["vector-db-os", "Premium_LRS", "Premium_LRS"],
        ["vector-db-data", "Premium_LRS", "Premium_LRS"],
        ["vector-db-logs", "Premium_LRS", "Premium_LRS"],
      ]);
      expect(
        disks.every(
          (d) =>
            d.primaryStagingAzureStorageAccountId === cache.id &&
            d.recoveryResourceGroupId === `${sub}/resourceGroups/rg-central`,
        ),
      ).to.equal(true);
    });

    it("puts a VM with Premium SSD v2 disks (High Churn) in zone 1 of the standby, and reprotects it there", async () => {
      const { recording: v2, component: c } = await build({
        churn: "high",
        virtualMachines: [
          {
            ...base.virtualMachines[0],
            dataDisks: [{ name: "data", diskId: diskId("vector-db-data"), targetDiskType: "PremiumV2_LRS" }],
          },
        ],
      });
      const item = a2a(v2.get("ReplicationProtectedItem", "dr-item-vector-db"));
      expect(item.recoveryAvailabilityZone).to.equal("1");
      expect((item.vmManagedDisks as Disk[])[1].recoveryTargetDiskAccountType).to.equal("PremiumV2_LRS");
      expect(await outputValue(pulumi.output(c.reprotect.toStandby))).to.deep.include({
        recoveryAvailabilityZones: { "vector-db": "1" },
      });
      expect(v2.get("storage:StorageAccount", "dr-cache-eus2").inputs.kind).to.equal("BlockBlobStorage");
    });

    it("leaves VMs without Premium SSD v2 disks non-zonal", () => {
      for (const item of ["dr-item-vector-db", "dr-item-agent-host"]) {
        expect(a2a(recording.get("ReplicationProtectedItem", item))).not.to.have.property(
          "recoveryAvailabilityZone",
        );
      }
    });

    it("keeps the Mobility agent updated through its own Automation account, which may change the vault", () => {
      const updater = recording.get("automation:AutomationAccount", "dr-asr-aa-cus");
      expect(updater.inputs).to.deep.include({
        location: "centralus",
        identity: { type: "SystemAssigned" },
        // A scheduled cloud runbook with the managed identity: no webhook, DSC or agent-based worker needs local auth.
        disableLocalAuth: true,
        publicNetworkAccess: true,
      });
      const grant = recording.get("authorization:RoleAssignment", "dr-asr-aa-vault");
      expect(grant.inputs.scope).to.equal(recording.get("recoveryservices:Vault", "dr-vault").id);
      expect(String(grant.inputs.roleDefinitionId)).to.match(/\/b24988ac-6180-42a0-ab88-20f7382dd24c$/);
      expect(grant.inputs.principalId).to.equal(
        (updater.outputs.identity as { principalId: string }).principalId,
      );
      for (const mapping of recording.ofType("ReplicationProtectionContainerMapping")) {
        expect(
          (mapping.inputs.properties as { providerSpecificInput: unknown }).providerSpecificInput,
        ).to.deep.equal({
          instanceType: "A2A",
          agentAutoUpdateStatus: "Enabled",
          automationAccountArmId: updater.id,
          automationAccountAuthenticationType: "SystemAssignedIdentity",
        });
        expect(mapping.dependencies).to.include(grant.urn);
      }
    });

    it("keeps the protection containers on destroy: Azure removes them with a POST, which a DELETE cannot do", () => {
      const containers = recording.ofType("resources:Resource");
      expect(containers).to.have.length(2);
      for (const container of containers) expect(container.retainOnDelete).to.equal(true);
      expect(recording.get("recoveryservices:Vault", "dr-vault").retainOnDelete).to.equal(undefined);
    });

    it("groups the items into a recovery plan by boot order", () => {
      const plan = recording.get("ReplicationRecoveryPlan", "dr-plan");
      const props = plan.inputs.properties as {
        primaryFabricId: string;
        recoveryFabricId: string;
        groups: {
          groupType: string;
          replicationProtectedItems: { id: string; virtualMachineId: string }[];
        }[];
      };
      expect(props.primaryFabricId).to.equal(recording.get("ReplicationFabric", "dr-fabric-eus2").id);
      expect(props.recoveryFabricId).to.equal(recording.get("ReplicationFabric", "dr-fabric-cus").id);
      expect(
        props.groups.map((g) => [
          g.groupType,
          g.replicationProtectedItems.map((i) => recording.byId(i.id)?.name),
        ]),
      ).to.deep.equal([
        ["Shutdown", []],
        ["Failover", []],
        ["Boot", ["dr-item-vector-db"]],
        ["Boot", ["dr-item-agent-host"]],
      ]);
      expect(props.groups[2].replicationProtectedItems[0].virtualMachineId).to.equal(vmId("vector-db"));
    });

    it("reports churn tier, disk types and zone per VM, and exposes the plan and drill network", async () => {
      expect(component.protectedVms[0]).to.deep.include({
        name: "vector-db",
        churnTier: "normal",
        churnLimitMBps: 54,
        osDiskType: "Premium_LRS",
        dataDiskTypes: { data: "Premium_LRS", logs: "Premium_LRS" },
        bootGroup: 1,
      });
      expect(await outputValue(component.recoveryPlanId)).to.equal(
        recording.get("ReplicationRecoveryPlan", "dr-plan").id,
      );
      expect(await outputValue(component.testFailoverNetworkId!)).to.equal(network.drill.virtualNetworkId);
    });

    it("creates exactly the chain: vault, 2 fabrics, 2 containers, policy, 2+2 mappings, cache, an item per VM, a plan, and the backup", () => {
      const custom = [...recording.countByType()].filter(([t]) => t.startsWith("azure-native:"));
      expect(Object.fromEntries(custom)).to.deep.equal({
        // The agent updater's Contributor on the vault, and the vault's two roles on each cache.
        "azure-native:authorization:RoleAssignment": 5,
        "azure-native:automation:AutomationAccount": 1,
        "azure-native:recoveryservices:ReplicationFabric": 2,
        "azure-native:recoveryservices:ReplicationNetworkMapping": 2,
        "azure-native:recoveryservices:ReplicationPolicy": 1,
        "azure-native:recoveryservices:ReplicationProtectedItem": 2,
        "azure-native:recoveryservices:ReplicationProtectionContainerMapping": 2,
        "azure-native:recoveryservices:ReplicationRecoveryPlan": 1,
        // Site Recovery's vault in the standby region, and the backup vault in the primary.
        "azure-native:recoveryservices:Vault": 2,
        "azure-native:recoveryservices:ProtectionPolicy": 1,
        "azure-native:recoveryservices:ProtectedItem": 2,
        "azure-native:resources:Resource": 2,
        "azure-native:storage:StorageAccount": 2,
      });
    });
  });

  describe("Azure Backup of the protected VMs", () => {
    let recording: Recording;
    let component: SiteRecovery;
    before(async () => ({ recording, component } = await build()));

    it("keeps backups in a vault of their own in the VMs' (primary) region: geo-redundant with Cross Region Restore (so public access stays on), immutable, soft delete on", () => {
      const vault = recording.get("recoveryservices:Vault", "dr-bvault-eus2");
      expect(vault.location).to.equal("eastus2");
      expect(vault.inputs.resourceGroupName).to.equal("rg-east");
      expect(vault.inputs.properties).to.deep.equal({
        // "Denial of public access is currently not supported for vaults that have cross-regions restore enabled".
        publicNetworkAccess: "Enabled",
        redundancySettings: { standardTierStorageRedundancy: "GeoRedundant", crossRegionRestore: "Enabled" },
        securitySettings: {
          softDeleteSettings: { softDeleteState: "Enabled", softDeleteRetentionPeriodInDays: 14 },
          immutabilitySettings: { state: "Unlocked" },
        },
        monitoringSettings: { azureMonitorAlertSettings: { alertsForAllJobFailures: "Enabled" } },
      });
      // No identity: Azure VM backup needs none, so none is granted anything.
      expect(vault.inputs.identity).to.equal(undefined);
    });

    it("backs up daily at 01:00 UTC with an Enhanced (V2) policy: 30 daily and 12 weekly points, 7 days of instant restore", () => {
      const policy = recording.get("recoveryservices:ProtectionPolicy", "dr-backup-policy");
      const vault = recording.get("recoveryservices:Vault", "dr-bvault-eus2");
      expect(policy.inputs.vaultName).to.equal(vault.outputs.name);
      expect(policy.inputs.resourceGroupName).to.equal("rg-east");
      const at = "2025-01-05T01:00:00Z";
      expect(policy.inputs.properties).to.deep.equal({
        backupManagementType: "AzureIaasVM",
        policyType: "V2",
        instantRpRetentionRangeInDays: 7,
        timeZone: "UTC",
        schedulePolicy: {
          schedulePolicyType: "SimpleSchedulePolicyV2",
          scheduleRunFrequency: "Daily",
          dailySchedule: { scheduleRunTimes: [at] },
        },
        retentionPolicy: {
          retentionPolicyType: "LongTermRetentionPolicy",
          dailySchedule: { retentionDuration: { count: 30, durationType: "Days" }, retentionTimes: [at] },
          weeklySchedule: {
            daysOfTheWeek: ["Sunday"],
            retentionDuration: { count: 12, durationType: "Weeks" },
            retentionTimes: [at],
          },
        },
      });
    });

    it("protects each VM under Backup's names for it, with the policy, after its replication is enabled", async () => {
      const policy = recording.get("recoveryservices:ProtectionPolicy", "dr-backup-policy");
      for (const name of ["vector-db", "agent-host"]) {
        const item = recording.get("recoveryservices:ProtectedItem", `dr-backup-${name}`);
        expect(item.inputs).to.deep.include({
          resourceGroupName: "rg-east",
          fabricName: "Azure",
          containerName: `IaasVMContainer;iaasvmcontainerv2;rg-app;${name}`,
          protectedItemName: `VM;iaasvmcontainerv2;rg-app;${name}`,
        });
        expect(item.inputs.properties).to.deep.equal({
          protectedItemType: "Microsoft.Compute/virtualMachines",
          sourceResourceId: vmId(name),
          policyId: policy.id,
        });
        expect(item.dependencies).to.include(
          recording.get("ReplicationProtectedItem", `dr-item-${name}`).urn,
        );
        expect(await outputValue(component.backupItemIds!["vector-db"])).to.equal(
          recording.get("recoveryservices:ProtectedItem", "dr-backup-vector-db").id,
        );
      }
      expect(await outputValue(component.backupVaultId!)).to.equal(
        recording.get("recoveryservices:Vault", "dr-bvault-eus2").id,
      );
      expect(component.backup?.crossRegionRestore).to.equal(true);
    });

    it("takes the schedule, retention, redundancy, immutability, soft delete and access it is given", async () => {
      const { recording } = await build({
        backup: {
          scheduleTimeUtc: "22:30",
          dailyRetentionDays: 90,
          weeklyRetentionWeeks: 0,
          instantRestoreDays: 14,
          storageRedundancy: "ZoneRedundant",
          immutability: "Locked",
          softDelete: "AlwaysON",
          softDeleteRetentionDays: 30,
          publicNetworkAccess: "Enabled",
        },
      });
      const vault = recording.get("recoveryservices:Vault", "dr-bvault-eus2");
      expect(vault.inputs.properties).to.deep.include({
        publicNetworkAccess: "Enabled",
        redundancySettings: {
          standardTierStorageRedundancy: "ZoneRedundant",
          crossRegionRestore: "Disabled",
        },
        securitySettings: {
          softDeleteSettings: { softDeleteState: "AlwaysON", softDeleteRetentionPeriodInDays: 30 },
          immutabilitySettings: { state: "Locked" },
        },
      });
      const policy = recording.get("recoveryservices:ProtectionPolicy", "dr-backup-policy").inputs
        .properties as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      expect(policy.instantRpRetentionRangeInDays).to.equal(14);
      expect(policy.schedulePolicy.dailySchedule.scheduleRunTimes).to.deep.equal(["2025-01-05T22:30:00Z"]);
      expect(policy.retentionPolicy.dailySchedule.retentionDuration).to.deep.equal({
        count: 90,
        durationType: "Days",
      });
      expect(policy.retentionPolicy.weeklySchedule).to.equal(undefined);
    });

    it("keeps a vault in a region without an Azure pair zone-redundant, without Cross Region Restore or public access", async () => {
      const { recording } = await build({ regions: { primary: "polandcentral", standby: "swedencentral" } });
      const vault = recording.get("recoveryservices:Vault", "dr-bvault-plc");
      expect(vault.location).to.equal("polandcentral");
      expect((vault.inputs.properties as Record<string, unknown>).redundancySettings).to.deep.equal({
        standardTierStorageRedundancy: "ZoneRedundant",
        crossRegionRestore: "Disabled",
      });
      expect((vault.inputs.properties as Record<string, unknown>).publicNetworkAccess).to.equal("Disabled");
    });

    it("turns public access off on a geo-redundant vault given crossRegionRestore: false", async () => {
      const { recording } = await build({ backup: { crossRegionRestore: false } });
      const vault = recording.get("recoveryservices:Vault", "dr-bvault-eus2");
      expect(vault.inputs.properties).to.deep.include({
        publicNetworkAccess: "Disabled",
        redundancySettings: { standardTierStorageRedundancy: "GeoRedundant", crossRegionRestore: "Disabled" },
      });
    });

    it("builds no backup with backup: false", async () => {
      const { recording, component } = await build({ backup: false });
      expect(recording.ofType("recoveryservices:ProtectedItem")).to.deep.equal([]);
      expect(recording.ofType("recoveryservices:ProtectionPolicy")).to.deep.equal([]);
      expect(recording.ofType("recoveryservices:Vault").map((v) => v.name)).to.deep.equal(["dr-vault"]);
      expect(component.backupVaultId).to.equal(undefined);
    });
  });

  it("grants Storage Blob Data Owner instead on the Premium block blob caches of High Churn, which stay keyless", async () => {
    // "Resource Manager based storage accounts (Premium Type): Contributor, Storage Blob Data Owner"
    // (azure-to-azure-how-to-enable-replication-private-endpoints#grant-required-permissions-to-the-vault).
    const { recording } = await build({ churn: "high" });
    for (const cache of ["dr-cache-eus2", "dr-rcache-cus"]) {
      const account = recording.get("storage:StorageAccount", cache);
      expect(account.inputs).to.deep.include({ kind: "BlockBlobStorage", allowSharedKeyAccess: false });
      const roles = recording
        .ofType("RoleAssignment")
        .filter((g) => g.inputs.scope === account.id)
        .map((g) => (g.inputs.roleDefinitionId as string).split("/").pop())
        .sort();
      expect(roles).to.deep.equal(
        ["b24988ac-6180-42a0-ab88-20f7382dd24c", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b"].sort(),
      );
    }
  });

  it("grants the vault Contributor and Storage Blob Data Contributor on each cache before any VM is protected", async () => {
    const { recording } = await build();
    const vault = recording.ofType("recoveryservices:Vault")[0];
    for (const cache of ["dr-cache-eus2", "dr-rcache-cus"]) {
      const account = recording.get("storage:StorageAccount", cache);
      const grants = recording
        .ofType("RoleAssignment")
        .filter((g) => g.inputs.scope === account.id)
        .map((g) => {
          expect(g.inputs.principalId).to.equal(
            (vault.outputs.identity as { principalId: string }).principalId,
          );
          expect(g.inputs.principalType).to.equal("ServicePrincipal");
          return (g.inputs.roleDefinitionId as string).split("/").pop();
        });
      expect(grants.sort()).to.deep.equal(
        ["b24988ac-6180-42a0-ab88-20f7382dd24c", "ba92f5b4-2d11-453d-a403-e96b0029c9fe"].sort(),
      );
    }
    // Before anything in the vault: fabrics, containers and mappings take minutes, which covers role propagation.
    const item = recording.get("ReplicationProtectedItem", "dr-item-vector-db");
    for (const grant of recording.ofType("RoleAssignment").filter((g) => g.name.startsWith("dr-vault-"))) {
      expect(item.dependencies).to.include(grant.urn);
      for (const fabric of recording.ofType("ReplicationFabric"))
        expect(fabric.dependencies).to.include(grant.urn);
    }
    // No private endpoint unless asked.
    expect(recording.ofType("network:PrivateEndpoint")).to.deep.equal([]);
    expect((vault.inputs.properties as { publicNetworkAccess: string }).publicNetworkAccess).to.equal(
      "Enabled",
    );
  });

  describe("with private endpoints", () => {
    let recording: Recording;
    before(async () => {
      ({ recording } = await build({
        privateEndpoints: {
          subnetIds: {
            primary: `${network.primary.virtualNetworkId}/subnets/pe`,
            standby: `${network.standby.virtualNetworkId}/subnets/pe`,
          },
        },
      }));
    });

    it("puts a vault endpoint (AzureSiteRecovery) in each region's subnet, each in a zone linked to its own VNet only", () => {
      const vault = recording.ofType("recoveryservices:Vault")[0];
      for (const [code, role, group] of [
        ["eus2", "primary", "rg-east"],
        ["cus", "standby", "rg-central"],
      ] as const) {
        const pe = recording.get("network:PrivateEndpoint", `dr-asr-pe-${code}`);
        expect((pe.inputs.subnet as { id: string }).id).to.equal(
          `${network[role].virtualNetworkId}/subnets/pe`,
        );
        expect(pe.inputs).to.deep.include({
          resourceGroupName: group,
          privateLinkServiceConnections: [
            { name: "site-recovery", privateLinkServiceId: vault.id, groupIds: ["AzureSiteRecovery"] },
          ],
        });
        const zone = recording.get("privatedns:PrivateZone", `dr-asr-dns-${code}`);
        expect(zone.inputs).to.deep.include({
          resourceGroupName: group,
          privateZoneName: "privatelink.siterecovery.windowsazure.com",
          location: "global",
        });
        const link = recording.get("privatedns:VirtualNetworkLink", `dr-asr-dnslink-${code}`);
        expect(link.inputs).to.deep.include({
          privateZoneName: zone.outputs.name,
          virtualNetwork: { id: network[role].virtualNetworkId },
          registrationEnabled: false,
        });
        expect(
          recording.get("network:PrivateDnsZoneGroup", `dr-asr-pe-dns-${code}`).inputs.privateDnsZoneConfigs,
        ).to.deep.equal([{ name: "site-recovery", privateDnsZoneId: zone.id }]);
      }
    });

    it("builds them before anything else in the vault", () => {
      const before = ["eus2", "cus"].flatMap((code) => [
        recording.get("network:PrivateEndpoint", `dr-asr-pe-${code}`).urn,
        recording.get("network:PrivateDnsZoneGroup", `dr-asr-pe-dns-${code}`).urn,
        recording.get("privatedns:VirtualNetworkLink", `dr-asr-dnslink-${code}`).urn,
      ]);
      for (const first of [
        recording.get("ReplicationFabric", "dr-fabric-eus2"),
        recording.get("ReplicationFabric", "dr-fabric-cus"),
        recording.get("ReplicationPolicy", "dr-policy"),
      ]) {
        expect(first.dependencies).to.include.members(before);
      }
    });

    it("uses the zones given instead of creating them, and can turn the vault's public access off", async () => {
      const { recording: r } = await build({
        privateEndpoints: {
          subnetIds: { primary: "/s/p", standby: "/s/s" },
          privateDnsZoneIds: { primary: "/zones/hub", standby: "/zones/hub2" },
        },
        vaultPublicNetworkAccess: "Disabled",
      });
      expect(r.ofType("privatedns:PrivateZone")).to.deep.equal([]);
      expect(
        r.get("network:PrivateDnsZoneGroup", "dr-asr-pe-dns-cus").inputs.privateDnsZoneConfigs,
      ).to.deep.equal([{ name: "site-recovery", privateDnsZoneId: "/zones/hub2" }]);
      const vault = r.ofType("recoveryservices:Vault")[0];
      expect((vault.inputs.properties as { publicNetworkAccess: string }).publicNetworkAccess).to.equal(
        "Disabled",
      );
    });
  });

  it("uses a Premium block blob cache for high churn, and reports each VM's tier", async () => {
    const { recording, component } = await build({
      churn: "high",
      virtualMachines: [
        { ...base.virtualMachines[0], memoryGiB: 512 },
        { ...base.virtualMachines[1], memoryGiB: 64 },
      ],
    });
    for (const cache of ["dr-cache-eus2", "dr-rcache-cus"]) {
      const account = recording.get("storage:StorageAccount", cache);
      expect(account.inputs).to.deep.include({ kind: "BlockBlobStorage", sku: { name: "Premium_ZRS" } });
      // A Premium cache takes Storage Blob Data Owner instead of Contributor.
      const roles = recording
        .ofType("RoleAssignment")
        .filter((g) => g.inputs.scope === account.id)
        .map((g) => (g.inputs.roleDefinitionId as string).split("/").pop());
      expect(roles).to.include("b7e6dc6d-f1e8-4753-8033-0f276bb0955b");
    }
    expect(component.protectedVms.map((v) => [v.name, v.churnTier, v.churnLimitMBps])).to.deep.equal([
      ["vector-db", "enhanced", 500],
      ["agent-host", "high", 100],
    ]);
    expect(component.protectedVms[1].churnReason).to.include(
      "enhanced churn needs 256 GB RAM, the VM has 64",
    );
  });

  it("caps high churn at 100 MB/s where the regions are outside the enhanced list", async () => {
    const { component } = await build({
      churn: "high",
      regions: { primary: "eastus", standby: "westus" },
      virtualMachines: [{ ...base.virtualMachines[0], memoryGiB: 512 }],
    });
    expect(component.protectedVms[0]).to.include({ churnTier: "high", churnLimitMBps: 100 });
    expect(component.protectedVms[0].churnReason).to.include("not offered for eastus -> westus");
  });

  it("takes the replication policy options and turns multi-VM sync off", async () => {
    const { recording } = await build({
      replicationPolicy: {
        recoveryPointRetentionHours: 72,
        appConsistentFrequencyMinutes: 60,
        multiVmSync: false,
      },
    });
    expect(
      (
        recording.get("ReplicationPolicy", "dr-policy").inputs.properties as {
          providerSpecificInput: unknown;
        }
      ).providerSpecificInput,
    ).to.deep.include({
      recoveryPointHistory: 4320,
      appConsistentFrequencyInMinutes: 60,
      multiVmSyncStatus: "Disable",
    });
    expect(a2a(recording.get("ReplicationProtectedItem", "dr-item-vector-db"))).not.to.have.property(
      "multiVmGroupName",
    );
  });

  it("fails over into a MirroredNetwork's VNets when given its descriptor", async () => {
    const recording = await record(() => {
      const net = new MirroredNetwork("net", {
        regions: base.regions,
        resourceGroups: base.resourceGroups,
        addressSpace: "10.20.0.0/16",
        standbyAddressSpace: "same",
        subnets: [{ name: "agents", addressPrefix: "10.20.1.0/24" }],
        drill: true,
      });
      new SiteRecovery("dr", { ...base, network: net.descriptor });
    });
    expect(
      a2a(recording.get("ReplicationProtectedItem", "dr-item-vector-db")).recoveryAzureNetworkId,
    ).to.equal(recording.get("VirtualNetwork", "net-vnet-cus").id);
  });

  describe("fails at construction, registering nothing, on", () => {
    const vm = base.virtualMachines[0];
    const cases: [string, Partial<SiteRecoveryArgs>, string, RegExp][] = [
      [
        "private endpoints in one region only",
        { privateEndpoints: { subnetIds: { primary: "/s/p" } as never } },
        "privateEndpoints.subnetIds",
        /must give a subnet id for both primary and standby/,
      ],
      [
        "half the private DNS zones",
        {
          privateEndpoints: {
            subnetIds: { primary: "/s/p", standby: "/s/s" },
            privateDnsZoneIds: { primary: "/z" } as never,
          },
        },
        "privateEndpoints.privateDnsZoneIds",
        /must give a zone id for both primary and standby/,
      ],
      [
        "one zone for both vault endpoints",
        {
          privateEndpoints: {
            subnetIds: { primary: "/s/p", standby: "/s/s" },
            privateDnsZoneIds: { primary: "/zones/one", standby: "/ZONES/One" },
          },
        },
        "privateEndpoints.privateDnsZoneIds",
        /gives one zone \("\/zones\/one"\) for both endpoints: the second would overwrite the first's records/,
      ],
      [
        "vault endpoints' zones in one group for both regions",
        {
          resourceGroups: { primary: "rg-all", standby: "rg-all" },
          privateEndpoints: { subnetIds: { primary: "/s/p", standby: "/s/s" } },
        },
        "privateEndpoints.privateDnsZoneIds",
        /both are "rg-all", which can hold one zone of that name/,
      ],
      [
        "a private vault without private endpoints",
        { vaultPublicNetworkAccess: "Disabled" },
        "vaultPublicNetworkAccess",
        /leaves the VMs no way to the vault: give privateEndpoints too/,
      ],
      [
        "an unknown public access value",
        { vaultPublicNetworkAccess: "Off" as never },
        "vaultPublicNetworkAccess",
        /must be "Enabled" or "Disabled", but got "Off"/,
      ],
      [
        "Premium SSD v2 for an OS disk",
        {
          virtualMachines: [{ ...vm, osDisk: { diskId: vm.osDisk.diskId, targetDiskType: "PremiumV2_LRS" } }],
        },
        "virtualMachines[0].osDisk.targetDiskType",
        /cannot be "PremiumV2_LRS": Premium SSD v2 and Ultra disks cannot be OS disks/,
      ],
      [
        "Premium SSD v2 where the standby does not offer it",
        {
          churn: "high",
          regions: { primary: "francecentral", standby: "francesouth" },
          virtualMachines: [
            {
              ...vm,
              dataDisks: [
                { name: "data", diskId: diskId("vector-db-data"), targetDiskType: "PremiumV2_LRS" },
              ],
            },
          ],
        },
        "virtualMachines[0].dataDisks[0].targetDiskType",
        /"PremiumV2_LRS" is not offered in the standby region francesouth/,
      ],
      [
        "source and target in the same region",
        { regions: { primary: "eastus2", standby: "eastus2" } },
        "regions.standby",
        /must differ from regions\.primary/,
      ],
      ["no VMs", { virtualMachines: [] }, "virtualMachines", /at least one VM to protect/],
      [
        "a disk listed twice",
        {
          virtualMachines: [
            vm,
            { name: "other", vmId: vmId("other"), osDisk: { diskId: diskId("vector-db-data") } },
          ],
        },
        "virtualMachines[1].osDisk.diskId",
        /is the same disk as virtualMachines\[0\]\.dataDisks\[0\]\.diskId/,
      ],
      [
        "an app-consistent frequency of 30 minutes",
        { replicationPolicy: { appConsistentFrequencyMinutes: 30 } },
        "replicationPolicy.appConsistentFrequencyMinutes",
        /0 \(off\) or a whole number of minutes from 60 to 720/,
      ],
      [
        "an app-consistent frequency beyond the retention",
        { replicationPolicy: { recoveryPointRetentionHours: 2, appConsistentFrequencyMinutes: 180 } },
        "replicationPolicy.appConsistentFrequencyMinutes",
        /cannot exceed the retention \(120 minutes\)/,
      ],
      [
        "a crash-consistent frequency of 1 minute",
        { replicationPolicy: { crashConsistentFrequencyMinutes: 1 } },
        "replicationPolicy.crashConsistentFrequencyMinutes",
        /from 5 to 60/,
      ],
      [
        "a retention beyond 15 days",
        { replicationPolicy: { recoveryPointRetentionHours: 400 } },
        "replicationPolicy.recoveryPointRetentionHours",
        /from 1 to 360/,
      ],
      [
        "Premium SSD v2 without High Churn's Premium block blob cache",
        {
          virtualMachines: [
            {
              ...vm,
              dataDisks: [
                { name: "data", diskId: diskId("vector-db-data"), targetDiskType: "PremiumV2_LRS" },
              ],
            },
          ],
        },
        "virtualMachines[0].dataDisks[0].targetDiskType",
        /"PremiumV2_LRS" needs a Premium block blob cache: "High Churn is the only option available to protect VMs using Premium SSD v2\/Ultra Disks"\. Set churn: "high"/,
      ],
      [
        "an agent update account that is not an id",
        { agentAutoUpdate: { automationAccountId: "" } },
        "agentAutoUpdate",
        /must be true, false or \{ automationAccountId \}/,
      ],
      [
        "enhanced churn where it is not offered",
        { churn: "enhanced", regions: { primary: "eastus", standby: "westus" } },
        "churn",
        /churn "enhanced" is not offered in eastus: both regions must be in Site Recovery's enhanced-churn list/,
      ],
      [
        "enhanced churn on a small VM",
        { churn: "enhanced", virtualMachines: [{ ...vm, memoryGiB: 128 }] },
        "virtualMachines[0].memoryGiB",
        /needs VMs with at least 256 GB of memory/,
      ],
      [
        "a zone in a standby without zones",
        {
          regions: { primary: "eastus2", standby: "northcentralus" },
          virtualMachines: [{ ...vm, targetAvailabilityZone: "2" }],
        },
        "virtualMachines[0].targetAvailabilityZone",
        /northcentralus has no availability zones/,
      ],
      [
        "a VM id that is not a VM",
        { virtualMachines: [{ ...vm, vmId: "vector-db" }] },
        "virtualMachines[0].vmId",
        /must be the ARM id of a virtual machine/,
      ],
      [
        "a VM without subnet",
        { recoverySubnetName: undefined },
        "virtualMachines[0].recoverySubnetName",
        /is required when the component has no recoverySubnetName/,
      ],
      ["no network", { network: undefined as never }, "network", /must give the primary and standby VNets/],
      [
        "backup that is not an object",
        { backup: "yes" as never },
        "backup",
        /must be true, false or an object/,
      ],
      [
        "a backup time off the half hour",
        { backup: { scheduleTimeUtc: "01:15" } },
        "backup.scheduleTimeUtc",
        /on the hour or the half hour, "HH:00" or "HH:30".*got "01:15"/,
      ],
      [
        "daily backups kept under 7 days",
        { backup: { dailyRetentionDays: 3 } },
        "backup.dailyRetentionDays",
        /from 7 to 9999.*got 3/,
      ],
      [
        "weekly retention that is not a whole number",
        { backup: { weeklyRetentionWeeks: 1.5 } },
        "backup.weeklyRetentionWeeks",
        /whole number from 0 to 9999.*got 1.5/,
      ],
      [
        "instant restore beyond 30 days",
        { backup: { instantRestoreDays: 31 } },
        "backup.instantRestoreDays",
        /from 1 to 30.*got 31/,
      ],
      [
        "an unknown storage redundancy",
        { backup: { storageRedundancy: "RAGRS" as never } },
        "backup.storageRedundancy",
        /must be "GeoRedundant", "ZoneRedundant", "LocallyRedundant", but got "RAGRS"/,
      ],
      [
        "zone-redundant backups where the primary has no zones",
        {
          regions: { primary: "northcentralus", standby: "southcentralus" },
          backup: { storageRedundancy: "ZoneRedundant" },
        },
        "backup.storageRedundancy",
        /needs availability zones, which northcentralus does not have/,
      ],
      [
        "an unknown immutability state",
        { backup: { immutability: "On" as never } },
        "backup.immutability",
        /must be "Unlocked", "Locked", "Disabled", but got "On"/,
      ],
      [
        "soft delete off",
        { backup: { softDelete: "Disabled" as never } },
        "backup.softDelete",
        /must be "Enabled", "AlwaysON", but got "Disabled"/,
      ],
      [
        "soft delete kept 7 days",
        { backup: { softDeleteRetentionDays: 7 } },
        "backup.softDeleteRetentionDays",
        /from 14 to 180.*got 7/,
      ],
      [
        "an unknown public network access",
        { backup: { publicNetworkAccess: "Off" as never } },
        "backup.publicNetworkAccess",
        /must be "Enabled", "Disabled", but got "Off"/,
      ],
      [
        "public network access denied on a vault with Cross Region Restore (Microsoft does not support it)",
        { backup: { publicNetworkAccess: "Disabled" } },
        "backup.publicNetworkAccess",
        /"Disabled" with Cross Region Restore.*not supported.*crossRegionRestore: false/,
      ],
      [
        "Cross Region Restore on a zone-redundant vault",
        { backup: { storageRedundancy: "ZoneRedundant", crossRegionRestore: true } },
        "backup.crossRegionRestore",
        /paired region of a "GeoRedundant" vault, but the vault is "ZoneRedundant" in eastus2/,
      ],
      [
        "a VM id without a resource group, with backup on",
        { virtualMachines: [{ ...vm, vmId: "/providers/Microsoft.Compute/virtualMachines/vector-db" }] },
        "virtualMachines[0].vmId",
        /must be the ARM id of a virtual machine \(".*resourceGroups/,
      ],
    ];
    for (const [what, over, argument, message] of cases) {
      it(what, () =>
        expectConstructionFailure(() => new SiteRecovery("dr", { ...base, ...over }), argument, message),
      );
    }
  });

  it("publishes the documented churn numbers", () => {
    expect(churnLimits).to.deep.equal({
      normal: { perVmMBps: 54, perDiskMBps: 20 },
      high: { perVmMBps: 100, perDiskMBps: 50 },
      enhanced: { perVmMBps: 500, perDiskMBps: 250 },
    });
    expect(
      churnTierFor(regionPair({ primary: "eastus2", standby: "centralus" }), "high", undefined).reason,
    ).to.include("give memoryGiB to know");
    expect(resolvePolicy(undefined)).to.deep.equal({
      recoveryPointHistoryMinutes: 1440,
      appConsistentFrequencyMinutes: 240,
      crashConsistentFrequencyMinutes: 5,
      multiVmSync: true,
    });
  });
});
