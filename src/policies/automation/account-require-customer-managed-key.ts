import { ResilienceCheck, at, is } from "../model";

/** Automation assets are encrypted with a key the customer holds, where regulation asks for it. */
export const automationAccountRequireCustomerManagedKey: ResilienceCheck = {
  name: "automation-account-require-customer-managed-key",
  area: "automation",
  description:
    "Automation accounts encrypt their assets with a customer-managed key (encryption.keySource Microsoft.Keyvault); the default is a Microsoft-managed key.",
  severity: "low",
  enforcementLevel: "advisory",
  remediation:
    'Set encryption: { keySource: "Microsoft.Keyvault", keyVaultProperties: { keyvaultUri, keyName }, identity } with a key vault that has purge protection, where your compliance rules ask for customer-managed keys.',
  libraryRemediation:
    "FailoverAutomation and SiteRecovery leave encryption with Microsoft-managed keys; no argument changes it: disable this policy or encrypt the accounts yourself.",
  sources: [
    "/providers/Microsoft.Authorization/policyDefinitions/56a5ee18-2ae6-4810-86f7-18e39ce5629b",
    "https://learn.microsoft.com/azure/automation/automation-secure-asset-encryption",
  ],
  resourceTypes: ["azure-native:automation:AutomationAccount"],
  validateResource(resource, _config, report) {
    if (!is(at(resource.props, "encryption.keySource"), "Microsoft.Keyvault"))
      report(
        `Automation account ${resource.name} encrypts its assets with a Microsoft-managed key, not a customer-managed one.`,
      );
  },
};
