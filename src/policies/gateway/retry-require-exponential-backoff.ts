import { ResilienceCheck, apimPolicies, findElements } from "../model";

/** `retry` policies back off exponentially (interval, max-interval and delta all set) and are bounded. */
export const gatewayRetryRequireExponentialBackoff: ResilienceCheck = {
  name: "gateway-retry-require-exponential-backoff",
  area: "gateway",
  description:
    "API Management retry policies use exponential backoff (interval, max-interval and delta all set) and a bounded count; never an immediate retry loop.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    'Write <retry count="3" interval="1" max-interval="30" delta="2" first-fast-retry="true" ...>: the first retry may go at once to another backend, the rest back off.',
  libraryRemediation:
    "AiGateway's `retry` sets interval, max-interval and delta (defaults 1 s, 8 s, 1 s); keep `deltaSeconds` and `maxIntervalSeconds` positive and `count` within 1-50.",
  sources: ["https://learn.microsoft.com/azure/api-management/retry-policy"],
  resourceTypes: [
    "azure-native:apimanagement:Policy",
    "azure-native:apimanagement:ApiPolicy",
    "azure-native:apimanagement:ApiOperationPolicy",
    "azure-native:apimanagement:ProductPolicy",
  ],
  validateStack(resources, _config, report) {
    for (const { resource, xml } of apimPolicies(resources)) {
      for (const retry of findElements(xml, "retry")) {
        const missing = ["interval", "max-interval", "delta"].filter((a) => retry[a] === undefined);
        if (missing.length > 0) {
          report(
            `retry in ${resource.name} has no ${missing.join(", ")}: that is ${retry.delta === undefined && retry["max-interval"] === undefined ? "a fixed" : "a linear"} interval, not exponential backoff (a thundering herd on 429).`,
            resource.urn,
          );
        } else if (Number(retry.delta) <= 0 || Number(retry["max-interval"]) <= 0) {
          report(
            `retry in ${resource.name} has delta ${retry.delta} and max-interval ${retry["max-interval"]}: the backoff never grows.`,
            resource.urn,
          );
        }
        const count = Number(retry.count);
        if (!(count >= 1 && count <= 50))
          report(
            `retry in ${resource.name} has count ${JSON.stringify(retry.count)}: bound it between 1 and 50.`,
            resource.urn,
          );
      }
    }
  },
};
