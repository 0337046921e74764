import { ResilienceCheck, at, is } from "../model";

/**
 * The WAF has an enabled rate-limit rule (built-in policy e52e8487, "Enable Rate Limit rule to protect against DDoS
 * attacks on Azure Front Door WAF"): one client cannot flood the origins.
 */
export const frontdoorWafPolicyRequireRateLimit: ResilienceCheck = {
  name: "frontdoor-waf-policy-require-rate-limit",
  area: "frontdoor",
  description: "Front Door WAF policies have an enabled rate-limit custom rule.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Add customRules.rules [{ ruleType: 'RateLimitRule', rateLimitThreshold, rateLimitDurationInMinutes: 1, groupBy: [{ variableName: 'SocketAddr' }], action: 'Block', matchConditions, priority }] to the frontdoor.Policy.",
  libraryRemediation:
    "FrontDoorFailover's WAF limits each socket IP to `rateLimitPerMinute` (default 1000); keep it, and exempt shared egress with `rateLimitExemptAddresses`.",
  sources: [
    "/providers/Microsoft.Authorization/policyDefinitions/e52e8487-4a97-48ac-b3e6-1c3cef45d298",
    "https://learn.microsoft.com/azure/web-application-firewall/afds/waf-front-door-rate-limit",
  ],
  resourceTypes: ["azure-native:frontdoor:Policy"],
  validateResource(resource, _config, report) {
    const rules = at(resource.props, "customRules.rules");
    const limited =
      Array.isArray(rules) &&
      (rules as { ruleType?: unknown; enabledState?: unknown }[]).some(
        (r) => is(r.ruleType, "RateLimitRule") && !is(r.enabledState, "Disabled"),
      );
    if (!limited)
      report(
        `WAF policy ${resource.name} has no enabled rate-limit rule: a single client can flood the origins (and the models' quota behind them).`,
      );
  },
};
