import type { ResilienceCheck } from "../model";
import { monitorActiongroupRequireEnabled } from "./actiongroup-require-enabled";
import { monitorActiongroupRequireReceiver } from "./actiongroup-require-receiver";
import { monitorActivitylogalertRequireAction } from "./activitylogalert-require-action";
import { monitorApimRequireCapacityAlert } from "./apim-require-capacity-alert";
import { monitorAutomationRequireJobAlert } from "./automation-require-job-alert";
import { monitorDiagnosticsettingRequireLogsDestination } from "./diagnosticsetting-require-logs-destination";
import { monitorFirewallRequireMetricAlerts } from "./firewall-require-metric-alerts";
import { monitorMetricalertRequireAction } from "./metricalert-require-action";
import { monitorMetricalertRequireEnabled } from "./metricalert-require-enabled";
import { monitorResourceRequireDiagnosticSetting } from "./resource-require-diagnostic-setting";
import { monitorResourcehealthRequireAlert } from "./resourcehealth-require-alert";
import { monitorServicehealthRequireEventTypes } from "./servicehealth-require-event-types";
import { monitorWorkspaceDisableLocalAuth } from "./workspace-disable-local-auth";
import { monitorWorkspaceRequireRetention } from "./workspace-require-retention";
import { monitorWorkspaceRestrictPublicAccess } from "./workspace-restrict-public-access";

/** The monitor checks, in the order the pack lists them. */
export const monitorChecks: readonly ResilienceCheck[] = [
  monitorWorkspaceRequireRetention,
  monitorWorkspaceDisableLocalAuth,
  monitorWorkspaceRestrictPublicAccess,
  monitorActiongroupRequireEnabled,
  monitorActiongroupRequireReceiver,
  monitorMetricalertRequireEnabled,
  monitorMetricalertRequireAction,
  monitorActivitylogalertRequireAction,
  monitorServicehealthRequireEventTypes,
  monitorResourcehealthRequireAlert,
  monitorFirewallRequireMetricAlerts,
  monitorApimRequireCapacityAlert,
  monitorAutomationRequireJobAlert,
  monitorDiagnosticsettingRequireLogsDestination,
  monitorResourceRequireDiagnosticSetting,
];
