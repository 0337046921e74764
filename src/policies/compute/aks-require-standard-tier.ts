import { ResilienceCheck, at, is } from "../model";
import { aksType, aprl } from "./helpers";

/**
 * Production AKS clusters use the Standard (or Premium) tier: the Free tier has no financially backed uptime SLA for
 * the API server. sku.tier "If not specified, the default is 'Free'" (REST API).
 * https://learn.microsoft.com/azure/aks/free-standard-pricing-tiers
 */
export const computeAksRequireStandardTier: ResilienceCheck = {
  name: "compute-aks-require-standard-tier",
  area: "compute",
  description: "AKS clusters use the Standard or Premium tier (uptime SLA), not Free.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation: "Set sku { name: 'Base', tier: 'Standard' } (or 'Premium' for long-term support).",
  sources: [
    aprl("ContainerService/managedClusters", "update-aks-tier-to-standard-or-premium"),
    "https://learn.microsoft.com/azure/aks/free-standard-pricing-tiers",
  ],
  resourceTypes: [aksType],
  validateResource(resource, _config, report) {
    const tier = at(resource.props, "sku.tier");
    if (!is(tier, "Standard", "Premium"))
      report(
        `the cluster is on the ${JSON.stringify(tier ?? "Free")} tier: its API server has no uptime SLA and scales less.`,
      );
  },
};
