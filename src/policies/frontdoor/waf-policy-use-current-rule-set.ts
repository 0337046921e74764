import { ResilienceCheck, is } from "../model";
import { frontDoorSources, managedRuleSets } from "./helpers";

/**
 * The Default Rule Set is a 2.x version: "The version number of the DRS increments when new attack signatures are
 * added to the rule set" (https://learn.microsoft.com/azure/web-application-firewall/afds/waf-front-door-drs), and
 * Microsoft's guide for Azure OpenAI behind Front Door names Microsoft_DefaultRuleSet 2.2.
 */
export const frontdoorWafPolicyUseCurrentRuleSet: ResilienceCheck = {
  name: "frontdoor-waf-policy-use-current-rule-set",
  area: "frontdoor",
  description:
    "Front Door WAF policies run Default Rule Set 2.x, not DefaultRuleSet 1.0 or Microsoft_DefaultRuleSet 1.x.",
  severity: "low",
  enforcementLevel: "advisory",
  remediation:
    "Move the managed rule set to { ruleSetType: 'Microsoft_DefaultRuleSet', ruleSetVersion: '2.2' } (carry over exclusions and overrides, then tune in Detection mode before Prevention).",
  libraryRemediation: "FrontDoorFailover's WAF runs Microsoft_DefaultRuleSet 2.2.",
  sources: [
    "https://learn.microsoft.com/azure/web-application-firewall/afds/waf-front-door-drs",
    frontDoorSources.protectOpenAi,
  ],
  resourceTypes: ["azure-native:frontdoor:Policy"],
  validateResource(resource, _config, report) {
    for (const set of managedRuleSets(resource)) {
      const version = String(set.ruleSetVersion ?? "");
      if (
        is(set.ruleSetType, "DefaultRuleSet") ||
        (is(set.ruleSetType, "Microsoft_DefaultRuleSet") && /^1\./.test(version))
      )
        report(
          `WAF policy ${resource.name} runs ${String(set.ruleSetType)} ${version}: a rule set older than the 2.x versions Microsoft's guidance names, without the newest attack signatures.`,
        );
    }
  },
};
