import { ResilienceCheck, at, is, locationOf, regionHasZones } from "../model";

/** Standard public IPs in regions with zones are zone-redundant. */
export const networkPublicipRequireZoneRedundancy: ResilienceCheck = {
  name: "network-publicip-require-zone-redundancy",
  area: "network",
  description:
    "Standard regional public IP addresses in regions with availability zones are zone-redundant (zones 1, 2 and 3).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    'Set zones: ["1", "2", "3"] on the public IP (zones are chosen at creation: create a new address and move to it).',
  libraryRemediation:
    "MirroredNetwork's firewall addresses are zone-redundant wherever the region catalog says the region has zones; an address in one zone there was made elsewhere.",
  sources: [
    "https://azure.github.io/Azure-Proactive-Resiliency-Library-v2/azure-resources/Network/publicIPAddresses/#use-standard-sku-and-zone-redundant-ips-when-applicable",
    "https://learn.microsoft.com/azure/virtual-network/ip-services/public-ip-addresses#availability-zone",
  ],
  resourceTypes: ["azure-native:network:PublicIPAddress"],
  validateResource(resource, _config, report) {
    const sku = at(resource.props, "sku.name");
    if (!is(sku, "Standard") || is(at(resource.props, "sku.tier"), "Global")) return;
    const location = locationOf(resource);
    const zones = (resource.props.zones as string[] | undefined) ?? [];
    if (regionHasZones(location) && zones.length < 2)
      report(
        `public IP ${resource.name} in ${location} is ${zones.length ? `zonal (zone ${zones.join(", ")})` : "non-zonal (Azure picks a zone, with no redundancy promise)"}: a zone failure can take the address down.`,
      );
  },
};
