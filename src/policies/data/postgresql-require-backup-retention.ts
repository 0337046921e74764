import { ResilienceCheck, at, is, num } from "../model";
import { aprl } from "./helpers";

/**
 * PostgreSQL flexible servers keep backups long enough to restore from a mistake found late: backup.backupRetentionDays
 * is 7 when not set and accepts 7–35 (https://learn.microsoft.com/azure/postgresql/backup-restore/concepts-backup-restore).
 * Replicas have no backup settings of their own and are skipped.
 */
export const dataPostgresqlRequireBackupRetention: ResilienceCheck = {
  name: "data-postgresql-require-backup-retention",
  area: "data",
  description:
    "PostgreSQL flexible servers keep backups for at least the minimum retention (7 days by default).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation: "Set backup.backupRetentionDays to at least the minimum (7–35 days).",
  libraryRemediation:
    "Set PostgresStandby's backupRetentionDays (14 by default, 7–35) to at least the minimum.",
  sources: [
    aprl("DBforPostgreSQL/flexibleServers", "configure-geo-redundant-backup-storage"),
    "https://learn.microsoft.com/azure/postgresql/backup-restore/concepts-backup-restore",
  ],
  config: {
    minimumDays: { type: "number", default: 7, description: "Shortest backup retention accepted, in days." },
  },
  resourceTypes: ["azure-native:dbforpostgresql:Server"],
  validateResource(resource, config, report) {
    if (is(resource.props.createMode, "Replica")) return;
    const days = at(resource.props, "backup.backupRetentionDays");
    const kept = typeof days === "number" ? days : 7;
    const minimum = num(config, "minimumDays", 7);
    if (kept < minimum)
      report(
        `backups are kept ${kept} days${typeof days === "number" ? "" : " (the default)"}, under ${minimum}: a mistake found later cannot be restored.`,
      );
  },
};
