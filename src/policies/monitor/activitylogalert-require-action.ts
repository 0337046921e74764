import { ResilienceCheck } from "../model";
import { actionGroupIds } from "./helpers";

/** Activity log alerts are enabled and call an action group. */
export const monitorActivitylogalertRequireAction: ResilienceCheck = {
  name: "monitor-activitylogalert-require-action",
  area: "monitor",
  description:
    "Activity log alerts (Service Health, Resource Health, administrative) are enabled and call at least one action group.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Set enabled: true and actions.actionGroups: [{ actionGroupId }] on the activity log alert, pointing at an action group that reaches people or automation.",
  libraryRemediation:
    "Give FailoverAutomation alertEmails: its global-service health alert calls the e-mail action group only when alertEmails are set.",
  sources: [
    "https://learn.microsoft.com/azure/service-health/alerts-activity-log-service-notifications-portal",
    "https://learn.microsoft.com/azure/azure-monitor/alerts/action-groups",
  ],
  resourceTypes: ["azure-native:monitor:ActivityLogAlert"],
  validateResource(resource, _config, report) {
    if (resource.props.enabled === false) report("enabled is false: the alert never fires.");
    if (actionGroupIds(resource).length === 0)
      report("actions.actionGroups is empty: when the alert fires, nobody is told and nothing starts.");
  },
};
