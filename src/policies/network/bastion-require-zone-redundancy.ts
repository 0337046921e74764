import { ResilienceCheck, locationOf, regionHasZones } from "../model";

/** Bastion, the way into VMs during an incident, survives a zone failure. */
export const networkBastionRequireZoneRedundancy: ResilienceCheck = {
  name: "network-bastion-require-zone-redundancy",
  area: "network",
  description: "Azure Bastion hosts in regions with availability zones are spread across zones.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    'Set zones: ["1", "2", "3"] on the Bastion host (and a zone-redundant Standard public IP); zones are chosen at creation, on a SKU that supports them.',
  sources: [
    "https://azure.github.io/Azure-Proactive-Resiliency-Library-v2/azure-resources/Network/bastionHosts/#deploy-azure-bastion-across-availability-zones",
    "https://learn.microsoft.com/azure/reliability/reliability-bastion",
  ],
  resourceTypes: ["azure-native:network:BastionHost"],
  validateResource(resource, _config, report) {
    const location = locationOf(resource);
    const zones = (resource.props.zones as string[] | undefined) ?? [];
    if (regionHasZones(location) && zones.length < 2)
      report(
        `Bastion ${resource.name} in ${location} is in ${zones.length ? `zone ${zones.join(", ")}` : "no zone"}: a zone failure cuts operators off from the VMs.`,
      );
  },
};
