import type { CheckedResource } from "../../../src/policies/model";
import { PolicyCase, res, stack } from "./builder";

const VAULT = "azure-native:recoveryservices:Vault";
const PROTECTION_POLICY = "azure-native:recoveryservices:ProtectionPolicy";
const REPLICATION_POLICY = "azure-native:recoveryservices:ReplicationPolicy";
const ITEM = "azure-native:recoveryservices:ReplicationProtectedItem";
const FABRIC = "azure-native:recoveryservices:ReplicationFabric";
const VM = "azure-native:compute:VirtualMachine";
const BACKUP_ITEM = "azure-native:recoveryservices:ProtectedItem";

const vault = (properties: Record<string, unknown> = {}, over: Record<string, unknown> = {}) =>
  res(
    VAULT,
    {
      location: "centralus",
      vaultName: "backup-vault",
      sku: { name: "Standard" },
      properties: {
        publicNetworkAccess: "Disabled",
        redundancySettings: { standardTierStorageRedundancy: "GeoRedundant", crossRegionRestore: "Enabled" },
        securitySettings: {
          softDeleteSettings: { softDeleteState: "AlwaysON", softDeleteRetentionPeriodInDays: 14 },
          immutabilitySettings: { state: "Locked" },
        },
        ...properties,
      },
      ...over,
    },
    { name: "vault" },
  );
const backupPolicy = (retentionPolicy: Record<string, unknown>, vaultName = "backup-vault") =>
  res(
    PROTECTION_POLICY,
    {
      vaultName,
      policyName: "daily",
      properties: { backupManagementType: "AzureIaasVM", retentionPolicy },
    },
    { name: "daily" },
  );
const longTerm = (count: number, durationType = "Days") => ({
  retentionPolicyType: "LongTermRetentionPolicy",
  dailySchedule: { retentionTimes: ["2026-01-01T02:00:00Z"], retentionDuration: { count, durationType } },
});
const a2a = (over: Record<string, unknown> = {}) =>
  res(
    REPLICATION_POLICY,
    {
      resourceName: "asr-vault",
      policyName: "a2a",
      properties: {
        providerSpecificInput: {
          instanceType: "A2A",
          recoveryPointHistory: 1440,
          appConsistentFrequencyInMinutes: 240,
          crashConsistentFrequencyInMinutes: 5,
          multiVmSyncStatus: "Enable",
          ...over,
        },
      },
    },
    { name: "a2a" },
  );

const vm = res(VM, { location: "eastus2", tags: { tier: "1" } }, { name: "vector-store" });
const item = (disks: Record<string, unknown>[], dependsOn = [vm]) =>
  res(
    ITEM,
    {
      properties: {
        providerSpecificDetails: { instanceType: "A2A", fabricObjectId: vm.props.id, vmManagedDisks: disks },
      },
    },
    { dependsOn },
  );
const premiumDisk = {
  diskId: "/x/disks/os",
  recoveryReplicaDiskAccountType: "Premium_LRS",
  recoveryTargetDiskAccountType: "Premium_LRS",
};

const backupItem = (sourceResourceId: unknown, dependsOn: CheckedResource[] = []) =>
  res(
    BACKUP_ITEM,
    {
      vaultName: "backup-vault",
      fabricName: "Azure",
      properties: { protectedItemType: "Microsoft.Compute/virtualMachines", sourceResourceId },
    },
    { dependsOn },
  );

