import { ResilienceCheck, is } from "../model";
import { aprl, vmssType } from "./helpers";

/**
 * Scale sets use Flexible orchestration: it spreads VMs over fault domains and zones and is where new availability
 * features land. Only an explicit 'Uniform' is reported: the default when orchestrationMode is not set is not confirmed here.
 * https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-orchestration-modes
 */
export const computeVmssPreferFlexibleOrchestration: ResilienceCheck = {
  name: "compute-vmss-prefer-flexible-orchestration",
  area: "compute",
  description: "Virtual machine scale sets use Flexible orchestration mode instead of Uniform.",
  severity: "low",
  enforcementLevel: "advisory",
  remediation:
    "Set orchestrationMode 'Flexible' (with platformFaultDomainCount 1 across zones); it is chosen at creation.",
  sources: [
    aprl("Compute/virtualMachineScaleSets", "deploy-vmss-with-flex-orchestration-mode-instead-of-uniform"),
    "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-orchestration-modes",
  ],
  resourceTypes: [vmssType],
  validateResource(resource, _config, report) {
    const mode = resource.props.orchestrationMode;
    if (is(mode, "Uniform"))
      report(
        `orchestrationMode is ${JSON.stringify(mode)}: Microsoft recommends Flexible for availability across fault domains and zones.`,
      );
  },
};
