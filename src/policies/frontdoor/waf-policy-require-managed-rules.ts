import { ResilienceCheck, is } from "../model";
import { frontDoorSources, managedRuleSets, takesManagedRules, wafSku } from "./helpers";

/**
 * A Premium (or classic) Front Door WAF policy runs Microsoft's Default Rule Set: "enabling the Front Door web
 * application firewall (WAF) and configuring it to use managed rules is recommended" (APRL 1bd2b7e8 "Enable the
 * WAF"); Microsoft's guide for Azure OpenAI behind Front Door names Microsoft_DefaultRuleSet 2.2. Standard WAF
 * policies cannot hold managed rules (built-in policy dfc212af asks for Premium for that reason).
 */
export const frontdoorWafPolicyRequireManagedRules: ResilienceCheck = {
  name: "frontdoor-waf-policy-require-managed-rules",
  area: "frontdoor",
  description:
    "Front Door WAF policies of the Premium (or classic) tier run the Microsoft Default Rule Set, with its action not set to Log only.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Add managedRules.managedRuleSets [{ ruleSetType: 'Microsoft_DefaultRuleSet', ruleSetVersion: '2.2', ruleSetAction: 'Block' }] to a Premium frontdoor.Policy; a classic (Classic_AzureFrontDoor) policy takes only DefaultRuleSet 1.x: add { ruleSetType: 'DefaultRuleSet', ruleSetVersion: '1.0' }, and plan the move to Front Door Premium.",
  libraryRemediation:
    "FrontDoorFailover's WAF runs Microsoft_DefaultRuleSet 2.2 on the Premium sku (the default); keep `sku` Premium_AzureFrontDoor.",
  sources: [frontDoorSources.aprlProfiles, frontDoorSources.protectOpenAi],
  resourceTypes: ["azure-native:frontdoor:Policy"],
  validateResource(resource, _config, report) {
    if (!takesManagedRules(resource)) return;
    const drs = managedRuleSets(resource).filter((s) =>
      is(s.ruleSetType, "Microsoft_DefaultRuleSet", "DefaultRuleSet"),
    );
    if (drs.length === 0) {
      report(
        `WAF policy ${resource.name} (${String(wafSku(resource))}) runs no Default Rule Set (${is(wafSku(resource), "Classic_AzureFrontDoor") ? "DefaultRuleSet 1.0, the classic tier's" : "Microsoft_DefaultRuleSet 2.2"}): SQL injection, cross-site scripting and other common attacks pass to the origins.`,
      );
      return;
    }
    for (const set of drs as { ruleSetAction?: unknown; ruleSetType?: unknown }[])
      if (is(set.ruleSetAction, "Log"))
        report(
          `WAF policy ${resource.name} only logs ${String(set.ruleSetType)} matches (ruleSetAction 'Log'): nothing is blocked.`,
        );
  },
};
