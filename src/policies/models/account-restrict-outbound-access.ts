import { ResilienceCheck, at } from "../model";

/**
 * Model accounts may only call out to listed hosts: with restrictOutboundNetworkAccess true and allowedFqdnList,
 * "Azure AI services ... can be configured to restrict outbound network access" against data exfiltration
 * (https://learn.microsoft.com/azure/ai-services/cognitive-services-data-loss-prevention).
 */
export const modelsAccountRestrictOutboundAccess: ResilienceCheck = {
  name: "models-account-restrict-outbound-access",
  area: "models",
  description:
    "Azure OpenAI / AI Services accounts restrict outbound network access to an allow-list of host names (data loss prevention).",
  severity: "low",
  enforcementLevel: "advisory",
  remediation:
    "Set properties.restrictOutboundNetworkAccess true and properties.allowedFqdnList to the hosts the account must reach (e.g. its storage for On Your Data), or [] for inference only.",
  libraryRemediation:
    "RegionalOpenAi restricts outbound access by default: drop allowedOutboundHosts: false, and list the hosts a feature needs in allowedOutboundHosts.",
  sources: ["https://learn.microsoft.com/azure/ai-services/cognitive-services-data-loss-prevention"],
  resourceTypes: ["azure-native:cognitiveservices:Account"],
  validateResource(resource, _config, report) {
    if (at(resource.props, "properties.restrictOutboundNetworkAccess") !== true)
      report(
        "outbound network access is not restricted: features that fetch data (such as On Your Data) can send it to any host.",
      );
  },
};
