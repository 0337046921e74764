import { ResilienceCheck, at } from "../model";

/** Flow logs feed traffic analytics, so their records are read, not only stored. */
export const networkFlowlogEnableTrafficAnalytics: ResilienceCheck = {
  name: "network-flowlog-enable-traffic-analytics",
  area: "network",
  description:
    "Flow logs have traffic analytics enabled, processing every 10 or 60 minutes, into a Log Analytics workspace.",
  severity: "low",
  enforcementLevel: "advisory",
  remediation:
    "Set flowAnalyticsConfiguration.networkWatcherFlowAnalyticsConfiguration: { enabled: true, workspaceResourceId, trafficAnalyticsInterval: 10 }.",
  sources: [
    "/providers/Microsoft.Authorization/policyDefinitions/2f080164-9f4d-497e-9db6-416dc9f7b48a",
    "https://azure.github.io/Azure-Proactive-Resiliency-Library-v2/azure-resources/Network/networkWatchers/#enable-traffic-analytics-in-network-security-group-and-virtual-network-flow-logs-configuration",
    "https://learn.microsoft.com/azure/network-watcher/traffic-analytics",
  ],
  resourceTypes: ["azure-native:network:FlowLog"],
  validateResource(resource, _config, report) {
    const analytics = at(
      resource.props,
      "flowAnalyticsConfiguration.networkWatcherFlowAnalyticsConfiguration",
    ) as Record<string, unknown> | undefined;
    if (analytics?.enabled !== true) {
      report(
        `flow log ${resource.name} has no traffic analytics: its records are stored but nobody sees hot spots or threats.`,
      );
      return;
    }
    const interval = analytics.trafficAnalyticsInterval;
    if (
      interval !== undefined &&
      interval !== 10 &&
      interval !== 60 &&
      interval !== "10" &&
      interval !== "60"
    )
      report(
        `flow log ${resource.name} has trafficAnalyticsInterval ${String(interval)}: Azure accepts 10 or 60 minutes.`,
      );
  },
};
