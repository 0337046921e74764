import { ResilienceCheck, at, is, ofType } from "../model";
import { backupTypes, backupVaultKeys, holdsBackups } from "./helpers";

/** Backup vaults are reached through private endpoints only. */
export const recoveryVaultRestrictPublicAccess: ResilienceCheck = {
  name: "recovery-vault-restrict-public-access",
  area: "recovery",
  description:
    "Recovery Services vaults that hold Azure Backup data disable public network access (properties.publicNetworkAccess Disabled); Microsoft documents this for Azure Backup, not Site Recovery.",
  severity: "low",
  enforcementLevel: "advisory",
  remediation:
    'Set properties.publicNetworkAccess: "Disabled" and give the vault private endpoints (sub-resource AzureBackup) in the VNets that back up.',
  libraryRemediation:
    'SiteRecovery\'s backup vault has public network access off unless backup.publicNetworkAccess says "Enabled"; its Site Recovery vault takes vaultPublicNetworkAccess: "Disabled" together with privateEndpoints.',
  sources: [
    "/providers/Microsoft.Authorization/policyDefinitions/9ebbbba3-4d65-4da9-bb67-b22cfaaff090",
    "https://learn.microsoft.com/azure/backup/private-endpoints",
  ],
  resourceTypes: ["azure-native:recoveryservices:Vault", ...backupTypes],
  validateStack(resources, _config, report) {
    const backupVaults = backupVaultKeys(resources);
    if (backupVaults.size === 0) return;
    for (const vault of ofType(resources, "azure-native:recoveryservices:Vault")) {
      const access = at(vault.props, "properties.publicNetworkAccess");
      if (holdsBackups(backupVaults, vault) && !is(access, "Disabled"))
        report(
          `vault ${vault.name} holds backups and is reachable from public networks (publicNetworkAccess ${access === undefined ? "unset, so Enabled" : String(access)}).`,
          vault.urn,
        );
    }
  },
};
