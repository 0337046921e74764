import { ResilienceCheck, at } from "../model";
import { aprl, vmssType } from "./helpers";

/**
 * Scale sets replace unhealthy instances by themselves: automaticRepairsPolicy.enabled (off unless set), with an
 * application health extension or load balancer probe reporting instance health.
 * https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-automatic-instance-repairs
 */
export const computeVmssEnableAutomaticRepairs: ResilienceCheck = {
  name: "compute-vmss-enable-automatic-repairs",
  area: "compute",
  description: "Virtual machine scale sets have automatic instance repairs enabled.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Set automaticRepairsPolicy { enabled: true, gracePeriod: 'PT10M' } and add the Application Health extension (or a load balancer health probe) so Azure knows which instances are unhealthy.",
  sources: [
    aprl(
      "Compute/virtualMachineScaleSets",
      "enable-automatic-repair-policy-on-azure-virtual-machine-scale-sets",
    ),
    "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-automatic-instance-repairs",
  ],
  resourceTypes: [vmssType],
  validateResource(resource, _config, report) {
    if (at(resource.props, "automaticRepairsPolicy.enabled") !== true)
      report(
        "automatic instance repairs are off: an unhealthy instance keeps its place until someone replaces it.",
      );
  },
};
