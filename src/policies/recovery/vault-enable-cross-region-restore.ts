import { ResilienceCheck, at, is, ofType } from "../model";
import { backupTypes, backupVaultKeys, holdsBackups } from "./helpers";

/** Backups survive a regional outage and can be restored in the paired region. */
export const recoveryVaultEnableCrossRegionRestore: ResilienceCheck = {
  name: "recovery-vault-enable-cross-region-restore",
  area: "recovery",
  description:
    "Recovery Services vaults that hold Azure Backup data are GeoRedundant with Cross Region Restore enabled (vaults used only by Site Recovery are exempt: they hold metadata).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    'Set properties.redundancySettings: { standardTierStorageRedundancy: "GeoRedundant", crossRegionRestore: "Enabled" } (redundancy can only change before the first backup; Cross Region Restore cannot be turned off once on).',
  sources: [
    "https://azure.github.io/Azure-Proactive-Resiliency-Library-v2/azure-resources/RecoveryServices/vaults/#enable-cross-region-restore-for-your-grs-recovery-services-vault",
    "https://learn.microsoft.com/azure/backup/backup-create-recovery-services-vault#set-cross-region-restore",
  ],
  resourceTypes: ["azure-native:recoveryservices:Vault", ...backupTypes],
  validateStack(resources, _config, report) {
    const backupVaults = backupVaultKeys(resources);
    if (backupVaults.size === 0) return;
    for (const vault of ofType(resources, "azure-native:recoveryservices:Vault")) {
      if (!holdsBackups(backupVaults, vault)) continue;
      const settings = (at(vault.props, "properties.redundancySettings") ?? {}) as Record<string, unknown>;
      // A vault's storage is GeoRedundant unless set otherwise.
      const redundancy = settings.standardTierStorageRedundancy ?? "GeoRedundant";
      if (!is(redundancy, "GeoRedundant"))
        report(
          `vault ${vault.name} holds backups on ${String(redundancy)} storage: a regional outage leaves nothing to restore from.`,
          vault.urn,
        );
      else if (!is(settings.crossRegionRestore, "Enabled"))
        report(
          `vault ${vault.name} is GeoRedundant without Cross Region Restore: its secondary copy cannot be restored until Microsoft declares a disaster.`,
          vault.urn,
        );
    }
  },
};
