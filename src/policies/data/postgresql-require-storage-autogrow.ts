import { ResilienceCheck, at, is } from "../model";
import { aprl } from "./helpers";

/**
 * PostgreSQL flexible servers grow their storage before it fills: a full server turns read-only. storage.autoGrow is
 * 'Disabled' unless set. https://learn.microsoft.com/azure/postgresql/flexible-server/how-to-auto-grow-storage-portal
 */
export const dataPostgresqlRequireStorageAutogrow: ResilienceCheck = {
  name: "data-postgresql-require-storage-autogrow",
  area: "data",
  description:
    "PostgreSQL flexible servers have storage autogrow enabled, so a full disk does not make them read-only.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation: "Set storage.autoGrow 'Enabled' on the server and on its replicas.",
  libraryRemediation: "Keep PostgresStandby's storageAutoGrow true (its default): it sets both servers.",
  sources: [
    aprl("DBforPostgreSQL/flexibleServers", "configure-storage-auto-grow"),
    "https://learn.microsoft.com/azure/postgresql/flexible-server/how-to-auto-grow-storage-portal",
  ],
  resourceTypes: ["azure-native:dbforpostgresql:Server"],
  validateResource(resource, _config, report) {
    const grow = at(resource.props, "storage.autoGrow");
    if (!is(grow, "Enabled"))
      report(
        `storage autogrow is ${JSON.stringify(grow ?? "Disabled")}: when storage fills the server becomes read-only.`,
      );
  },
};
