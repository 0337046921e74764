import { CheckedResource, ResilienceCheck, ofType } from "../model";

/** Every VNet has a flow log, so traffic during an incident or a failover can be reconstructed. */
export const networkVnetRequireFlowLog: ResilienceCheck = {
  name: "network-vnet-require-flow-log",
  area: "network",
  description: "Every virtual network is the target of a flow log (VNet flow logs, Network Watcher).",
  severity: "low",
  enforcementLevel: "advisory",
  remediation:
    "Create a FlowLog in the VNet's region's Network Watcher with targetResourceId set to the VNet's id, a storageId, and traffic analytics.",
  libraryRemediation:
    "Give MirroredNetwork flowLogs: { workspaceId } (WarmStandbyAiPlatform does when observability is on): a VNet flow log per VNet in each region's Network Watcher, with traffic analytics.",
  sources: [
    "/providers/Microsoft.Authorization/policyDefinitions/4c3c6c5f-0d47-4402-99b8-aa543dd8bcee",
    "https://azure.github.io/Azure-Proactive-Resiliency-Library-v2/azure-resources/Network/networkWatchers/#enable-network-security-group-and-virtual-network-flow-logs",
    "https://learn.microsoft.com/azure/network-watcher/vnet-flow-logs-overview",
  ],
  resourceTypes: ["azure-native:network:VirtualNetwork", "azure-native:network:FlowLog"],
  validateStack(resources, _config, report) {
    // One pass over the flow logs: the targets they name (lower-case ids) and the resources they depend on.
    const targets = new Set<string>();
    const dependedOn = new Set<string>();
    for (const log of ofType(resources, "azure-native:network:FlowLog")) {
      if (log.props.enabled === false) continue;
      if (typeof log.props.targetResourceId === "string")
        targets.add(log.props.targetResourceId.toLowerCase());
      for (const urn of log.dependencies) dependedOn.add(urn);
    }
    const logged = (vnet: CheckedResource) =>
      (typeof vnet.props.id === "string" && targets.has(vnet.props.id.toLowerCase())) ||
      dependedOn.has(vnet.urn);
    for (const vnet of ofType(resources, "azure-native:network:VirtualNetwork"))
      if (!logged(vnet))
        report(
          `VNet ${vnet.name} has no enabled flow log: its traffic during an incident cannot be reconstructed.`,
          vnet.urn,
        );
  },
};
