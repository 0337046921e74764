import { ResilienceCheck, at, is } from "../model";
import { frontDoorSources } from "./helpers";

/**
 * Front Door Standard/Premium, not classic: "Azure Front Door (classic) will be retired on March 31, 2027" and no
 * longer supports profile creation (https://learn.microsoft.com/azure/frontdoor/tier-migration; APRL 82fa3cff
 * "Avoid using Classic AFD").
 */
export const frontdoorProfileRequireStandardPremium: ResilienceCheck = {
  name: "frontdoor-profile-require-standard-premium",
  area: "frontdoor",
  description: "Front Door profiles use the Standard or Premium tier, not Front Door (classic) or CDN SKUs.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Use a cdn.Profile with sku.name Premium_AzureFrontDoor (or Standard_AzureFrontDoor) and migrate classic Front Door (network.FrontDoor) to it with Microsoft's zero-downtime tier migration.",
  libraryRemediation:
    "FrontDoorFailover's `sku` takes Premium_AzureFrontDoor (the default) or Standard_AzureFrontDoor; build the Front Door with it instead of a classic one.",
  sources: [frontDoorSources.classicRetirement, frontDoorSources.aprlProfiles],
  resourceTypes: ["azure-native:cdn:Profile", "azure-native:frontdoor:FrontDoor"],
  validateResource(resource, _config, report) {
    if (resource.type === "azure-native:frontdoor:FrontDoor") {
      report(
        "Front Door (classic) is retiring (March 31, 2027) and cannot be managed with the new origin groups: move to a Standard/Premium profile.",
      );
      return;
    }
    const sku = at(resource.props, "sku.name");
    // Other SKUs (Standard_Microsoft, Standard_Verizon...) are Azure CDN profiles, not Front Door: not this check's concern.
    if (typeof sku === "string" && !sku.toLowerCase().endsWith("_azurefrontdoor")) return;
    if (!is(sku, "Premium_AzureFrontDoor", "Standard_AzureFrontDoor")) {
      report(
        `Front Door profile sku is ${JSON.stringify(sku)}: use Premium_AzureFrontDoor or Standard_AzureFrontDoor.`,
      );
    }
  },
};
