import { ResilienceCheck, at, is, ofType } from "../model";
import { backupTypes, backupVaultKeys, holdsBackups } from "./helpers";

/** Backup vaults are reached through private endpoints only. */
export const recoveryVaultRestrictPublicAccess: ResilienceCheck = {
  name: "recovery-vault-restrict-public-access",
  area: "recovery",
  description:
    "Recovery Services vaults that hold Azure Backup data disable public network access (properties.publicNetworkAccess Disabled); Microsoft documents this for Azure Backup, not Site Recovery. Vaults with Cross Region Restore are exempt: Microsoft does not support denying their public access.",
  severity: "low",
  enforcementLevel: "advisory",
  remediation:
    'Set properties.publicNetworkAccess: "Disabled" and give the vault private endpoints (sub-resource AzureBackup) in the VNets that back up (not on a vault with Cross Region Restore, where Microsoft does not support it).',
  libraryRemediation:
    'SiteRecovery\'s backup vault has public network access off unless it has Cross Region Restore or backup.publicNetworkAccess says "Enabled"; its Site Recovery vault takes vaultPublicNetworkAccess: "Disabled" together with privateEndpoints.',
  sources: [
    "/providers/Microsoft.Authorization/policyDefinitions/9ebbbba3-4d65-4da9-bb67-b22cfaaff090",
    "https://learn.microsoft.com/azure/backup/private-endpoints",
    "https://learn.microsoft.com/azure/backup/backup-azure-private-endpoints-configure-manage#deny-public-network-access-to-the-vault",
  ],
  resourceTypes: ["azure-native:recoveryservices:Vault", ...backupTypes],
  validateStack(resources, _config, report) {
    const backupVaults = backupVaultKeys(resources);
    if (backupVaults.size === 0) return;
    for (const vault of ofType(resources, "azure-native:recoveryservices:Vault")) {
      const access = at(vault.props, "properties.publicNetworkAccess");
      // "Denial of public access is currently not supported for vaults that have cross-regions restore enabled."
      const crossRegionRestore = at(vault.props, "properties.redundancySettings.crossRegionRestore");
      if (holdsBackups(backupVaults, vault) && !is(access, "Disabled") && !is(crossRegionRestore, "Enabled"))
        report(
          `vault ${vault.name} holds backups and is reachable from public networks (publicNetworkAccess ${access === undefined ? "unset, so Enabled" : String(access)}).`,
          vault.urn,
        );
    }
  },
};
