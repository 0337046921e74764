import { ResilienceCheck, at, locationOf, regionHasZones } from "../model";
import { aprl, diskType, zonesOf } from "./helpers";

/**
 * Managed disks in a region with availability zones are zone-redundant (a *_ZRS sku) or, for a zonal VM, placed in its
 * zone; a regional LRS disk (any *_LRS sku) with no zone survives no zone failure and may
 * sit in another zone than its VM. https://learn.microsoft.com/azure/virtual-machines/disks-redundancy
 */
export const computeDiskRequireZoneRedundancy: ResilienceCheck = {
  name: "compute-disk-require-zone-redundancy",
  area: "compute",
  description: "Managed disks in regions with availability zones are zone-redundant (ZRS) or zonal.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Use a ZRS sku (Premium_ZRS or StandardSSD_ZRS) for disks that must survive a zone failure, or set zones to the zone of the VM the disk belongs to.",
  sources: [
    aprl(
      "Compute/disks",
      "use-azure-disks-with-zone-redundant-storage-for-higher-resiliency-and-availability",
    ),
    "https://learn.microsoft.com/azure/virtual-machines/disks-redundancy",
  ],
  resourceTypes: [diskType],
  validateResource(resource, _config, report) {
    const location = locationOf(resource);
    const sku = String(at(resource.props, "sku.name") ?? "");
    if (
      regionHasZones(location) &&
      !sku.toUpperCase().endsWith("_ZRS") &&
      zonesOf(resource.props).length === 0
    )
      report(
        `the disk (${sku || "sku not set"}) is neither zone-redundant nor placed in a zone of ${location}: it is lost with its datacenter.`,
      );
  },
};
