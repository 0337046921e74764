import { ResilienceCheck, at } from "../model";

/**
 * A custom subdomain: needed for Entra ID authentication and for private endpoints
 * (https://learn.microsoft.com/azure/ai-services/cognitive-services-custom-subdomains).
 */
export const modelsAccountRequireCustomSubdomain: ResilienceCheck = {
  name: "models-account-require-custom-subdomain",
  area: "models",
  description: "Azure OpenAI / AI Services accounts have a custom subdomain.",
  severity: "medium",
  enforcementLevel: "mandatory",
  remediation: "Set properties.customSubDomainName to a globally unique name; it cannot be changed later.",
  libraryRemediation:
    "RegionalOpenAi gives each account `<subdomainPrefix>-<region code>-<random>`; set `subdomainPrefix` (default: the component name).",
  sources: ["https://learn.microsoft.com/azure/ai-services/cognitive-services-custom-subdomains"],
  resourceTypes: ["azure-native:cognitiveservices:Account"],
  validateResource(resource, _config, report) {
    const subdomain = at(resource.props, "properties.customSubDomainName");
    if (typeof subdomain !== "string" || subdomain === "")
      report("no custom subdomain: Entra ID authentication and private endpoints need one.");
  },
};
