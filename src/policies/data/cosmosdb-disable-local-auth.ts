import { ResilienceCheck } from "../model";
import { builtInPolicy, cosmosType } from "./helpers";

/**
 * Cosmos DB accounts accept only Microsoft Entra identities: account keys (local authentication) work unless
 * disableLocalAuth is true. https://learn.microsoft.com/azure/cosmos-db/how-to-setup-rbac#disable-local-auth
 */
export const dataCosmosdbDisableLocalAuth: ResilienceCheck = {
  name: "data-cosmosdb-disable-local-auth",
  area: "data",
  description:
    "Cosmos DB accounts disable local (key-based) authentication, so only Microsoft Entra identities get in.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Set disableLocalAuth true and give applications Cosmos DB data-plane role assignments (sqlRoleAssignments) on their managed identities.",
  sources: [
    builtInPolicy("5450f5bd-9c72-4390-a9c4-a7aba4edfdd2"),
    "https://learn.microsoft.com/azure/cosmos-db/how-to-setup-rbac#disable-local-auth",
  ],
  resourceTypes: [cosmosType],
  validateResource(resource, _config, report) {
    if (resource.props.disableLocalAuth !== true)
      report(
        "local authentication is on (disableLocalAuth is not true): anyone holding an account key reads and writes all data.",
      );
  },
};
