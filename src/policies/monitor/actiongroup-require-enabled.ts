import { ResilienceCheck } from "../model";

/** Action groups are enabled: a disabled group drops every alert sent to it. */
export const monitorActiongroupRequireEnabled: ResilienceCheck = {
  name: "monitor-actiongroup-require-enabled",
  area: "monitor",
  description: "Action groups are enabled (enabled: true).",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Set enabled: true on the action group; a disabled group sends no notification and starts no runbook, webhook or function.",
  sources: ["https://learn.microsoft.com/azure/azure-monitor/alerts/action-groups"],
  resourceTypes: ["azure-native:monitor:ActionGroup"],
  validateResource(resource, _config, report) {
    if (resource.props.enabled === false)
      report("enabled is false: alerts routed to this action group notify nobody and start nothing.");
  },
};
