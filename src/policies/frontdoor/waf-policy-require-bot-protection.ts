import { ResilienceCheck, is } from "../model";
import { frontDoorSources, managedRuleSets, takesManagedRules } from "./helpers";

/**
 * Premium (and classic) Front Door WAF policies run the Bot Manager rule set: built-in policy 27f7fb01 ("Bot
 * Protection should be enabled for Azure Front Door WAF"); Microsoft's Azure OpenAI guide names
 * Microsoft_BotManagerRuleSet 1.1.
 */
export const frontdoorWafPolicyRequireBotProtection: ResilienceCheck = {
  name: "frontdoor-waf-policy-require-bot-protection",
  area: "frontdoor",
  description: "Front Door WAF policies of the Premium (or classic) tier run the Bot Manager rule set.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Add { ruleSetType: 'Microsoft_BotManagerRuleSet', ruleSetVersion: '1.1' } to managedRules.managedRuleSets of the frontdoor.Policy.",
  libraryRemediation:
    "FrontDoorFailover's WAF runs Microsoft_BotManagerRuleSet 1.1 on the Premium sku (the default); keep `sku` Premium_AzureFrontDoor.",
  sources: [
    "/providers/Microsoft.Authorization/policyDefinitions/27f7fb01-5fdb-44ad-954c-d582f8659533",
    frontDoorSources.protectOpenAi,
  ],
  resourceTypes: ["azure-native:frontdoor:Policy"],
  validateResource(resource, _config, report) {
    if (!takesManagedRules(resource)) return;
    if (
      !managedRuleSets(resource).some((s) =>
        is(s.ruleSetType, "Microsoft_BotManagerRuleSet", "BotProtection"),
      )
    )
      report(
        `WAF policy ${resource.name} has no bot protection: scrapers and credential-stuffing bots reach the origins unfiltered.`,
      );
  },
};
