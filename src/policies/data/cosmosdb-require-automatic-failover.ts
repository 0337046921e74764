import { ResilienceCheck } from "../model";
import { aprl, cosmosLocations, cosmosType } from "./helpers";

/**
 * A multi-region Cosmos DB account with one write region moves writes to another region by itself during an outage
 * (service-managed failover, enableAutomaticFailover). Accounts with multi-region writes do not need it.
 * https://learn.microsoft.com/azure/cosmos-db/how-to-manage-database-account#automatic-failover
 */
export const dataCosmosdbRequireAutomaticFailover: ResilienceCheck = {
  name: "data-cosmosdb-require-automatic-failover",
  area: "data",
  description:
    "Multi-region Cosmos DB accounts with a single write region have service-managed (automatic) failover.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Set enableAutomaticFailover true and order locations by failoverPriority, so Azure moves the write region when the current one fails.",
  sources: [
    aprl(
      "DocumentDB/databaseAccounts",
      "enable-service-managed-failover-for-multi-region-accounts-with-single-write-region",
    ),
    "https://learn.microsoft.com/azure/cosmos-db/how-to-manage-database-account#automatic-failover",
  ],
  resourceTypes: [cosmosType],
  validateResource(resource, _config, report) {
    const regions = new Set(cosmosLocations(resource).map((l) => l.name));
    if (regions.size < 2 || resource.props.enableMultipleWriteLocations === true) return;
    if (resource.props.enableAutomaticFailover !== true)
      report(
        "the account has several regions but one write region and enableAutomaticFailover is not true: during an outage of the write region writes fail until someone fails over by hand.",
      );
  },
};
