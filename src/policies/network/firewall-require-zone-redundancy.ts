import { ResilienceCheck, locationOf, regionHasZones } from "../model";

/** Azure Firewall spans availability zones where the region has them. */
export const networkFirewallRequireZoneRedundancy: ResilienceCheck = {
  name: "network-firewall-require-zone-redundancy",
  area: "network",
  description: "Azure Firewalls in regions with availability zones are deployed across at least two zones.",
  severity: "medium",
  enforcementLevel: "mandatory",
  remediation:
    'Set zones: ["1", "2", "3"] on the firewall (and its Standard public IP); zones can only be chosen at creation.',
  resourceTypes: ["azure-native:network:AzureFirewall"],
  validateResource(resource, _config, report) {
    const location = locationOf(resource);
    const zones = (resource.props.zones as string[] | undefined) ?? [];
    if (regionHasZones(location) && zones.length < 2) {
      report(
        `firewall in ${location} is in ${zones.length ? `zone ${zones.join(", ")}` : "no zone"}: one datacenter failure takes egress down.`,
      );
    }
  },
};
