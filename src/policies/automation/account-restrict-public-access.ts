import { ResilienceCheck } from "../model";

/** Automation accounts are reached through private endpoints, not the public Internet. */
export const automationAccountRestrictPublicAccess: ResilienceCheck = {
  name: "automation-account-restrict-public-access",
  area: "automation",
  description:
    "Automation accounts disable public network access (publicNetworkAccess: false; Azure's default is true).",
  severity: "low",
  enforcementLevel: "advisory",
  remediation:
    "Set publicNetworkAccess: false and reach the account through a private endpoint (sub-resources Webhook and DSCAndHybridWorker); alerts that start runbooks from outside the VNet then need another route.",
  libraryRemediation:
    "FailoverAutomation keeps public access on: an Azure alert cannot trigger an Automation webhook when public access is disabled (https://learn.microsoft.com/azure/automation/how-to/private-link-security); no argument changes it. SiteRecovery's agent-update account keeps it on too: its runbook is a cloud job, and Automation's private link does not support cloud jobs.",
  sources: [
    "/providers/Microsoft.Authorization/policyDefinitions/955a914f-bf86-4f0e-acd5-e0766b0efcb6",
    "https://learn.microsoft.com/azure/automation/how-to/private-link-security",
  ],
  resourceTypes: ["azure-native:automation:AutomationAccount"],
  validateResource(resource, _config, report) {
    if (resource.props.publicNetworkAccess !== false)
      report(
        `Automation account ${resource.name} is reachable from the public Internet (publicNetworkAccess ${resource.props.publicNetworkAccess === undefined ? "unset, so true" : String(resource.props.publicNetworkAccess)}).`,
      );
  },
};
