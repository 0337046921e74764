import { CheckedResource } from "../model";

export { aprl, builtInPolicy } from "../data/helpers";

export const vmType = "azure-native:compute:VirtualMachine";
export const vmssType = "azure-native:compute:VirtualMachineScaleSet";
export const diskType = "azure-native:compute:Disk";
export const aksType = "azure-native:containerservice:ManagedCluster";
export const agentPoolType = "azure-native:containerservice:AgentPool";

/** Non-empty `zones` (or `availabilityZones`) of a resource or node pool. */
export function zonesOf(value: unknown, key = "zones"): string[] {
  const zones = value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
  return Array.isArray(zones) ? zones.filter((z): z is string => typeof z === "string" && z !== "") : [];
}

/**
 * The node pools of an AKS cluster resource (`agentPoolProfiles`) or a separate AgentPool resource (its own props),
 * each with a name to report.
 */
export function nodePools(resource: CheckedResource): { name: string; pool: Record<string, unknown> }[] {
  if (resource.type === agentPoolType)
    return [{ name: String(resource.props.agentPoolName ?? resource.name), pool: resource.props }];
  const profiles = Array.isArray(resource.props.agentPoolProfiles) ? resource.props.agentPoolProfiles : [];
  return profiles
    .filter((p): p is Record<string, unknown> => p !== null && typeof p === "object")
    .map((pool, i) => ({ name: String(pool.name ?? `#${i + 1}`), pool }));
}
