import { ResilienceCheck, regionHasZones } from "../model";
import { aprl, cosmosLocations, cosmosType } from "./helpers";

/**
 * Each region of a Cosmos DB account spreads its replicas over availability zones (locations[].isZoneRedundant, off
 * unless set), where the region has zones. https://learn.microsoft.com/azure/reliability/reliability-cosmos-db-nosql
 */
export const dataCosmosdbRequireZoneRedundancy: ResilienceCheck = {
  name: "data-cosmosdb-require-zone-redundancy",
  area: "data",
  description: "Cosmos DB accounts are zone redundant in every region that has availability zones.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Set isZoneRedundant true on each entry of locations in a region with availability zones (for an existing region, remove and re-add it).",
  sources: [
    aprl("DocumentDB/databaseAccounts", "enable-availability-zones"),
    "https://learn.microsoft.com/azure/reliability/reliability-cosmos-db-nosql",
  ],
  resourceTypes: [cosmosType],
  validateResource(resource, _config, report) {
    const missing = cosmosLocations(resource).filter((l) => !l.zoneRedundant && regionHasZones(l.name));
    if (missing.length > 0)
      report(
        `not zone redundant in ${missing.map((l) => l.name).join(", ")} (isZoneRedundant not true), though the region has availability zones: one zone's outage reaches the account there.`,
      );
  },
};
