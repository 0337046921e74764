import { ResilienceCheck, at } from "../model";

/**
 * Model accounts accept Entra ID tokens only: no API keys to leak or rotate (built-in policy 71ef260a, "Cognitive
 * Services accounts should have local authentication methods disabled"; https://learn.microsoft.com/azure/ai-services/disable-local-auth).
 */
export const modelsAccountDisableLocalAuth: ResilienceCheck = {
  name: "models-account-disable-local-auth",
  area: "models",
  description: "Azure OpenAI / AI Services accounts have local (key) authentication disabled.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Set properties.disableLocalAuth: true and call the models with managed identities (Cognitive Services OpenAI User).",
  libraryRemediation:
    "RegionalOpenAi disables local auth on its accounts; the gateway reaches them with its managed identity. Rebuild the account from the component.",
  sources: [
    "/providers/Microsoft.Authorization/policyDefinitions/71ef260a-8f18-47b7-abcb-62d0673d94dc",
    "https://learn.microsoft.com/azure/ai-services/disable-local-auth",
  ],
  resourceTypes: ["azure-native:cognitiveservices:Account"],
  validateResource(resource, _config, report) {
    if (at(resource.props, "properties.disableLocalAuth") !== true)
      report("local (key) authentication is on: keys can be copied, leaked and used from anywhere.");
  },
};