export const cases: Record<string, PolicyCase> = {
  "recovery-replicated-vm-require-backup": {
    compliant: [
      stack(vm, item([premiumDisk]), backupItem(vm.props.id, [vm])),
      // Found by id alone (a stack export, ids in another case), or by dependency alone.
      stack(vm, item([premiumDisk]), backupItem(String(vm.props.id).toUpperCase())),
      stack(vm, item([premiumDisk]), backupItem(undefined, [vm])),
      // A VM that is not replicated is another policy's business.
      stack(vm),
    ],
    failing: [
      {
        ...stack(vm, item([premiumDisk])),
        expect: /VM vector-store is replicated by Site Recovery but not backed up/,
      },
      {
        ...stack(
          vm,
          item([premiumDisk]),
          backupItem("/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/other"),
        ),
        expect: /VM vector-store is replicated by Site Recovery but not backed up/,
      },
    ],
  },
  "recovery-tier1-vm-require-replication": {
    compliant: [stack(vm, item([premiumDisk]))],
    failing: [{ ...stack(vm), expect: /tier-1 VM vector-store is not replicated/ }],
  },
  "recovery-replica-disk-require-premium": {
    compliant: [
      stack(item([premiumDisk, { ...premiumDisk, recoveryTargetDiskAccountType: "premiumv2_lrs" }])),
    ],
    failing: [
      {
        ...stack(item([{ ...premiumDisk, recoveryTargetDiskAccountType: "Standard_LRS" }])),
        expect: /disk os: recoveryTargetDiskAccountType is Standard_LRS/,
      },
      {
        ...stack(item([{ diskId: "/x/disks/data" }])),
        expect: /disk data: recoveryReplicaDiskAccountType is not set/,
      },
    ],
  },
  "recovery-vault-not-in-source-region": {
    compliant: [
      (() => {
        const v = vault();
        const fabric = res(FABRIC, {
          properties: { customDetails: { instanceType: "Azure", location: "eastus2" } },
        });
        return stack(v, fabric, item([premiumDisk], [vm, v, fabric]), vm);
      })(),
    ],
    failing: [
      (() => {
        const v = vault({}, { location: "eastus2" });
        return {
          ...stack(v, vm, item([premiumDisk], [vm, v])),
          expect: /vault vault is in eastus2, a region it protects/,
        };
      })(),
    ],
  },
  "recovery-vault-enable-soft-delete": {
    compliant: [stack(vault()), stack(vault({ securitySettings: undefined }))],
    failing: [
      {
        ...stack(vault({ securitySettings: { softDeleteSettings: { softDeleteState: "disabled" } } })),
        expect: /has soft delete off/,
      },
    ],
  },
  "recovery-vault-enable-immutability": {
    compliant: [
      stack(vault()),
      stack(vault({ securitySettings: { immutabilitySettings: { state: "unlocked" } } })),
    ],
    failing: [
      { ...stack(vault({ securitySettings: {} })), expect: /immutabilitySettings.state unset/ },
      {
        ...stack(vault({ securitySettings: { immutabilitySettings: { state: "Disabled" } } })),
        expect: /state Disabled/,
      },
    ],
  },
  "recovery-vault-require-zone-redundancy": {
    compliant: [
      stack(vault()),
      stack(vault({ redundancySettings: { standardTierStorageRedundancy: "ZoneRedundant" } })),
      stack(
        vault(
          { redundancySettings: { standardTierStorageRedundancy: "LocallyRedundant" } },
          { location: "northcentralus" },
        ),
      ),
    ],
    failing: [
      {
        ...stack(vault({ redundancySettings: { standardTierStorageRedundancy: "LocallyRedundant" } })),
        expect: /in centralus is LocallyRedundant/,
      },
      {
        ...stack(
          vault(
            { redundancySettings: { standardTierStorageRedundancy: "locallyredundant" } },
            { location: undefined },
          ),
        ),
        context: { defaultLocation: "eastus2" },
        expect: /in eastus2 is LocallyRedundant/,
      },
    ],
  },
  "recovery-vault-enable-cross-region-restore": {
    compliant: [
      stack(vault(), backupPolicy(longTerm(30))),
      // A Site Recovery vault holds metadata, not backups: exempt.
      stack(
        vault({
          redundancySettings: {
            standardTierStorageRedundancy: "ZoneRedundant",
            crossRegionRestore: "Disabled",
          },
        }),
        a2a(),
      ),
    ],
    failing: [
      {
        ...stack(
          vault({ redundancySettings: { standardTierStorageRedundancy: "ZoneRedundant" } }),
          backupPolicy(longTerm(30)),
        ),
        expect: /holds backups on ZoneRedundant storage/,
      },
      {
        ...stack(vault({ redundancySettings: undefined }), backupPolicy(longTerm(30))),
        expect: /GeoRedundant without Cross Region Restore/,
      },
    ],
  },
  "recovery-vault-restrict-public-access": {
    compliant: [
      stack(vault(), backupPolicy(longTerm(30))),
      stack(vault({ publicNetworkAccess: "Enabled" }), a2a()),
      // Cross Region Restore: Microsoft does not support denying public access there.
      stack(vault({ publicNetworkAccess: "Enabled" }), backupPolicy(longTerm(30))),
    ],
    failing: [
      {
        ...stack(
          vault({
            publicNetworkAccess: undefined,
            redundancySettings: { standardTierStorageRedundancy: "ZoneRedundant" },
          }),
          backupPolicy(longTerm(30)),
        ),
        expect: /publicNetworkAccess unset, so Enabled/,
      },
      {
        ...stack(
          vault({
            publicNetworkAccess: "Enabled",
            redundancySettings: {
              standardTierStorageRedundancy: "GeoRedundant",
              crossRegionRestore: "Disabled",
            },
          }),
          backupPolicy(longTerm(30)),
        ),
        expect: /publicNetworkAccess Enabled/,
      },
      {
        ...stack(
          res(
            "azure-native:recoveryservices/v20240401:Vault",
            { vaultName: "legacy", properties: { publicNetworkAccess: "Enabled" } },
            { name: "legacy" },
          ),
          backupPolicy(longTerm(30), "legacy"),
        ),
        expect: /vault legacy holds backups/,
      },
    ],
  },
  "recovery-protectionpolicy-require-retention": {
    compliant: [
      stack(backupPolicy(longTerm(30))),
      stack(
        backupPolicy({
          retentionPolicyType: "SimpleRetentionPolicy",
          retentionDuration: { count: 2, durationType: "Weeks" },
        }),
      ),
    ],
    failing: [
      { ...stack(backupPolicy(longTerm(3))), expect: /keeps daily recovery points for 3 days, fewer than 7/ },
      {
        ...stack(backupPolicy(longTerm(30))),
        settings: { minimumDays: 35 },
        expect: /30 days, fewer than 35/,
      },
    ],
  },
  "recovery-replicationpolicy-require-retention": {
    compliant: [stack(a2a()), stack(a2a({ recoveryPointHistory: 21600 }))],
    failing: [
      {
        ...stack(a2a({ recoveryPointHistory: 240 })),
        expect: /240 minutes \(recoveryPointHistory\), less than 1440/,
      },
      {
        ...stack(a2a({ recoveryPointHistory: 1440 })),
        settings: { minimumMinutes: 4320 },
        expect: /less than 4320/,
      },
    ],
  },
  "recovery-replicationpolicy-enable-app-consistency": {
    compliant: [stack(a2a())],
    failing: [
      { ...stack(a2a({ appConsistentFrequencyInMinutes: 0 })), expect: /takes no app-consistent snapshots/ },
    ],
  },
};
