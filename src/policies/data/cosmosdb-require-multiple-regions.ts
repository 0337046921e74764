import { ResilienceCheck } from "../model";
import { aprl, cosmosLocations, cosmosType } from "./helpers";

/**
 * Cosmos DB accounts replicate to at least two regions: a single-region account is down (and may lose writes) for as
 * long as its region is. https://learn.microsoft.com/azure/cosmos-db/high-availability
 */
export const dataCosmosdbRequireMultipleRegions: ResilienceCheck = {
  name: "data-cosmosdb-require-multiple-regions",
  area: "data",
  description: "Cosmos DB accounts replicate to at least two regions.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Add a second entry to locations (locationName the standby region, failoverPriority 1), and set enableAutomaticFailover true.",
  sources: [
    aprl("DocumentDB/databaseAccounts", "configure-at-least-two-regions-for-high-availability"),
    "https://learn.microsoft.com/azure/cosmos-db/high-availability",
  ],
  resourceTypes: [cosmosType],
  validateResource(resource, _config, report) {
    const regions = new Set(cosmosLocations(resource).map((l) => l.name));
    if (regions.size < 2)
      report(
        `the account is in ${regions.size === 1 ? `one region (${[...regions][0]})` : "a single region"}: a regional outage takes its data offline.`,
      );
  },
};
