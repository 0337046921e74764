import { ResilienceCheck } from "../model";
import { hasAlerting, workingAlerts } from "./helpers";

/** A stack that sets up alerting also has a Resource Health alert: it says when one of its resources is unavailable. */
export const monitorResourcehealthRequireAlert: ResilienceCheck = {
  name: "monitor-resourcehealth-require-alert",
  area: "monitor",
  description:
    "When a stack declares alerting, an enabled Resource Health activity log alert calls an action group.",
  severity: "low",
  enforcementLevel: "advisory",
  remediation:
    'Add an activity log alert with condition.allOf [{ field: "category", equals: "ResourceHealth" }] (optionally filtered on properties.currentHealthStatus Unavailable/Degraded), scoped to the subscription or resource groups, calling an action group.',
  libraryRemediation:
    "Use OperationsAlerts (WarmStandbyAiPlatform's alerts part does): a Resource Health alert on the primary and standby resource groups, unless resourceHealth is false.",
  sources: [
    "https://azure.github.io/Azure-Proactive-Resiliency-Library-v2/azure-resources/Insights/activityLogAlerts/",
    "https://learn.microsoft.com/azure/service-health/resource-health-alert-monitor-guide",
  ],
  resourceTypes: ["azure-native:monitor:ActivityLogAlert", "azure-native:monitor:ActionGroup"],
  validateStack(resources, _config, report) {
    if (!hasAlerting(resources)) return;
    if (workingAlerts(resources, "ResourceHealth").length === 0)
      report(
        "no enabled Resource Health alert calls an action group: a resource that becomes unavailable or degraded alerts nobody.",
      );
  },
};
