import { ResilienceCheck, ofType } from "../model";
import { alertedMetrics } from "./helpers";

const defaults = ["FirewallHealth", "SNATPortUtilization", "FirewallLatencyPng"];

/** Every Azure Firewall has metric alerts on its health, SNAT port utilization and latency. */
export const monitorFirewallRequireMetricAlerts: ResilienceCheck = {
  name: "monitor-firewall-require-metric-alerts",
  area: "monitor",
  description:
    "Every Azure Firewall is watched by enabled metric alerts on FirewallHealth, SNATPortUtilization and FirewallLatencyPng.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Add metric alerts scoped to the firewall: FirewallHealth (Average) below 90, SNATPortUtilization (Average) above 80, FirewallLatencyPng (Average over 15 minutes) above 30 ms, each calling an action group.",
  libraryRemediation:
    "Use OperationsAlerts' firewalls.ids (WarmStandbyAiPlatform's alerts part does, unless alerts.firewall is false).",
  sources: [
    "https://azure.github.io/Azure-Proactive-Resiliency-Library-v2/azure-resources/Network/azureFirewalls/",
    "https://github.com/Azure/azure-monitor-baseline-alerts/blob/main/services/Network/azureFirewalls/alerts.yaml",
    "https://learn.microsoft.com/azure/firewall/monitor-firewall-reference",
  ],
  config: {
    metrics: {
      type: "array",
      default: defaults,
      description: "Firewall metrics that must each have an enabled metric alert.",
    },
  },
  resourceTypes: ["azure-native:network:AzureFirewall", "azure-native:monitor:MetricAlert"],
  validateStack(resources, config, report) {
    const required = Array.isArray(config.metrics) ? (config.metrics as string[]) : defaults;
    for (const firewall of ofType(resources, "azure-native:network:AzureFirewall")) {
      const watched = alertedMetrics(resources, firewall);
      const missing = required.filter((m) => !watched.has(m.toLowerCase()));
      if (missing.length > 0)
        report(
          `firewall ${firewall.name} has no enabled metric alert on ${missing.join(", ")}: SNAT exhaustion or an overloaded firewall drops the platform's outbound connections before anyone hears of it.`,
          firewall.urn,
        );
    }
  },
};
