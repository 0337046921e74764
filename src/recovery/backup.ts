import { fail, show } from "../errors";
import type { AzureRegion } from "../regions/catalog";

/**
 * Azure Backup of the VMs Site Recovery protects. Replication is not backup: Site Recovery keeps at most 15 days of
 * recovery points and replicates corruption and deletions within minutes, while Backup keeps point-in-time copies
 * for weeks or years. Microsoft: "Both services provide complementary but different functionality"
 * (https://learn.microsoft.com/azure/backup/backup-overview#whats-the-difference-between-azure-backup-and-azure-site-recovery).
 */
export interface VmBackupSpec {
  /**
   * Time of the daily backup, UTC, `HH:00` or `HH:30`: the REST spec's examples send one `scheduleRunTimes` entry on
   * the hour (IaaS_v2_daily.json); whether the API takes other minutes is unconfirmed, so the library keeps to the
   * hour and the half hour.
   * @default "01:00"
   */
  scheduleTimeUtc?: string;
  /**
   * Days each daily recovery point is kept, 7-9999 ("Maximum recovery points per protected instance: 9999",
   * https://learn.microsoft.com/azure/backup/backup-support-matrix-iaas#backup-frequency-and-retention; 7 is this
   * library's floor, as its policy pack's recovery-protectionpolicy-require-retention asks).
   * @default 30
   */
  dailyRetentionDays?: number;
  /** Weeks each Sunday recovery point is kept, 0 (none) to 9999 (the recovery point ceiling). @default 12 */
  weeklyRetentionWeeks?: number;
  /**
   * Days the instant-restore snapshots stay beside the disks, 1-30 (the Enhanced policy's range: "Longer retention
   * in snapshot (operational) tier up to 30 days", https://learn.microsoft.com/azure/backup/backup-azure-vms-enhanced-policy).
   * @default 7
   */
  instantRestoreDays?: number;
  /**
   * The vault's storage redundancy. `GeoRedundant` copies backups to the Azure paired region; it can only be changed
   * before the first item is protected.
   * @default - "GeoRedundant" when the primary region has an Azure pair, else "ZoneRedundant" where it has zones, else "LocallyRedundant"
   */
  storageRedundancy?: "GeoRedundant" | "ZoneRedundant" | "LocallyRedundant";
  /**
   * Cross Region Restore on a `GeoRedundant` vault: a restore in the paired region does not wait for Microsoft to
   * declare a disaster (APRL: "Enable Cross Region Restore for your GRS Recovery Services Vault"). It cannot be turned
   * off once on, and Microsoft does not support it together with public network access denied: "Denial of public
   * access is currently not supported for vaults that have cross-regions restore enabled"
   * (https://learn.microsoft.com/azure/backup/backup-azure-private-endpoints-configure-manage#deny-public-network-access-to-the-vault).
   * @default - true for a "GeoRedundant" vault in a region with an Azure pair
   */
  crossRegionRestore?: boolean;
  /**
   * Immutable vault: recovery points cannot be deleted or shortened before they expire. `Locked` cannot be undone.
   * https://learn.microsoft.com/azure/backup/backup-azure-immutable-vault-concept
   * @default "Unlocked"
   */
  immutability?: "Unlocked" | "Locked" | "Disabled";
  /**
   * Soft delete of backup data: `Enabled` keeps deleted backups for `softDeleteRetentionDays`; `AlwaysON` also
   * makes that irreversible. https://learn.microsoft.com/azure/backup/backup-azure-security-feature-cloud
   * @default "Enabled"
   */
  softDelete?: "Enabled" | "AlwaysON";
  /** Days soft-deleted backup data is kept, 14-180 (Azure's default is 14). @default 14 */
  softDeleteRetentionDays?: number;
  /**
   * The vault's public network access. Azure VM backup "doesn't require private endpoints for backup and restore of
   * disks" (https://learn.microsoft.com/azure/backup/backup-azure-private-endpoints-concept), so it is off where
   * Microsoft supports that; file recovery from outside the VNets needs `"Enabled"` (or private endpoints of your
   * own). A vault with Cross Region Restore cannot deny public access (see `crossRegionRestore`), so it stays on there.
   * @default - "Enabled" with Cross Region Restore, else "Disabled"
   */
  publicNetworkAccess?: "Enabled" | "Disabled";
}

