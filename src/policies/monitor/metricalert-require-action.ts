import { ResilienceCheck } from "../model";

/** Metric alerts call an action group: an alert without one only shows in the portal. */
export const monitorMetricalertRequireAction: ResilienceCheck = {
  name: "monitor-metricalert-require-action",
  area: "monitor",
  description: "Metric alert rules call at least one action group (actions[].actionGroupId).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Add actions: [{ actionGroupId }] to the metric alert, pointing at an action group that reaches the on-call team.",
  libraryRemediation:
    "Give FailoverAutomation alertEmails: its metric alerts (failed runs, overload) call the e-mail action group only when alertEmails are set.",
  sources: [
    "https://learn.microsoft.com/azure/azure-monitor/alerts/alerts-create-metric-alert-rule",
    "https://learn.microsoft.com/azure/azure-monitor/alerts/action-groups",
  ],
  resourceTypes: ["azure-native:monitor:MetricAlert"],
  validateResource(resource, _config, report) {
    const actions = (resource.props.actions as { actionGroupId?: unknown }[] | undefined) ?? [];
    if (!actions.some((a) => a && a.actionGroupId !== undefined && a.actionGroupId !== ""))
      report("the alert calls no action group: when it fires, nobody is told.");
  },
};
