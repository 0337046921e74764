import { ResilienceCheck, locationOf, regionHasZones } from "../model";
import { aprl, vmssType, zonesOf } from "./helpers";

/**
 * Scale sets in a region with availability zones spread their instances over at least two zones, so a datacenter
 * failure takes only part of them. https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-use-availability-zones
 */
export const computeVmssRequireZones: ResilienceCheck = {
  name: "compute-vmss-require-zones",
  area: "compute",
  description: "Virtual machine scale sets in regions with availability zones span at least two zones.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Set zones ['1', '2', '3'] on the scale set (zones can be added to an existing scale set, not removed).",
  sources: [
    aprl("Compute/virtualMachineScaleSets", "deploy-vmss-across-availability-zones-with-vmss-flex"),
    "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-use-availability-zones",
  ],
  resourceTypes: [vmssType],
  validateResource(resource, _config, report) {
    const location = locationOf(resource);
    const zones = zonesOf(resource.props);
    if (regionHasZones(location) && zones.length < 2)
      report(
        `the scale set is in ${zones.length === 0 ? "no zone" : `only zone ${zones[0]}`} of ${location}, which has availability zones: one datacenter failure takes every instance.`,
      );
  },
};
