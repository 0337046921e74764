import { ResilienceCheck, at, is, num } from "../model";

type Duration = { count?: unknown; durationType?: unknown };

const daysPer: Record<string, number> = { days: 1, weeks: 7, months: 30, years: 365 };

/** A duration in days, or undefined when it is not given or not understood. */
function days(duration: Duration | undefined): number | undefined {
  if (!duration || typeof duration.count !== "number" || typeof duration.durationType !== "string")
    return undefined;
  const per = daysPer[duration.durationType.toLowerCase()];
  return per === undefined ? undefined : duration.count * per;
}

/** Backups are kept long enough to restore from before a problem was noticed. */
export const recoveryProtectionpolicyRequireRetention: ResilienceCheck = {
  name: "recovery-protectionpolicy-require-retention",
  area: "recovery",
  description: "Azure Backup policies keep their daily (or simple) recovery points for at least minimumDays.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    'Raise properties.retentionPolicy.dailySchedule.retentionDuration (LongTermRetentionPolicy) or properties.retentionPolicy.retentionDuration (SimpleRetentionPolicy) to { count: 30, durationType: "Days" } or what your recovery point objective and compliance need.',
  sources: [
    "https://learn.microsoft.com/azure/backup/guidance-best-practices",
    "https://learn.microsoft.com/azure/backup/backup-azure-vms-first-look-arm",
  ],
  config: {
    minimumDays: {
      type: "number",
      default: 7,
      description: "Shortest retention, in days, of daily recovery points.",
    },
  },
  resourceTypes: ["azure-native:recoveryservices:ProtectionPolicy"],
  validateResource(resource, config, report) {
    const minimum = num(config, "minimumDays", 7);
    const retention = at(resource.props, "properties.retentionPolicy") as Record<string, unknown> | undefined;
    if (!retention) return;
    const kept = is(retention.retentionPolicyType, "SimpleRetentionPolicy")
      ? days(retention.retentionDuration as Duration | undefined)
      : days(at(retention, "dailySchedule.retentionDuration") as Duration | undefined);
    if (kept !== undefined && kept < minimum)
      report(
        `backup policy ${resource.name} keeps daily recovery points for ${kept} days, fewer than ${minimum}: corruption noticed later has no clean point to restore.`,
      );
  },
};
