import { ResilienceCheck, is } from "../model";
import { builtInPolicy, cosmosType } from "./helpers";

/**
 * Cosmos DB accounts are not open to every network: publicNetworkAccess 'Disabled' (private endpoints), or a firewall
 * (ipRules, or virtual network filtering). Without either the account accepts requests from anywhere.
 * https://learn.microsoft.com/azure/cosmos-db/how-to-configure-firewall
 */
export const dataCosmosdbRestrictPublicAccess: ResilienceCheck = {
  name: "data-cosmosdb-restrict-public-access",
  area: "data",
  description: "Cosmos DB accounts disable public network access or restrict it with firewall rules.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Set publicNetworkAccess 'Disabled' and add private endpoints (group 'Sql', zone privatelink.documents.azure.com), or set ipRules and isVirtualNetworkFilterEnabled true with virtualNetworkRules for the callers.",
  sources: [
    builtInPolicy("797b37f7-06b8-444c-b1ad-fc62867f335a"),
    builtInPolicy("862e97cf-49fc-4a5c-9de4-40d4e2e7c8eb"),
    "https://learn.microsoft.com/azure/cosmos-db/how-to-configure-firewall",
  ],
  resourceTypes: [cosmosType],
  validateResource(resource, _config, report) {
    const access = resource.props.publicNetworkAccess;
    const ipRules = Array.isArray(resource.props.ipRules) ? resource.props.ipRules.length : 0;
    const vnetFilter = resource.props.isVirtualNetworkFilterEnabled === true;
    if (!is(access, "Disabled") && ipRules === 0 && !vnetFilter)
      report(
        `public network access is ${JSON.stringify(access ?? "Enabled")} with no ipRules and no virtual network filter: the account answers requests from any network.`,
      );
  },
};
