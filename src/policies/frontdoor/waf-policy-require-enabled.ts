import { ResilienceCheck, at, is } from "../model";
import { frontDoorSources } from "./helpers";

/**
 * A WAF policy that exists is enabled ("Defaults to Enabled if not specified", the REST API's
 * policySettings.enabledState): a disabled policy attached to an endpoint filters nothing (APRL 1bd2b7e8 "Enable the
 * WAF").
 */
export const frontdoorWafPolicyRequireEnabled: ResilienceCheck = {
  name: "frontdoor-waf-policy-require-enabled",
  area: "frontdoor",
  description: "Front Door WAF policies are enabled.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation: "Set policySettings.enabledState 'Enabled' on the frontdoor.Policy.",
  libraryRemediation: "FrontDoorFailover's WAF is enabled; rebuild the policy from the component.",
  sources: [frontDoorSources.aprlProfiles, frontDoorSources.wafPolicyApi],
  resourceTypes: ["azure-native:frontdoor:Policy"],
  validateResource(resource, _config, report) {
    if (is(at(resource.props, "policySettings.enabledState"), "Disabled"))
      report(
        `WAF policy ${resource.name} is disabled: it filters nothing on the endpoints it is attached to.`,
      );
  },
};
