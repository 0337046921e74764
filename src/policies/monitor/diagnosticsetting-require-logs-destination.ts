import { ResilienceCheck } from "../model";

const destinations = [
  "workspaceId",
  "storageAccountId",
  "eventHubAuthorizationRuleId",
  "marketplacePartnerId",
];

/** Diagnostic settings collect resource logs and send them somewhere. */
export const monitorDiagnosticsettingRequireLogsDestination: ResilienceCheck = {
  name: "monitor-diagnosticsetting-require-logs-destination",
  area: "monitor",
  description:
    'Diagnostic settings enable resource logs (logs[] with enabled: true, best categoryGroup "allLogs") and name a destination (workspaceId, storageAccountId, eventHubAuthorizationRuleId or marketplacePartnerId).',
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    'Set logs: [{ categoryGroup: "allLogs", enabled: true }] and workspaceId (a Log Analytics workspace) on the diagnostic setting.',
  sources: [
    "https://learn.microsoft.com/azure/azure-monitor/essentials/diagnostic-settings",
    "https://azure.github.io/Azure-Proactive-Resiliency-Library-v2/azure-resources/Web/sites/",
  ],
  resourceTypes: ["azure-native:monitor:DiagnosticSetting"],
  validateResource(resource, _config, report) {
    const logs =
      (resource.props.logs as
        { enabled?: unknown; category?: unknown; categoryGroup?: unknown }[] | undefined) ?? [];
    if (!logs.some((l) => l && l.enabled === true && (l.category || l.categoryGroup)))
      report("no log category or category group is enabled: the setting collects no resource logs.");
    if (!destinations.some((d) => typeof resource.props[d] === "string" && resource.props[d] !== ""))
      report(`no destination (${destinations.join(", ")}): the logs go nowhere.`);
  },
};
