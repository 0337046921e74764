import { postgresRegions } from "../../database/spec";
import { ResilienceCheck, at, is, locationOf, ofType } from "../model";
import { aprl, postgresReplicas } from "./helpers";

/**
 * PostgreSQL: zone-redundant HA for zone failures, plus geo-redundant backup or a geo replica for region failures.
 * Where Microsoft's region table says new zone-redundant HA is not offered (none, or "temporarily blocked"), a
 * same-zone standby is the best Azure allows there (https://learn.microsoft.com/azure/postgresql/overview#azure-regions).
 */
export const dataPostgresqlRequireHaAndGeo: ResilienceCheck = {
  name: "data-postgresql-require-ha-and-geo",
  area: "data",
  description:
    "PostgreSQL flexible servers have zone-redundant high availability and either geo-redundant backup or a replica in another region.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Set highAvailability.mode 'ZoneRedundant' (General Purpose or Memory Optimized; 'SameZone' where the region offers no new zone-redundant HA) and backup.geoRedundantBackup 'Enabled' at creation, or add a geo read replica (createMode 'Replica').",
  libraryRemediation:
    "Keep PostgresStandby's highAvailability 'ZoneRedundant' (its default; 'SameZone' only where Microsoft's region table offers no zone-redundant HA) and its standby replica; geoRedundantBackup is on by default where the primary region offers it.",
  sources: [
    aprl("DBforPostgreSQL/flexibleServers", "enable-ha-with-zone-redundancy"),
    aprl("DBforPostgreSQL/flexibleServers", "configure-geo-redundant-backup-storage"),
    aprl("DBforPostgreSQL/flexibleServers", "configure-one-or-more-read-replicas"),
    "https://learn.microsoft.com/azure/reliability/reliability-database-postgresql",
  ],
  resourceTypes: ["azure-native:dbforpostgresql:Server"],
  validateStack(resources, _config, report) {
    const servers = ofType(resources, "azure-native:dbforpostgresql:Server");
    const replicasOf = postgresReplicas(servers);
    for (const server of servers.filter((s) => !is(s.props.createMode, "Replica"))) {
      const mode = at(server.props, "highAvailability.mode");
      const offered = postgresRegions.get(locationOf(server) ?? "")?.zoneRedundantHa;
      const zoneRedundantOffered = offered !== "no" && offered !== "blocked";
      if (!is(mode, "ZoneRedundant") && (zoneRedundantOffered || !is(mode, "SameZone"))) {
        report(
          `server ${server.name} has no zone-redundant HA (mode ${JSON.stringify(mode ?? "Disabled")}).`,
          server.urn,
        );
      }
      const geoBackup = is(at(server.props, "backup.geoRedundantBackup"), "Enabled");
      const replica = replicasOf(server).some((r) => locationOf(r) !== locationOf(server));
      if (!geoBackup && !replica)
        report(
          `server ${server.name} has neither geo-redundant backup nor a replica in another region: a regional outage loses it.`,
          server.urn,
        );
    }
  },
};
