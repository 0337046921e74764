import { ResilienceCheck, num } from "../model";

/** Log Analytics workspaces keep data long enough to investigate an incident after the fact. */
export const monitorWorkspaceRequireRetention: ResilienceCheck = {
  name: "monitor-workspace-require-retention",
  area: "monitor",
  description:
    "Log Analytics workspaces retain data for at least `minimumDays` days (retentionInDays; Azure's default is 30).",
  severity: "low",
  enforcementLevel: "advisory",
  remediation:
    "Set retentionInDays on the workspace to the period your incident reviews and audits need (90 or more), or archive older data with table-level total retention.",
  libraryRemediation:
    "Use PlatformLogs (retentionInDays, default 90) and give AiGateway diagnostics: platformLogs.diagnostics: without it, AiGateway creates a 30-day workspace per region.",
  sources: [
    "https://learn.microsoft.com/azure/azure-monitor/logs/data-retention-configure",
    "https://learn.microsoft.com/azure/azure-monitor/logs/cost-logs",
  ],
  config: {
    minimumDays: { type: "number", default: 90, description: "Fewest days of interactive retention." },
  },
  resourceTypes: ["azure-native:operationalinsights:Workspace"],
  validateResource(resource, config, report) {
    const minimum = num(config, "minimumDays", 90);
    const value = resource.props.retentionInDays;
    const days = typeof value === "number" ? value : 30;
    if (days < minimum)
      report(
        `retentionInDays is ${typeof value === "number" ? value : "unset (30 days)"}, below ${minimum}: logs are gone before a late-noticed incident is investigated.`,
      );
  },
};
