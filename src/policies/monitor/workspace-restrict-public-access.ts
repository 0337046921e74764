import { ResilienceCheck, is } from "../model";

/** Log Analytics workspaces take ingestion and queries through Azure Monitor Private Link only. */
export const monitorWorkspaceRestrictPublicAccess: ResilienceCheck = {
  name: "monitor-workspace-restrict-public-access",
  area: "monitor",
  description:
    'Log Analytics workspaces disable public ingestion and query (publicNetworkAccessForIngestion and publicNetworkAccessForQuery "Disabled"; both default to "Enabled").',
  severity: "low",
  enforcementLevel: "advisory",
  remediation:
    'Set publicNetworkAccessForIngestion and publicNetworkAccessForQuery to "Disabled" on the workspace and connect it to an Azure Monitor Private Link Scope.',
  sources: [
    "/providers/Microsoft.Authorization/policyDefinitions/6c53d030-cc64-46f0-906d-2bc061cd1334",
    "https://learn.microsoft.com/azure/azure-monitor/logs/private-link-security",
  ],
  resourceTypes: ["azure-native:operationalinsights:Workspace"],
  validateResource(resource, _config, report) {
    for (const key of ["publicNetworkAccessForIngestion", "publicNetworkAccessForQuery"]) {
      const value = resource.props[key];
      if (!is(value, "Disabled"))
        report(
          `${key} is ${JSON.stringify(value ?? "unset (Enabled)")}: the workspace is reachable from public networks.`,
        );
    }
  },
};
