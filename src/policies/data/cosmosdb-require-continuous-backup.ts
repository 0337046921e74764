import { ResilienceCheck, at, is } from "../model";
import { aprl, cosmosType } from "./helpers";

/**
 * Cosmos DB accounts use continuous backup, restorable by the team to any point in the retention window; periodic
 * backup (what accounts get unless backupPolicy.type is 'Continuous') needs a support request to restore.
 * https://learn.microsoft.com/azure/cosmos-db/continuous-backup-restore-introduction
 */
export const dataCosmosdbRequireContinuousBackup: ResilienceCheck = {
  name: "data-cosmosdb-require-continuous-backup",
  area: "data",
  description: "Cosmos DB accounts use continuous backup (self-service point-in-time restore).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Set backupPolicy { type: 'Continuous', continuousModeProperties: { tier: 'Continuous7Days' or 'Continuous30Days' } }.",
  sources: [
    aprl("DocumentDB/databaseAccounts", "configure-continuous-backup-mode"),
    "https://learn.microsoft.com/azure/cosmos-db/continuous-backup-restore-introduction",
  ],
  resourceTypes: [cosmosType],
  validateResource(resource, _config, report) {
    const type = at(resource.props, "backupPolicy.type");
    if (!is(type, "Continuous"))
      report(
        `backup is ${JSON.stringify(type ?? "Periodic")}: restoring needs a support request and takes longer than a self-service point-in-time restore.`,
      );
  },
};
