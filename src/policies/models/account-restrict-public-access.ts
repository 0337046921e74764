import { ResilienceCheck, at } from "../model";

/** Model accounts are private, or at least deny by default. */
export const modelsAccountRestrictPublicAccess: ResilienceCheck = {
  name: "models-account-restrict-public-access",
  area: "models",
  description:
    "Azure OpenAI / AI Services accounts have public network access disabled, or network rules that deny by default.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Set properties.publicNetworkAccess 'Disabled' with a private endpoint, or networkAcls { defaultAction: 'Deny', ipRules }.",
  resourceTypes: ["azure-native:cognitiveservices:Account"],
  validateResource(resource, _config, report) {
    const access = at(resource.props, "properties.publicNetworkAccess");
    const defaultAction = at(resource.props, "properties.networkAcls.defaultAction");
    if (access !== "Disabled" && defaultAction !== "Deny") {
      report(
        `public network access is ${JSON.stringify(access ?? "Enabled")} with no deny-by-default network rules: the endpoint is open to the Internet.`,
      );
    }
  },
};
