import { ResilienceCheck, hasManagedIdentity } from "../model";

/**
 * Model accounts have a managed identity: built-in policy fe3fd216 ("Cognitive Services accounts should use a managed
 * identity", on identity.type absent or None), so the account reaches Key Vault or storage without credentials.
 */
export const modelsAccountRequireManagedIdentity: ResilienceCheck = {
  name: "models-account-require-managed-identity",
  area: "models",
  description: "Azure OpenAI / AI Services accounts have a managed identity (system- or user-assigned).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Set identity { type: 'SystemAssigned' } (or 'UserAssigned' with userAssignedIdentities) on the cognitiveservices.Account.",
  libraryRemediation:
    "RegionalOpenAi's accounts have a system-assigned identity; rebuild the account from the component.",
  sources: ["/providers/Microsoft.Authorization/policyDefinitions/fe3fd216-4f83-4fc1-8984-2bbec80a3418"],
  resourceTypes: ["azure-native:cognitiveservices:Account"],
  validateResource(resource, _config, report) {
    if (!hasManagedIdentity(resource))
      report(
        "the account has no managed identity: customer-managed keys and other Azure resources can only be reached with stored credentials.",
      );
  },
};