/** The validated backup settings. */
export interface ResolvedBackup {
  readonly scheduleTimeUtc: string;
  readonly dailyRetentionDays: number;
  readonly weeklyRetentionWeeks: number;
  readonly instantRestoreDays: number;
  readonly storageRedundancy: "GeoRedundant" | "ZoneRedundant" | "LocallyRedundant";
  readonly crossRegionRestore: boolean;
  readonly immutability: "Unlocked" | "Locked" | "Disabled";
  readonly softDelete: "Enabled" | "AlwaysON";
  readonly softDeleteRetentionDays: number;
  readonly publicNetworkAccess: "Enabled" | "Disabled";
}

const wholeIn = (argument: string, value: unknown, min: number, max: number, what: string): number => {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    fail(
      argument,
      `${argument} must be a whole number from ${min} to ${max} (${what}), but got ${show(value)}.`,
    );
  }
  return value;
};

const oneOf = <T extends string>(argument: string, value: unknown, allowed: readonly T[]): T => {
  if (!(allowed as readonly unknown[]).includes(value)) {
    fail(argument, `${argument} must be ${allowed.map((a) => `"${a}"`).join(", ")}, but got ${show(value)}.`);
  }
  return value as T;
};

/**
 * Validates the `backup` argument of SiteRecovery and works out the vault and policy settings for VMs in `region`.
 * `undefined` and `true` take every default; `false` turns Backup off.
 *
 * @throws InvalidArgumentError naming the argument, the value received and the fix.
 */
