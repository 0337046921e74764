import { CheckedResource, dependenciesOf, is, ofType, referenced } from "../model";

/** Azure Proactive Resiliency Library (v2) page of a resource type, at one recommendation. */
export const aprl = (resourceType: string, anchor: string) =>
  `https://azure.github.io/Azure-Proactive-Resiliency-Library-v2/azure-resources/${resourceType}/#${anchor}`;

/** A built-in Azure Policy definition id. */
export const builtInPolicy = (guid: string) => `/providers/Microsoft.Authorization/policyDefinitions/${guid}`;

export const storageAccountType = "azure-native:storage:StorageAccount";
export const blobServiceType = "azure-native:storage:BlobServiceProperties";

/**
 * Storage accounts that hold blobs (every kind but FileStorage), each with the BlobServiceProperties that configure
 * it: by dependency on the account, or by the account name it gives. One pass over the stack.
 */
export function blobAccounts(
  resources: readonly CheckedResource[],
): { account: CheckedResource; services: CheckedResource[] }[] {
  const accounts = ofType(resources, storageAccountType).filter((a) => !is(a.props.kind, "FileStorage"));
  const byUrn = new Map(accounts.map((a) => [a.urn, a]));
  const byName = new Map<unknown, CheckedResource>();
  for (const a of accounts) byName.set(a.props.accountName ?? a.name, a);
  const services = new Map<string, CheckedResource[]>();
  for (const service of ofType(resources, blobServiceType)) {
    const account =
      service.dependencies.map((d) => byUrn.get(d)).find((a) => a !== undefined) ??
      byName.get(service.props.accountName);
    if (account) services.set(account.urn, [...(services.get(account.urn) ?? []), service]);
  }
  return accounts.map((account) => ({ account, services: services.get(account.urn) ?? [] }));
}

export const cosmosType = "azure-native:cosmosdb:DatabaseAccount";

/** A Cosmos DB account's regions: `locations[].locationName`, lower-case without spaces. */
export function cosmosLocations(account: CheckedResource): { name: string; zoneRedundant: boolean }[] {
  const locations = Array.isArray(account.props.locations) ? account.props.locations : [];
  return locations
    .filter((l): l is Record<string, unknown> => l !== null && typeof l === "object")
    .map((l) => ({
      name: typeof l.locationName === "string" ? l.locationName.toLowerCase().replace(/\s+/g, "") : "",
      zoneRedundant: l.isZoneRedundant === true,
    }));
}

/**
 * The read replicas of each PostgreSQL server (createMode 'Replica' whose source is it, by id, name or dependency),
 * found in one pass over the servers.
 */
export function postgresReplicas(
  servers: readonly CheckedResource[],
): (server: CheckedResource) => CheckedResource[] {
  const bySource = new Map<CheckedResource, CheckedResource[]>();
  for (const r of servers.filter((s) => is(s.props.createMode, "Replica"))) {
    const sources = new Set([
      referenced(servers, r.props.sourceServerResourceId),
      ...dependenciesOf(servers, r),
    ]);
    for (const source of sources) if (source) bySource.set(source, [...(bySource.get(source) ?? []), r]);
  }
  return (server) => bySource.get(server) ?? [];
}
