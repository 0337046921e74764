import { ResilienceCheck, hasManagedIdentity } from "../model";

/** Runbooks authenticate with a managed identity: Run As accounts were retired on 30 September 2023. */
export const automationAccountRequireManagedIdentity: ResilienceCheck = {
  name: "automation-account-require-managed-identity",
  area: "automation",
  description:
    "Automation accounts have a managed identity (identity.type SystemAssigned and/or UserAssigned).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    'Set identity: { type: "SystemAssigned" } (or a user-assigned identity) and grant it the roles the runbooks need; Run As accounts no longer exist.',
  libraryRemediation:
    "FailoverAutomation and SiteRecovery give their accounts a system-assigned identity; this account was made elsewhere.",
  sources: [
    "/providers/Microsoft.Authorization/policyDefinitions/dea83a72-443c-4292-83d5-54a2f98749c0",
    "https://learn.microsoft.com/azure/automation/automation-security-overview",
  ],
  resourceTypes: ["azure-native:automation:AutomationAccount"],
  validateResource(resource, _config, report) {
    if (!hasManagedIdentity(resource))
      report(
        `Automation account ${resource.name} has no managed identity: its runbooks have no credential to call Azure with.`,
      );
  },
};
