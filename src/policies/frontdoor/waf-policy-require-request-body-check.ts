import { ResilienceCheck, at, is } from "../model";
import { frontDoorSources } from "./helpers";

/**
 * The WAF inspects request bodies (built-in policy 4598f028, "Azure Web Application Firewall on Azure Front Door
 * should have request body inspection enabled"): a model API's payload (the prompt) is in the body.
 */
export const frontdoorWafPolicyRequireRequestBodyCheck: ResilienceCheck = {
  name: "frontdoor-waf-policy-require-request-body-check",
  area: "frontdoor",
  description: "Front Door WAF policies inspect request bodies.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation: "Set policySettings.requestBodyCheck 'Enabled' on the frontdoor.Policy.",
  libraryRemediation:
    "FrontDoorFailover's WAF inspects request bodies; rebuild the policy from the component.",
  sources: [
    "/providers/Microsoft.Authorization/policyDefinitions/4598f028-de1f-4694-8751-84dceb5f86b9",
    frontDoorSources.protectOpenAi,
  ],
  resourceTypes: ["azure-native:frontdoor:Policy"],
  validateResource(resource, _config, report) {
    if (is(at(resource.props, "policySettings.requestBodyCheck"), "Disabled"))
      report(
        `WAF policy ${resource.name} does not inspect request bodies: attacks carried in the body (where an API's payload is) are not evaluated.`,
      );
  },
};
