import { CheckedResource, at, dependenciesOf, is, ofType } from "../model";

const serviceType = "azure-native:apimanagement:ApiManagementService";
const backendType = "azure-native:apimanagement:Backend";

/** API Management services of a stack, each with its backends (single and pool) and its policy documents. */
export function gatewayServices(resources: readonly CheckedResource[]) {
  const services = ofType(resources, serviceType);
  const ownersOf = serviceOwners(resources);
  const backendsOf = new Map<CheckedResource, CheckedResource[]>(services.map((s) => [s, []]));
  for (const backend of ofType(resources, backendType))
    for (const owner of ownersOf(backend)) backendsOf.get(owner)!.push(backend);
  return services.map((service) => {
    const belongs = (r: CheckedResource) => ownersOf(r).has(service);
    const backends = backendsOf.get(service)!;
    const pools = backends.filter(
      (b) => is(b.props.type, "Pool") || at(b.props, "pool.services") !== undefined,
    );
    const poolSet = new Set(pools);
    const singles = backends.filter((b) => !poolSet.has(b));
    return { service, belongs, pools, singles };
  });
}

/** The API Management services a resource of the stack belongs to: one it depends on, or one it names. */
export function serviceOwners(resources: readonly CheckedResource[]) {
  const services = ofType(resources, serviceType);
  const byUrn = new Map(services.map((s) => [s.urn, s]));
  const byName = new Map<unknown, CheckedResource[]>();
  for (const s of services)
    for (const name of new Set([s.props.name, s.props.serviceName]))
      if (name !== undefined) byName.set(name, [...(byName.get(name) ?? []), s]);
  /** The services a resource belongs to: one it depends on, or one it names (`serviceName`). */
  const ownersOf = (r: CheckedResource): Set<CheckedResource> =>
    new Set([
      ...r.dependencies.map((urn) => byUrn.get(urn)).filter((s): s is CheckedResource => s !== undefined),
      ...(r.props.serviceName !== undefined ? (byName.get(r.props.serviceName) ?? []) : []),
    ]);
  return ownersOf;
}

/** The backends a pool lists, by id or by dependency. */
export function poolMembers(
  pool: CheckedResource,
  singles: readonly CheckedResource[],
  resources: readonly CheckedResource[],
): CheckedResource[] {
  const ids = new Set(
    ((at(pool.props, "pool.services") as { id?: string }[] | undefined) ?? []).map((s) =>
      s.id?.toLowerCase(),
    ),
  );
  const byDependency = new Set(dependenciesOf(resources, pool, backendType));
  return singles.filter(
    (b) => (typeof b.props.id === "string" && ids.has(b.props.id.toLowerCase())) || byDependency.has(b),
  );
}

/** Microsoft's sources the API Management service checks share. */
export const apimSources = {
  /** APRL recommendations for Microsoft.ApiManagement/service. */
  aprl: "https://azure.github.io/Azure-Proactive-Resiliency-Library-v2/azure-resources/ApiManagement/service/",
  reliability: "https://learn.microsoft.com/azure/reliability/reliability-api-management",
  protocols: "https://learn.microsoft.com/azure/api-management/api-management-howto-manage-protocols-ciphers",
};

/** The SKU name of an API Management service (`Premium`, `StandardV2`, ...), or undefined. */
export const apimSku = (service: CheckedResource): unknown => at(service.props, "sku.name");

/** The unit count of an API Management service; ARM's `sku.capacity` is required, so absent means unknown. */
export const apimCapacity = (service: CheckedResource): number | undefined => {
  const capacity = at(service.props, "sku.capacity");
  return typeof capacity === "number" ? capacity : undefined;
};
