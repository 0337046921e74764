import { ResilienceCheck, at, is, locationOf, regionHasZones } from "../model";

/** App Service plans spread their instances across availability zones where the region has them. */
export const appsPlanRequireZoneRedundancy: ResilienceCheck = {
  name: "apps-plan-require-zone-redundancy",
  area: "apps",
  description: "App Service plans in regions with availability zones are zone redundant.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Set zoneRedundant: true on the App Service plan (Premium v2 or later, or Isolated v2; sku.capacity of at least 2) so its instances are spread across zones; other tiers cannot be zone redundant: change the tier. Consumption plans are not judged.",
  sources: [
    "https://azure.github.io/Azure-Proactive-Resiliency-Library-v2/azure-resources/Web/serverFarms/",
    "https://learn.microsoft.com/azure/reliability/reliability-app-service",
  ],
  resourceTypes: ["azure-native:web:AppServicePlan"],
  validateResource(resource, _config, report) {
    const location = locationOf(resource);
    if (!regionHasZones(location) || resource.props.zoneRedundant === true) return;
    const name = String(at(resource.props, "sku.name") ?? "");
    const tier = String(at(resource.props, "sku.tier") ?? "");
    // The Consumption plan (Y1, tier Dynamic) has no instances of its own to spread: nothing to set.
    if (is(tier, "Dynamic") || is(name, "Y1")) return;
    // Zone redundancy needs Premium v2 or later, or Isolated v2 (https://learn.microsoft.com/azure/reliability/reliability-app-service).
    const capable =
      /^(P\d+v[2-9]|P\d+mv[3-9]|I\d+v2|I\d+mv2|EP\d+)$/i.test(name) ||
      /^(PremiumV[2-9]|PremiumMV[3-9]|IsolatedV2|ElasticPremium)$/i.test(tier);
    report(
      capable || name === ""
        ? `the plan in ${location} is not zone redundant (zoneRedundant is ${resource.props.zoneRedundant === undefined ? "unset" : JSON.stringify(resource.props.zoneRedundant)}): one datacenter failure takes every app on it down.`
        : `the plan in ${location} runs ${name || tier}, a tier that cannot be zone redundant: one datacenter failure takes every app on it down; move it to Premium v2 or later (or Isolated v2) with zoneRedundant true.`,
    );
  },
};
