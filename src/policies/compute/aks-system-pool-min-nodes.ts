import { ResilienceCheck, is, num } from "../model";
import { agentPoolType, aksType, aprl, nodePools } from "./helpers";

/**
 * AKS system node pools run CoreDNS, metrics-server and the other system pods on enough nodes to lose one: "If you run
 * a single system node pool for your AKS cluster in a production environment, we recommend you use at least three nodes
 * for the node pool" (https://learn.microsoft.com/azure/aks/use-system-pools). count "The default value is 1" (REST
 * API); with the autoscaler, minCount is what the pool can shrink to.
 */
export const computeAksSystemPoolMinNodes: ResilienceCheck = {
  name: "compute-aks-system-pool-min-nodes",
  area: "compute",
  description: "AKS system node pools have at least three nodes (minCount when autoscaling).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Set count (and minCount with enableAutoScaling) to at least 3 on the System node pool, spread over availability zones.",
  sources: [
    aprl("ContainerService/managedClusters", "configure-system-nodepool-count"),
    "https://learn.microsoft.com/azure/aks/use-system-pools",
  ],
  config: {
    minimumNodes: { type: "number", default: 3, description: "Fewest nodes a system node pool may have." },
  },
  resourceTypes: [aksType, agentPoolType],
  validateResource(resource, config, report) {
    const minimum = num(config, "minimumNodes", 3);
    for (const { name, pool } of nodePools(resource)) {
      if (!is(pool.mode, "System")) continue;
      const autoscaling = pool.enableAutoScaling === true;
      const value = autoscaling ? pool.minCount : pool.count;
      const nodes = typeof value === "number" ? value : 1;
      if (nodes < minimum)
        report(
          `system node pool ${name} has ${autoscaling ? "minCount" : "count"} ${nodes}${typeof value === "number" ? "" : " (the default)"}, under ${minimum}: losing a node (or upgrading one) leaves the system pods too little room.`,
        );
    }
  },
};
