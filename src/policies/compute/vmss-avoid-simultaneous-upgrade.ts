import { ResilienceCheck, at, is } from "../model";
import { vmssType } from "./helpers";

/**
 * A scale set's upgrade policy decides how a model change reaches its instances: with mode 'Automatic' "All virtual
 * machines in the scale set are automatically updated at the same time" (REST API), an outage of the whole set; mode
 * 'Rolling' updates in batches behind health checks.
 * https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-upgrade-policy
 */
export const computeVmssAvoidSimultaneousUpgrade: ResilienceCheck = {
  name: "compute-vmss-avoid-simultaneous-upgrade",
  area: "compute",
  description:
    "Virtual machine scale sets do not upgrade every instance at once (upgradePolicy.mode 'Automatic').",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Set upgradePolicy.mode 'Rolling' with rollingUpgradePolicy (maxBatchInstancePercent 20, a health probe or the Application Health extension), or 'Manual' and upgrade instances in batches yourself.",
  sources: [
    "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-upgrade-policy",
    "https://github.com/Azure/azure-rest-api-specs/tree/main/specification/compute",
  ],
  resourceTypes: [vmssType],
  validateResource(resource, _config, report) {
    if (is(at(resource.props, "upgradePolicy.mode"), "Automatic"))
      report(
        "upgradePolicy.mode is 'Automatic': a model change updates every instance at the same time, taking the whole scale set down.",
      );
  },
};
