import { ResilienceCheck } from "../model";
import { aprl, vmssType } from "./helpers";

/**
 * Microsoft advises against forcing strictly even distribution across zones (zoneBalance true): during a zone outage
 * or capacity shortage the scale set then cannot scale out in the remaining zones.
 */
export const computeVmssDisableStrictZoneBalance: ResilienceCheck = {
  name: "compute-vmss-disable-strict-zone-balance",
  area: "compute",
  description: "Virtual machine scale sets do not force strictly even balance across zones (zoneBalance).",
  severity: "low",
  enforcementLevel: "advisory",
  remediation:
    "Set zoneBalance false (or leave it unset): best-effort balance lets the scale set grow in the zones that have capacity.",
  sources: [
    aprl(
      "Compute/virtualMachineScaleSets",
      "disable-force-strictly-even-balance-across-zones-to-avoid-scale-in-and-out-fail-attempts",
    ),
    "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-use-availability-zones",
  ],
  resourceTypes: [vmssType],
  validateResource(resource, _config, report) {
    if (resource.props.zoneBalance === true)
      report(
        "zoneBalance is true: when one zone is down or out of capacity, scaling out fails instead of using the other zones.",
      );
  },
};
