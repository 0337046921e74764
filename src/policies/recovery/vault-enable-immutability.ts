import { ResilienceCheck, at, is } from "../model";

/** Recovery points cannot be deleted before they expire: the vault is immutable. */
export const recoveryVaultEnableImmutability: ResilienceCheck = {
  name: "recovery-vault-enable-immutability",
  area: "recovery",
  description:
    "Recovery Services vaults are immutable (securitySettings.immutabilitySettings.state Unlocked, or Locked to make it irreversible).",
  severity: "low",
  enforcementLevel: "advisory",
  remediation:
    'Set properties.securitySettings.immutabilitySettings: { state: "Unlocked" } (then "Locked" once the retention settings are final: locking cannot be undone).',
  libraryRemediation:
    "SiteRecovery's backup vault is immutable (backup.immutability, Unlocked by default); its Site Recovery vault holds replication metadata, not backups, and sets no immutability; no argument changes that one: disable this policy for it or set it on the vault yourself.",
  sources: [
    "/providers/Microsoft.Authorization/policyDefinitions/d6f6f560-14b7-49a4-9fc8-d2c3a9807868",
    "https://learn.microsoft.com/azure/backup/backup-azure-immutable-vault-concept",
  ],
  resourceTypes: ["azure-native:recoveryservices:Vault"],
  validateResource(resource, _config, report) {
    const state = at(resource.props, "properties.securitySettings.immutabilitySettings.state");
    if (!is(state, "Unlocked", "Locked"))
      report(
        `vault ${resource.name} is not immutable (immutabilitySettings.state ${state === undefined ? "unset" : String(state)}): recovery points can be deleted before they expire.`,
      );
  },
};
