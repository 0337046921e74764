import { ResilienceCheck, at } from "../model";

/** Log Analytics workspaces accept data from Microsoft Entra ID authenticated clients only, not the shared key. */
export const monitorWorkspaceDisableLocalAuth: ResilienceCheck = {
  name: "monitor-workspace-disable-local-auth",
  area: "monitor",
  description:
    "Log Analytics workspaces block non-Entra ingestion (features.disableLocalAuth: true; false by default).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Set features.disableLocalAuth: true on the workspace and send data with Azure Monitor Agent / data collection rules or managed identities.",
  libraryRemediation:
    "PlatformLogs sets features.disableLocalAuth: true; give every component diagnostics: platformLogs.diagnostics (AiGateway then uses that workspace instead of its own per-region workspace, which keeps local auth).",
  sources: [
    "/providers/Microsoft.Authorization/policyDefinitions/e15effd4-2278-4c65-a0da-4d6f6d1890e2",
    "https://learn.microsoft.com/azure/azure-monitor/logs/azure-ad-authentication-logs",
  ],
  resourceTypes: ["azure-native:operationalinsights:Workspace"],
  validateResource(resource, _config, report) {
    if (at(resource.props, "features.disableLocalAuth") !== true)
      report(
        "features.disableLocalAuth is not true: anyone with the workspace key can send (and forge) log data.",
      );
  },
};
