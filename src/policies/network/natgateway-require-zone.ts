import { ResilienceCheck, locationOf, regionHasZones } from "../model";

/** NAT gateways in zonal regions are pinned to a zone, so a zonal stack shares fate with one zone only. */
export const networkNatgatewayRequireZone: ResilienceCheck = {
  name: "network-natgateway-require-zone",
  area: "network",
  description:
    "NAT gateways in regions with availability zones name their zone (one NAT gateway per zone, with zonal public IPs and the VMs of that zone).",
  severity: "low",
  enforcementLevel: "advisory",
  remediation:
    'Set zones: ["1"] (one NAT gateway per zone, each on its zone\'s subnet, with public IPs of the same zone): a gateway with no zone is placed in a zone Azure picks, which fails with that zone.',
  sources: [
    "https://azure.github.io/Azure-Proactive-Resiliency-Library-v2/azure-resources/Network/natGateways/#consider-zonal-nat-gateway-deployment-for-zone-isolation-scenarios",
    "https://learn.microsoft.com/azure/nat-gateway/nat-availability-zones",
  ],
  resourceTypes: ["azure-native:network:NatGateway"],
  validateResource(resource, _config, report) {
    const location = locationOf(resource);
    const zones = (resource.props.zones as string[] | undefined) ?? [];
    if (regionHasZones(location) && zones.length === 0)
      report(
        `NAT gateway ${resource.name} in ${location} names no zone: Azure places it in one zone of its choosing, and the subnets' egress fails with that zone.`,
      );
  },
};
