import { ResilienceCheck, is } from "../model";
import { apimCapacity, apimSku, apimSources } from "./service-backends";

type Location = { location?: unknown; zones?: unknown; sku?: { name?: unknown; capacity?: unknown } };

/**
 * Zones pinned on a Premium (classic) service spread its units evenly: "if you manually configure zone redundancy
 * ... you also need to configure a number of API Management units that can be distributed evenly across all of your
 * selected availability zones" (https://learn.microsoft.com/azure/reliability/reliability-api-management); Azure
 * rejects other counts. Checked for the service and each of its additionalLocations.
 */
export const gatewayServiceZonesMatchCapacity: ResilienceCheck = {
  name: "gateway-service-zones-match-capacity",
  area: "gateway",
  description:
    "API Management services (and their additional locations) that pin availability zones have a unit count that spreads evenly over them.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Set sku.capacity to a multiple of the number of zones (2 zones: 2, 4...; 3 zones: 3, 6...), or leave zones out for Azure's automatic placement.",
  libraryRemediation:
    "AiGateway checks `capacity` against `availabilityZones` (or the three zones `zoneRedundant` pins) before deploying; set `capacity` to a multiple of the zones.",
  sources: [
    apimSources.reliability,
    "https://learn.microsoft.com/azure/api-management/enable-availability-zone-support",
  ],
  resourceTypes: ["azure-native:apimanagement:ApiManagementService"],
  validateResource(resource, _config, report) {
    const places: { where: string; zones: unknown; sku: unknown; capacity: number | undefined }[] = [
      {
        where: "the service",
        zones: resource.props.zones,
        sku: apimSku(resource),
        capacity: apimCapacity(resource),
      },
    ];
    for (const extra of (Array.isArray(resource.props.additionalLocations)
      ? resource.props.additionalLocations
      : []) as Location[]) {
      places.push({
        where: `additional location ${String(extra.location ?? "?")}`,
        zones: extra.zones,
        sku: extra.sku?.name ?? apimSku(resource),
        capacity: typeof extra.sku?.capacity === "number" ? extra.sku.capacity : undefined,
      });
    }
    for (const { where, zones, sku, capacity } of places) {
      if (!Array.isArray(zones) || zones.length === 0 || capacity === undefined || !is(sku, "Premium"))
        continue;
      if (capacity % zones.length !== 0)
        report(
          `${where} has ${capacity} unit(s) over ${zones.length} availability zones (${zones.join(", ")}): units must spread evenly over the zones, and Azure rejects this.`,
        );
    }
  },
};
