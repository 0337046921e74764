import { CheckedResource, ResilienceCheck, locationOf, ofType, regionHasZones } from "../model";
import { agentPoolType, aksType, aprl, nodePools, zonesOf } from "./helpers";

/**
 * AKS node pools in a region with availability zones spread their nodes over at least two zones (availabilityZones,
 * fixed at pool creation). Judged on a cluster's agentPoolProfiles and on separate AgentPool resources, which are in
 * their cluster's region (found by dependency or resourceName; one map, one pass).
 * https://learn.microsoft.com/azure/aks/availability-zones
 */
export const computeAksRequireZones: ResilienceCheck = {
  name: "compute-aks-require-zones",
  area: "compute",
  description: "AKS node pools in regions with availability zones span at least two zones.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Set availabilityZones ['1', '2', '3'] on each node pool (agentPoolProfiles[] or the AgentPool); zones are chosen when a pool is created, so add a new zonal pool and move workloads to it.",
  sources: [
    aprl("ContainerService/managedClusters", "deploy-aks-cluster-across-availability-zones"),
    "https://learn.microsoft.com/azure/aks/availability-zones",
  ],
  resourceTypes: [aksType, agentPoolType],
  validateStack(resources, _config, report) {
    const clusters = ofType(resources, aksType);
    const byUrn = new Map(clusters.map((c) => [c.urn, c]));
    const byName = new Map<unknown, CheckedResource>(
      clusters.map((c) => [c.props.resourceName ?? c.name, c]),
    );
    const judge = (resource: CheckedResource, location: string | undefined) => {
      if (!regionHasZones(location)) return;
      for (const { name, pool } of nodePools(resource)) {
        const zones = zonesOf(pool, "availabilityZones");
        if (zones.length < 2)
          report(
            `node pool ${name} is in ${zones.length === 0 ? "no zone" : `only zone ${zones[0]}`} of ${location}, which has availability zones: one datacenter failure takes all its nodes.`,
            resource.urn,
          );
      }
    };
    for (const cluster of clusters) judge(cluster, locationOf(cluster));
    for (const pool of ofType(resources, agentPoolType)) {
      const cluster =
        pool.dependencies.map((d) => byUrn.get(d)).find((c) => c !== undefined) ??
        byName.get(pool.props.resourceName);
      judge(pool, locationOf(cluster));
    }
  },
};
