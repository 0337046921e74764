import { ResilienceCheck, is } from "../model";

/**
 * APIs accept encrypted protocols only: built-in policy ee7495e7 ("API Management APIs should use encrypted
 * protocols only": no http or ws).
 */
export const gatewayApiRequireHttps: ResilienceCheck = {
  name: "gateway-api-require-https",
  area: "gateway",
  description: "API Management APIs accept only encrypted protocols (https, wss), never http or ws.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation: "Set protocols ['https'] (and 'wss' for WebSocket APIs) on the apimanagement.Api.",
  libraryRemediation: "AiGateway's API accepts https only; rebuild the API from the component.",
  sources: ["/providers/Microsoft.Authorization/policyDefinitions/ee7495e7-3ba7-40b6-bfee-c29e22cc75d4"],
  resourceTypes: ["azure-native:apimanagement:Api"],
  validateResource(resource, _config, report) {
    const protocols = resource.props.protocols;
    if (!Array.isArray(protocols)) return;
    const clear = protocols.filter((p) => is(p, "http", "ws"));
    if (clear.length > 0)
      report(
        `API ${String(resource.props.displayName ?? resource.name)} accepts ${clear.join(", ")}: tokens, keys and prompts cross the network in clear text.`,
      );
  },
};
