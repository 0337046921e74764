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
  libraryRemediation:
    "MirroredNetwork puts its firewalls in zones 1, 2 and 3 wherever the region catalog says the region has zones; a firewall in one zone there was made elsewhere (or its region's catalog entry is wrong).",
  sources: [
    "https://azure.github.io/Azure-Proactive-Resiliency-Library-v2/azure-resources/Network/azureFirewalls/#deploy-azure-firewall-across-multiple-availability-zones",
    "https://learn.microsoft.com/azure/firewall/deploy-availability-zone-powershell",
  ],
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
