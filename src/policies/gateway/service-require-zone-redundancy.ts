import { ResilienceCheck, is } from "../model";
import { apimCapacity, apimSku, apimSources } from "./service-backends";

/**
 * The gateway survives a zone outage: APRL baf3bfc0 ("Migrate API Management services to Premium SKU to support
 * Availability Zones") and 740f2c1c ("Enable Availability Zones on Premium API Management instances"). Microsoft's
 * reliability guide: availability zones are supported in the Premium (classic), Premium v2 and Standard v2 tiers, not
 * in Consumption, Developer, Basic, Standard or Basic v2; a Premium (classic) service gets automatic zone support by
 * default ("Automatic (Recommended)"), and "For maximum zone redundancy, use at least two units"; a single pinned
 * zone (zonal) "doesn't provide resiliency to an availability zone outage".
 * (https://learn.microsoft.com/azure/reliability/reliability-api-management)
 */
export const gatewayServiceRequireZoneRedundancy: ResilienceCheck = {
  name: "gateway-service-require-zone-redundancy",
  area: "gateway",
  description:
    "API Management services run on a tier with availability zones; a Premium (classic) service, and each of its additional locations, has two or more units and is not pinned to a single zone. StandardV2 and PremiumV2 are not judged: their zone redundancy is chosen at creation, and no documented ARM property shows it.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Use sku Premium (or StandardV2/PremiumV2 with zone redundancy) with sku.capacity of 2 or more in every location (additionalLocations[].sku.capacity too); leave zones out (automatic placement) or list two or three zones.",
  libraryRemediation:
    "AiGateway's default StandardV2 gateway is not zone redundant: set `sku` Premium with `zoneRedundant: true` (zones pinned in both regions, one unit per zone), or with `capacity` 2 or more and `availabilityZones` unset for Azure's automatic placement.",
  sources: [apimSources.aprl, apimSources.reliability],
  resourceTypes: ["azure-native:apimanagement:ApiManagementService"],
  validateResource(resource, _config, report) {
    const sku = apimSku(resource);
    if (is(sku, "Consumption", "Developer", "Basic", "Standard", "BasicV2")) {
      report(
        `tier ${String(sku)} has no availability zone support: one zone outage takes the gateway down (Premium, Premium v2 and Standard v2 have zones).`,
      );
      return;
    }
    // StandardV2 / PremiumV2: zone redundancy is opted into at creation; which ARM property records it is not
    // documented, so they are not judged (README, known limits).
    if (!is(sku, "Premium")) return;
    // The service's own location, then each location of a multi-region service: "When you add a region, you
    // configure ... Resilience to availability zone failures, if the region provides availability zones" (same page),
    // through `additionalLocations[].zones` and `additionalLocations[].sku.capacity` (ARM AdditionalLocation).
    const places: { where: string; zones: unknown; capacity: number | undefined }[] = [
      { where: "the service", zones: resource.props.zones, capacity: apimCapacity(resource) },
    ];
    const extras = Array.isArray(resource.props.additionalLocations)
      ? resource.props.additionalLocations
      : [];
    for (const extra of extras as { location?: unknown; zones?: unknown; sku?: { capacity?: unknown } }[]) {
      places.push({
        where: `additional location ${String(extra?.location ?? "?")}`,
        zones: extra?.zones,
        capacity: typeof extra?.sku?.capacity === "number" ? extra.sku.capacity : undefined,
      });
    }
    for (const { where, zones, capacity } of places) {
      if (Array.isArray(zones) && zones.length === 1)
        report(`${where} is pinned to zone ${String(zones[0])}: a zonal gateway goes down with its zone.`);
      if (capacity !== undefined && capacity < 2)
        report(
          `${where} has ${capacity} unit: Microsoft recommends at least two, spread over zones, so that a zone outage does not take the gateway's capacity with it.`,
        );
    }
  },
};
