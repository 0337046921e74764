import { ResilienceCheck, locationOf, regionHasZones } from "../model";

/** Container Apps environments spread their replicas across availability zones where the region has them. */
export const appsEnvironmentRequireZoneRedundancy: ResilienceCheck = {
  name: "apps-environment-require-zone-redundancy",
  area: "apps",
  description: "Container Apps environments in regions with availability zones are zone redundant.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Set zoneRedundant: true on the managed environment, with vnetConfiguration.infrastructureSubnetId (zone redundancy needs a virtual network; it can only be chosen at creation), and run each app with minReplicas of 3 or more.",
  sources: [
    "https://azure.github.io/Azure-Proactive-Resiliency-Library-v2/azure-resources/App/managedEnvironments/",
    "https://learn.microsoft.com/azure/reliability/reliability-azure-container-apps",
  ],
  resourceTypes: ["azure-native:app:ManagedEnvironment"],
  validateResource(resource, _config, report) {
    const location = locationOf(resource);
    if (regionHasZones(location) && resource.props.zoneRedundant !== true)
      report(
        `the environment in ${location} is not zone redundant: one datacenter failure can take all of its apps down.`,
      );
  },
};
