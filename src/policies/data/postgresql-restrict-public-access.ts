import { ResilienceCheck, at, is } from "../model";
import { builtInPolicy } from "./helpers";

/**
 * PostgreSQL flexible servers are not on the Internet: public network access is off (private endpoints), or the
 * server is injected in a VNet (which has no public endpoint).
 * https://learn.microsoft.com/azure/postgresql/network/concepts-networking-private-link,
 * https://learn.microsoft.com/azure/postgresql/network/concepts-networking-private
 */
export const dataPostgresqlRestrictPublicAccess: ResilienceCheck = {
  name: "data-postgresql-restrict-public-access",
  area: "data",
  description:
    "PostgreSQL flexible servers have public network access disabled (private endpoints) or are injected in a virtual network.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Set network.publicNetworkAccess 'Disabled' and reach the server through a private endpoint (group 'postgresqlServer', zone privatelink.postgres.database.azure.com), or deploy it in a delegated subnet (network.delegatedSubnetResourceId).",
  libraryRemediation:
    "PostgresStandby always turns public network access off and adds private endpoints: give it privateEndpoints (privateEndpointsIn(network.descriptor, 'endpoints')) rather than changing its servers.",
  sources: [
    builtInPolicy("5e1de0e3-42cb-4ebc-a86d-61d0c619ca48"),
    "https://learn.microsoft.com/azure/postgresql/network/concepts-networking-private-link",
  ],
  resourceTypes: ["azure-native:dbforpostgresql:Server"],
  validateResource(resource, _config, report) {
    const access = at(resource.props, "network.publicNetworkAccess");
    const delegated = at(resource.props, "network.delegatedSubnetResourceId");
    if (!is(access, "Disabled") && !(typeof delegated === "string" && delegated !== "")) {
      report(
        `public network access is ${JSON.stringify(access ?? "Enabled")}: the server listens on the Internet, guarded only by firewall rules and credentials.`,
      );
    }
  },
};
