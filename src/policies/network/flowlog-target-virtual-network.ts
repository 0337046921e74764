import { ResilienceCheck } from "../model";

/** New flow logs target virtual networks: NSG flow logs are being retired. */
export const networkFlowlogTargetVirtualNetwork: ResilienceCheck = {
  name: "network-flowlog-target-virtual-network",
  area: "network",
  description:
    "Flow logs target virtual networks (VNet flow logs), not network security groups: NSG flow logs can no longer be created since 30 June 2025 and retire on 30 September 2027.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Point targetResourceId at the virtual network (or a subnet or NIC) instead of the network security group: VNet flow logs also record what the NSG allowed or denied.",
  sources: [
    "https://learn.microsoft.com/azure/network-watcher/nsg-flow-logs-overview",
    "https://learn.microsoft.com/azure/network-watcher/vnet-flow-logs-overview",
  ],
  resourceTypes: ["azure-native:network:FlowLog"],
  validateResource(resource, _config, report) {
    const target = resource.props.targetResourceId;
    if (typeof target === "string" && /\/networkSecurityGroups\//i.test(target))
      report(
        `flow log ${resource.name} targets a network security group: NSG flow logs cannot be created since 30 June 2025 and stop on 30 September 2027.`,
      );
  },
};
