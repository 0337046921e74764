import { ResilienceCheck, at, is } from "../model";

/** Deleted backup data stays recoverable for a while: soft delete stays on. */
export const recoveryVaultEnableSoftDelete: ResilienceCheck = {
  name: "recovery-vault-enable-soft-delete",
  area: "recovery",
  description:
    "Recovery Services vaults keep soft delete on (securitySettings.softDeleteSettings.softDeleteState not Disabled; Azure's default is on, 14 days).",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    'Set properties.securitySettings.softDeleteSettings: { softDeleteState: "Enabled" (or "AlwaysON", which cannot be turned off), softDeleteRetentionPeriodInDays: 14 or more }.',
  libraryRemediation: "SiteRecovery's vault has soft delete on for 14 days; this vault was made elsewhere.",
  sources: [
    "https://azure.github.io/Azure-Proactive-Resiliency-Library-v2/azure-resources/RecoveryServices/vaults/#enable-soft-delete-for-recovery-services-vaults-in-azure-backup",
    "/providers/Microsoft.Authorization/policyDefinitions/31b8092a-36b8-434b-9af7-5ec844364148",
    "https://learn.microsoft.com/azure/backup/backup-azure-security-feature-cloud",
  ],
  resourceTypes: ["azure-native:recoveryservices:Vault"],
  validateResource(resource, _config, report) {
    const state = at(resource.props, "properties.securitySettings.softDeleteSettings.softDeleteState");
    if (is(state, "Disabled"))
      report(
        `vault ${resource.name} has soft delete off: deleted backups (by mistake or by an attacker) are gone at once.`,
      );
  },
};
