import { ResilienceCheck, locationOf, regionHasZones } from "../model";

/** App Service plans spread their instances across availability zones where the region has them. */
export const appsPlanRequireZoneRedundancy: ResilienceCheck = {
  name: "apps-plan-require-zone-redundancy",
  area: "apps",
  description: "App Service plans in regions with availability zones are zone redundant.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Set zoneRedundant: true on the App Service plan (Premium v2/v3 or Isolated v2 SKU, sku.capacity of at least 2) so its instances are spread across zones.",
  sources: [
    "https://azure.github.io/Azure-Proactive-Resiliency-Library-v2/azure-resources/Web/serverFarms/",
    "https://learn.microsoft.com/azure/reliability/reliability-app-service",
  ],
  resourceTypes: ["azure-native:web:AppServicePlan"],
  validateResource(resource, _config, report) {
    const location = locationOf(resource);
    if (regionHasZones(location) && resource.props.zoneRedundant !== true)
      report(
        `the plan in ${location} is not zone redundant (zoneRedundant is ${resource.props.zoneRedundant === undefined ? "unset" : JSON.stringify(resource.props.zoneRedundant)}): one datacenter failure takes every app on it down.`,
      );
  },
};
