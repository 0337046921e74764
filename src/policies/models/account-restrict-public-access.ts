import { ResilienceCheck, at, is } from "../model";

/**
 * Model accounts are private, or at least deny by default: built-in policies 0725b4dd ("Cognitive Services accounts
 * should disable public network access") and 037eea7a ("Cognitive Services accounts should restrict network access",
 * networkAcls.defaultAction Deny).
 */
export const modelsAccountRestrictPublicAccess: ResilienceCheck = {
  name: "models-account-restrict-public-access",
  area: "models",
  description:
    "Azure OpenAI / AI Services accounts have public network access disabled, or network rules that deny by default.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Set properties.publicNetworkAccess 'Disabled' with a private endpoint, or networkAcls { defaultAction: 'Deny', ipRules }.",
  libraryRemediation:
    "Give RegionalOpenAi `privateEndpoints` (privateEndpointsIn(network.descriptor, ...)): public access is then disabled; or `allowedIpRanges` to deny by default.",
  sources: [
    "/providers/Microsoft.Authorization/policyDefinitions/0725b4dd-7e76-479c-a735-68e7ee23d5ca",
    "/providers/Microsoft.Authorization/policyDefinitions/037eea7a-bd0a-46c5-9a66-03aea78705d3",
    "https://learn.microsoft.com/azure/ai-services/cognitive-services-virtual-networks",
  ],
  resourceTypes: ["azure-native:cognitiveservices:Account"],
  validateResource(resource, _config, report) {
    const access = at(resource.props, "properties.publicNetworkAccess");
    const defaultAction = at(resource.props, "properties.networkAcls.defaultAction");
    if (!is(access, "Disabled") && !is(defaultAction, "Deny")) {
      report(
        `public network access is ${JSON.stringify(access ?? "Enabled")} with no deny-by-default network rules: the endpoint is open to the Internet.`,
      );
    }
  },
};
