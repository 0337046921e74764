import { ResilienceCheck, at } from "../model";

/** Front Door Standard/Premium, not classic (retiring, no health-probe origin groups of the new kind). */
export const frontdoorProfileRequireStandardPremium: ResilienceCheck = {
  name: "frontdoor-profile-require-standard-premium",
  area: "frontdoor",
  description: "Front Door profiles use the Standard or Premium tier, not Front Door (classic) or CDN SKUs.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Use cdn.Profile with sku Premium_AzureFrontDoor (or Standard_AzureFrontDoor) and migrate classic Front Door.",
  resourceTypes: ["azure-native:cdn:Profile", "azure-native:frontdoor:FrontDoor"],
  validateResource(resource, _config, report) {
    if (resource.type === "azure-native:frontdoor:FrontDoor") {
      report(
        "Front Door (classic) is retiring and cannot be managed with the new origin groups: move to a Standard/Premium profile.",
      );
      return;
    }
    const sku = at(resource.props, "sku.name");
    // Other SKUs (Standard_Microsoft, Standard_Verizon...) are Azure CDN profiles, not Front Door: not this check's concern.
    if (typeof sku === "string" && !sku.endsWith("_AzureFrontDoor")) return;
    if (sku !== "Premium_AzureFrontDoor" && sku !== "Standard_AzureFrontDoor") {
      report(
        `Front Door profile sku is ${JSON.stringify(sku)}: use Premium_AzureFrontDoor or Standard_AzureFrontDoor.`,
      );
    }
  },
};
