import { postgresRegions } from "../../database/spec";
import { ResilienceCheck, at, locationOf, ofType, referenced } from "../model";

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
  resourceTypes: ["azure-native:dbforpostgresql:Server"],
  validateStack(resources, _config, report) {
    const servers = ofType(resources, "azure-native:dbforpostgresql:Server");
    for (const server of servers.filter((s) => s.props.createMode !== "Replica")) {
      const mode = at(server.props, "highAvailability.mode");
      const zoneRedundantOffered =
        postgresRegions.get(locationOf(server) ?? "")?.zoneRedundantHa !== "no" &&
        postgresRegions.get(locationOf(server) ?? "")?.zoneRedundantHa !== "blocked";
      if (mode !== "ZoneRedundant" && (zoneRedundantOffered || mode !== "SameZone")) {
        report(
          `server ${server.name} has no zone-redundant HA (mode ${JSON.stringify(at(server.props, "highAvailability.mode") ?? "Disabled")}).`,
          server.urn,
        );
      }
      const geoBackup = at(server.props, "backup.geoRedundantBackup") === "Enabled";
      const replica = servers.some(
        (r) =>
          r.props.createMode === "Replica" &&
          (referenced([server], r.props.sourceServerResourceId) !== undefined ||
            r.dependencies.includes(server.urn)) &&
          r.props.location !== server.props.location,
      );
      if (!geoBackup && !replica)
        report(
          `server ${server.name} has neither geo-redundant backup nor a replica in another region: a regional outage loses it.`,
          server.urn,
        );
    }
  },
};
