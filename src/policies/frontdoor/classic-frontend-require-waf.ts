import { ResilienceCheck, at } from "../model";
import { frontDoorSources } from "./helpers";

/**
 * Every frontend of a classic Front Door has a WAF policy linked: built-in policy 055aa869 ("Azure Web Application
 * Firewall should be enabled for Azure Front Door entry-points", which reads
 * frontendEndpoints[*].webApplicationFirewallPolicyLink.id). Classic retires on March 31, 2027.
 */
export const frontdoorClassicFrontendRequireWaf: ResilienceCheck = {
  name: "frontdoor-classic-frontend-require-waf",
  area: "frontdoor",
  description: "Every frontend endpoint of a Front Door (classic) has a WAF policy linked.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Set frontendEndpoints[].webApplicationFirewallPolicyLink.id to a frontdoor.Policy (sku Classic_AzureFrontDoor, Prevention mode) on each frontend; better, migrate to a Standard/Premium profile.",
  sources: [
    "/providers/Microsoft.Authorization/policyDefinitions/055aa869-bc98-4af8-bafc-23f1ab6ffe2c",
    frontDoorSources.classicRetirement,
  ],
  resourceTypes: ["azure-native:frontdoor:FrontDoor"],
  validateResource(resource, _config, report) {
    const frontends = resource.props.frontendEndpoints;
    const list = Array.isArray(frontends) ? (frontends as Record<string, unknown>[]) : [];
    const open = list.filter((f) => !at(f, "webApplicationFirewallPolicyLink.id"));
    if (list.length > 0 && open.length > 0)
      report(
        `frontend(s) ${open.map((f) => String(f.name ?? f.hostName ?? "?")).join(", ")} have no WAF policy: nothing filters attacks before they reach the backends.`,
      );
  },
};
