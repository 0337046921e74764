import { CheckedResource, ResilienceCheck, at, is, isTierOne, locationOf, ofType } from "../model";
import { aprl, postgresReplicas } from "./helpers";

const serverType = "azure-native:dbforpostgresql:Server";

/**
 * Tier-1 PostgreSQL servers have a read replica in another region, of the same size: geo-restore alone takes hours and
 * loses up to an hour of data, and "promote to primary server" needs "identical tiers and storage sizes".
 * https://learn.microsoft.com/azure/postgresql/read-replica/concepts-read-replicas-geo,
 * https://learn.microsoft.com/azure/postgresql/read-replica/concepts-read-replicas-promote
 */
export const dataPostgresqlTier1RequireGeoReplica: ResilienceCheck = {
  name: "data-postgresql-tier1-require-geo-replica",
  area: "data",
  description:
    "PostgreSQL flexible servers tagged tier 1 have a read replica in another region with the same compute size and storage.",
  severity: "critical",
  enforcementLevel: "mandatory",
  remediation:
    "Add a read replica in the standby region (createMode 'Replica', sourceServerResourceId the server's id) with the same sku and storage size, and a read-write virtual endpoint so clients keep their host name after promotion.",
  libraryRemediation:
    "PostgresStandby builds the standby replica with the primary's skuName and storageSizeGB and a virtual endpoint: tag its servers tier 1 only with virtualEndpoint left on.",
  sources: [
    aprl("DBforPostgreSQL/flexibleServers", "configure-one-or-more-read-replicas"),
    "https://learn.microsoft.com/azure/postgresql/read-replica/concepts-read-replicas-geo",
    "https://learn.microsoft.com/azure/postgresql/read-replica/concepts-read-replicas-promote",
  ],
  resourceTypes: ["azure-native:dbforpostgresql:Server"],
  validateStack(resources, _config, report) {
    const servers = ofType(resources, serverType);
    const replicasOf = postgresReplicas(servers);
    for (const server of servers.filter((s) => !is(s.props.createMode, "Replica") && isTierOne(s))) {
      const here = locationOf(server);
      const elsewhere = replicasOf(server).filter(
        (r) => locationOf(r) !== undefined && locationOf(r) !== here,
      );
      if (elsewhere.length === 0) {
        report(
          `tier-1 server ${server.name} has no read replica in another region: a regional outage leaves only a geo-restore (hours, up to an hour of data lost).`,
          server.urn,
        );
        continue;
      }
      const size = (r: CheckedResource) => [at(r.props, "sku.name"), at(r.props, "storage.storageSizeGB")];
      const [sku, storage] = size(server);
      const matching = elsewhere.filter((r) => {
        const [rSku, rStorage] = size(r);
        return rSku === sku && rStorage === storage;
      });
      if (matching.length === 0) {
        const [rSku, rStorage] = size(elsewhere[0]);
        report(
          `tier-1 server ${server.name} (${String(sku)}, ${String(storage)} GiB) has a replica ${elsewhere[0].name} of another size (${String(rSku)}, ${String(rStorage)} GiB): it can only be promoted standalone, not to primary.`,
          server.urn,
        );
      }
    }
  },
};
