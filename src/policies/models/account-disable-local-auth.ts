import { ResilienceCheck, at } from "../model";

/** Model accounts accept Entra ID tokens only: no API keys to leak or rotate. */
export const modelsAccountDisableLocalAuth: ResilienceCheck = {
  name: "models-account-disable-local-auth",
  area: "models",
  description: "Azure OpenAI / AI Services accounts have local (key) authentication disabled.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Set properties.disableLocalAuth: true and call the models with managed identities (Cognitive Services OpenAI User).",
  resourceTypes: ["azure-native:cognitiveservices:Account"],
  validateResource(resource, _config, report) {
    if (at(resource.props, "properties.disableLocalAuth") !== true)
      report("local (key) authentication is on: keys can be copied, leaked and used from anywhere.");
  },
};
