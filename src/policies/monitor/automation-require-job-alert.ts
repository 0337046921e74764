import { ResilienceCheck, ofType } from "../model";
import { alertedMetrics } from "./helpers";

/** Every Automation account has a metric alert on its runbook jobs (TotalJob by Status). */
export const monitorAutomationRequireJobAlert: ResilienceCheck = {
  name: "monitor-automation-require-job-alert",
  area: "monitor",
  description:
    "Every Automation account is watched by an enabled metric alert on TotalJob (jobs by Status), so failed runbook jobs are heard of.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    'Add a metric alert scoped to the account on TotalJob (Total) above 0 with dimension Status including "Failed", "Suspended" and "Stopped", calling an action group.',
  libraryRemediation:
    "FailoverAutomation alerts on its own account's failed jobs; for other accounts use OperationsAlerts' automationAccounts.ids.",
  sources: [
    "https://learn.microsoft.com/azure/automation/automation-alert-metric",
    "https://github.com/Azure/azure-monitor-baseline-alerts/blob/main/services/Automation/automationAccounts/alerts.yaml",
  ],
  resourceTypes: ["azure-native:automation:AutomationAccount", "azure-native:monitor:MetricAlert"],
  validateStack(resources, _config, report) {
    for (const account of ofType(resources, "azure-native:automation:AutomationAccount"))
      if (!alertedMetrics(resources, account).has("totaljob"))
        report(
          `Automation account ${account.name} has no enabled metric alert on TotalJob: a failover or failback runbook that fails is heard of by nobody.`,
          account.urn,
        );
  },
};
