import { ResilienceCheck, at, is } from "../model";

/**
 * Premium rather than Standard: built-in policy dfc212af ("Azure Front Door profiles should use Premium tier that
 * supports managed WAF rules and private link"): Standard WAF policies cannot hold Microsoft's managed rule sets,
 * and origins cannot be reached over Private Link.
 */
export const frontdoorProfilePreferPremium: ResilienceCheck = {
  name: "frontdoor-profile-prefer-premium",
  area: "frontdoor",
  description:
    "Front Door profiles use the Premium tier, which has managed WAF rules and Private Link to origins.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Set sku.name 'Premium_AzureFrontDoor' on the cdn.Profile, then add managed rule sets to its WAF policy and consider Private Link origins.",
  libraryRemediation: "Leave FrontDoorFailover's `sku` at Premium_AzureFrontDoor (the default).",
  sources: [
    "/providers/Microsoft.Authorization/policyDefinitions/dfc212af-17ea-423a-9dcb-91e2cb2caa6b",
    "https://learn.microsoft.com/azure/frontdoor/standard-premium/tier-comparison",
  ],
  resourceTypes: ["azure-native:cdn:Profile"],
  validateResource(resource, _config, report) {
    if (is(at(resource.props, "sku.name"), "Standard_AzureFrontDoor"))
      report(
        "profile is Standard_AzureFrontDoor: its WAF cannot run Microsoft's managed rule sets (Default Rule Set, Bot Manager) and origins cannot be private.",
      );
  },
};
