import { ResilienceCheck, at, is } from "../model";
import { aksType } from "./helpers";

/**
 * AKS clusters follow an auto-upgrade channel, so Kubernetes patches arrive without anyone remembering them:
 * autoUpgradeProfile.upgradeChannel "The default is 'none'" (REST API).
 * https://learn.microsoft.com/azure/aks/auto-upgrade-cluster
 */
export const computeAksEnableAutoUpgrade: ResilienceCheck = {
  name: "compute-aks-enable-auto-upgrade",
  area: "compute",
  description: "AKS clusters have an auto-upgrade channel (not 'none').",
  severity: "low",
  enforcementLevel: "advisory",
  remediation:
    "Set autoUpgradeProfile { upgradeChannel: 'patch' (or 'stable'), nodeOSUpgradeChannel: 'NodeImage' } and a planned maintenance window (MaintenanceConfiguration 'aksManagedAutoUpgradeSchedule').",
  sources: ["https://learn.microsoft.com/azure/aks/auto-upgrade-cluster"],
  resourceTypes: [aksType],
  validateResource(resource, _config, report) {
    const channel = at(resource.props, "autoUpgradeProfile.upgradeChannel");
    if (channel === undefined || is(channel, "none"))
      report(
        `the auto-upgrade channel is ${JSON.stringify(channel ?? "none")}: the cluster stays on its Kubernetes version until someone upgrades it, and falls out of support.`,
      );
  },
};
