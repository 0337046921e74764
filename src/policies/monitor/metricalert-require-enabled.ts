import { ResilienceCheck } from "../model";

/** Metric alerts are enabled. */
export const monitorMetricalertRequireEnabled: ResilienceCheck = {
  name: "monitor-metricalert-require-enabled",
  area: "monitor",
  description: "Metric alert rules are enabled (enabled: true).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation: "Set enabled: true on the metric alert, or delete the rule if it is no longer wanted.",
  sources: ["https://learn.microsoft.com/azure/azure-monitor/alerts/alerts-create-metric-alert-rule"],
  resourceTypes: ["azure-native:monitor:MetricAlert"],
  validateResource(resource, _config, report) {
    if (resource.props.enabled === false)
      report("enabled is false: the condition is never evaluated and nobody hears of it.");
  },
};
