import { ResilienceCheck, at, is, ofType, referenced } from "../model";
import { frontDoorSources } from "./helpers";

/**
 * Every Front Door endpoint has a WAF policy in Prevention mode attached by a security policy (APRL 1bd2b7e8 "Enable
 * the WAF"; built-in policy 425bea59 asks for one WAF mode, Prevention here since Detection only logs).
 */
export const frontdoorEndpointRequireWafPrevention: ResilienceCheck = {
  name: "frontdoor-endpoint-require-waf-prevention",
  area: "frontdoor",
  description:
    "Every Front Door endpoint is protected by an enabled WAF policy in Prevention mode, attached by a security policy.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Create a frontdoor.Policy with policySettings { enabledState: 'Enabled', mode: 'Prevention' } and a cdn.SecurityPolicy associating it with the endpoint.",
  libraryRemediation:
    "FrontDoorFailover attaches its WAF to the endpoint and custom domains; keep `wafMode` 'Prevention' (the default) once tuning in 'Detection' is done.",
  sources: [
    frontDoorSources.aprlProfiles,
    "/providers/Microsoft.Authorization/policyDefinitions/425bea59-a659-4cbb-8d31-34499bd030b8",
    frontDoorSources.protectOpenAi,
  ],
  resourceTypes: [
    "azure-native:cdn:AFDEndpoint",
    "azure-native:cdn:SecurityPolicy",
    "azure-native:frontdoor:Policy",
  ],
  validateStack(resources, _config, report) {
    const policies = ofType(resources, "azure-native:cdn:SecurityPolicy");
    for (const endpoint of ofType(resources, "azure-native:cdn:AFDEndpoint")) {
      const protecting = policies.filter((p) => {
        const domains = (
          (at(p.props, "parameters.associations") as { domains?: { id?: string }[] }[] | undefined) ?? []
        ).flatMap((a) => a.domains ?? []);
        return (
          domains.some(
            (d) =>
              typeof d.id === "string" &&
              typeof endpoint.props.id === "string" &&
              d.id.toLowerCase() === endpoint.props.id.toLowerCase(),
          ) || p.dependencies.includes(endpoint.urn)
        );
      });
      if (protecting.length === 0) {
        report(
          `endpoint ${endpoint.name} has no WAF attached: nothing filters attacks or floods before they reach the gateways.`,
          endpoint.urn,
        );
        continue;
      }
      const wafs = protecting.map(
        (p) =>
          referenced(resources, at(p.props, "parameters.wafPolicy.id"), ["azure-native:frontdoor:Policy"]) ??
          resources.find((r) => r.type === "azure-native:frontdoor:Policy" && p.dependencies.includes(r.urn)),
      );
      const preventing = wafs.some(
        (w) =>
          w &&
          is(at(w.props, "policySettings.mode"), "Prevention") &&
          !is(at(w.props, "policySettings.enabledState"), "Disabled"),
      );
      if (!preventing)
        report(
          `endpoint ${endpoint.name}: its WAF is not an enabled policy in Prevention mode (Detection only logs attacks).`,
          endpoint.urn,
        );
    }
  },
};
