import type { ResilienceCheck } from "../model";
import { monitorActiongroupRequireEnabled } from "./actiongroup-require-enabled";
import { monitorActiongroupRequireReceiver } from "./actiongroup-require-receiver";
import { monitorActivitylogalertRequireAction } from "./activitylogalert-require-action";
import { monitorDiagnosticsettingRequireLogsDestination } from "./diagnosticsetting-require-logs-destination";
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
  monitorDiagnosticsettingRequireLogsDestination,
  monitorResourceRequireDiagnosticSetting,
];