export function resolveBackup(
  region: AzureRegion,
  backup: boolean | VmBackupSpec | undefined,
): ResolvedBackup | undefined {
  if (backup === false) return undefined;
  if (
    backup !== undefined &&
    backup !== true &&
    (typeof backup !== "object" || backup === null || Array.isArray(backup))
  ) {
    fail("backup", `backup must be true, false or an object of settings, but got ${show(backup)}.`);
  }
  const spec: VmBackupSpec = backup === true || backup === undefined ? {} : backup;
  const time = spec.scheduleTimeUtc ?? "01:00";
  if (typeof time !== "string" || !/^([01]\d|2[0-3]):(00|30)$/.test(time)) {
    fail(
      "backup.scheduleTimeUtc",
      `backup.scheduleTimeUtc must be a UTC time on the hour or the half hour, "HH:00" or "HH:30" (e.g. "01:00"), but got ${show(time)}.`,
    );
  }
  const daily = wholeIn(
    "backup.dailyRetentionDays",
    spec.dailyRetentionDays ?? 30,
    7,
    9999,
    "days; Azure Backup keeps at most 9999 recovery points",
  );
  const weekly = wholeIn(
    "backup.weeklyRetentionWeeks",
    spec.weeklyRetentionWeeks ?? 12,
    0,
    9999,
    "weeks; 0 keeps none",
  );
  const instant = wholeIn(
    "backup.instantRestoreDays",
    spec.instantRestoreDays ?? 7,
    1,
    30,
    "days of instant-restore snapshots, the Enhanced policy's range",
  );
  const paired = region.pairedRegion !== undefined;
  const redundancy = oneOf(
    "backup.storageRedundancy",
    spec.storageRedundancy ??
      (paired ? "GeoRedundant" : region.availabilityZones ? "ZoneRedundant" : "LocallyRedundant"),
    ["GeoRedundant", "ZoneRedundant", "LocallyRedundant"] as const,
  );
  if (redundancy === "ZoneRedundant" && !region.availabilityZones) {
    fail(
      "backup.storageRedundancy",
      `backup.storageRedundancy "ZoneRedundant" needs availability zones, which ${region.name} does not have: use "GeoRedundant" or "LocallyRedundant".`,
    );
  }
  const immutability = oneOf("backup.immutability", spec.immutability ?? "Unlocked", [
    "Unlocked",
    "Locked",
    "Disabled",
  ] as const);
  const softDelete = oneOf("backup.softDelete", spec.softDelete ?? "Enabled", [
    "Enabled",
    "AlwaysON",
  ] as const);
  // 14-180 days: Azure CLI's own check ("Retention duration must be between 14 and 180 days", Azure/azure-cli
  // src/azure-cli/azure/cli/command_modules/backup/custom.py); customizable retention is enhanced soft delete's
  // (https://learn.microsoft.com/azure/backup/quick-backup-azure-enable-enhanced-soft-delete).
  const softDays = wholeIn(
    "backup.softDeleteRetentionDays",
    spec.softDeleteRetentionDays ?? 14,
    14,
    180,
    "days; Azure Backup's soft delete range",
  );
  const crossRegionRestore = spec.crossRegionRestore ?? (redundancy === "GeoRedundant" && paired);
  if (typeof crossRegionRestore !== "boolean") {
    fail(
      "backup.crossRegionRestore",
      `backup.crossRegionRestore must be true or false, but got ${show(crossRegionRestore)}.`,
    );
  }
  if (crossRegionRestore && (redundancy !== "GeoRedundant" || !paired)) {
    fail(
      "backup.crossRegionRestore",
      `backup.crossRegionRestore restores in the Azure paired region of a "GeoRedundant" vault, but the vault is ${show(redundancy)} in ${region.name}${paired ? "" : ", which has no Azure pair"}: leave crossRegionRestore unset.`,
    );
  }
  const access = oneOf(
    "backup.publicNetworkAccess",
    spec.publicNetworkAccess ?? (crossRegionRestore ? "Enabled" : "Disabled"),
    ["Enabled", "Disabled"] as const,
  );
  if (crossRegionRestore && access === "Disabled") {
    fail(
      "backup.publicNetworkAccess",
      'backup.publicNetworkAccess "Disabled" with Cross Region Restore: Microsoft does not support denying public access on a vault with Cross Region Restore ("Denial of public access is currently not supported for vaults that have cross-regions restore enabled"). ' +
        'Use "Enabled" (Azure VM backup needs no private endpoint), or set crossRegionRestore: false (which cannot be changed later).',
    );
  }
  return {
    scheduleTimeUtc: time,
    dailyRetentionDays: daily,
    weeklyRetentionWeeks: weekly,
    instantRestoreDays: instant,
    storageRedundancy: redundancy,
    // Cross Region Restore restores in the Azure paired region of a GeoRedundant vault.
    crossRegionRestore,
    immutability,
    softDelete,
    softDeleteRetentionDays: softDays,
    publicNetworkAccess: access,
  };
}

/**
 * Azure Backup's names for an Azure VM (Resource Manager) in a Recovery Services vault: the protection container
 * `IaasVMContainer;iaasvmcontainerv2;<resource group>;<vm>` and the protected item `VM;iaasvmcontainerv2;<resource
 * group>;<vm>`, in fabric `Azure`, as in the REST spec's example ProtectedItems_CreateOrUpdate
 * (Azure/azure-rest-api-specs specification/recoveryservicesbackup/resource-manager/Microsoft.RecoveryServices/stable/2024-10-01/examples/AzureIaasVm/ConfigureProtection.json).
 *
 * @throws InvalidArgumentError when `vmId` is not a virtual machine's ARM id.
 */
export function backupItemNames(vmId: string, argument = "vmId") {
  const match = /\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/virtualMachines\/([^/]+)$/i.exec(
    vmId,
  );
  if (!match) {
    fail(
      argument,
      `${argument} must be the ARM id of a virtual machine (".../resourceGroups/<group>/providers/Microsoft.Compute/virtualMachines/<name>"), but got ${show(vmId)}.`,
    );
  }
  const [, group, vm] = match;
  return {
    fabricName: "Azure",
    containerName: `IaasVMContainer;iaasvmcontainerv2;${group};${vm}`,
    protectedItemName: `VM;iaasvmcontainerv2;${group};${vm}`,
  };
}
