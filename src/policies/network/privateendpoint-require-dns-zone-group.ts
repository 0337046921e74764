import { ResilienceCheck, ofType } from "../model";
import { lastSegment } from "./helpers";

/** Private endpoints register in a private DNS zone, so clients resolve the service to the private address. */
export const networkPrivateendpointRequireDnsZoneGroup: ResilienceCheck = {
  name: "network-privateendpoint-require-dns-zone-group",
  area: "network",
  description:
    "Every private endpoint has a private DNS zone group (or custom DNS configs), so the service's name resolves to its private address.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Create a PrivateDnsZoneGroup on the private endpoint (privateEndpointName, privateDnsZoneConfigs with the service's privatelink zone id), with the zone linked to every VNet that calls the service.",
  libraryRemediation:
    "The library's components give each private endpoint a zone group when they are given privateDnsZoneIds (or a MirroredNetwork with privateDnsZones): pass them.",
  sources: [
    "https://learn.microsoft.com/azure/private-link/private-endpoint-dns",
    "https://learn.microsoft.com/azure/private-link/private-endpoint-dns-integration",
  ],
  resourceTypes: ["azure-native:network:PrivateEndpoint", "azure-native:network:PrivateDnsZoneGroup"],
  validateStack(resources, _config, report) {
    const covered = new Set<string>();
    for (const group of ofType(resources, "azure-native:network:PrivateDnsZoneGroup")) {
      for (const urn of group.dependencies) covered.add(urn);
      if (group.props.privateEndpointName !== undefined)
        covered.add(`name:${lastSegment(group.props.privateEndpointName)}`);
    }
    for (const endpoint of ofType(resources, "azure-native:network:PrivateEndpoint")) {
      const custom = ((endpoint.props.customDnsConfigs as unknown[] | undefined) ?? []).length > 0;
      const name = lastSegment(endpoint.props.privateEndpointName ?? endpoint.props.name ?? endpoint.name);
      if (!custom && !covered.has(endpoint.urn) && !covered.has(`name:${name}`))
        report(
          `private endpoint ${endpoint.name} has no private DNS zone group: clients keep resolving the service's public address.`,
          endpoint.urn,
        );
    }
  },
};
