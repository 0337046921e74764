import { ResilienceCheck, at, is } from "../model";
import { aprl } from "./helpers";

/**
 * PostgreSQL flexible servers choose when Azure patches them (a custom maintenance window), instead of a
 * system-managed slot: planned maintenance restarts the server. maintenanceWindow.customWindow 'Enabled'.
 * https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-maintenance
 */
export const dataPostgresqlRequireCustomMaintenance: ResilienceCheck = {
  name: "data-postgresql-require-custom-maintenance",
  area: "data",
  description:
    "PostgreSQL flexible servers have a custom maintenance window, so patching restarts happen at a chosen time.",
  severity: "low",
  enforcementLevel: "advisory",
  remediation:
    "Set maintenanceWindow { customWindow: 'Enabled', dayOfWeek, startHour, startMinute } to a quiet hour, on the primary and on replicas (at different times).",
  libraryRemediation:
    "PostgresStandby leaves the maintenance window to Azure: set maintenanceWindow on its servers with a Pulumi transform, or with az postgres flexible-server update --maintenance-window after deployment.",
  sources: [
    aprl("DBforPostgreSQL/flexibleServers", "enable-custom-maintenance-schedule"),
    "https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-maintenance",
  ],
  resourceTypes: ["azure-native:dbforpostgresql:Server"],
  validateResource(resource, _config, report) {
    if (!is(at(resource.props, "maintenanceWindow.customWindow"), "Enabled"))
      report(
        "no custom maintenance window (maintenanceWindow.customWindow is not 'Enabled'): Azure picks when patching restarts the server.",
      );
  },
};
