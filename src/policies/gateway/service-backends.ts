import { CheckedResource, at, dependenciesOf, is, ofType } from "../model";

const serviceType = "azure-native:apimanagement:ApiManagementService";
const backendType = "azure-native:apimanagement:Backend";

/** API Management services of a stack, each with its backends (single and pool) and its policy documents. */
export function gatewayServices(resources: readonly CheckedResource[]) {
  return ofType(resources, serviceType).map((service) => {
    const belongs = (r: CheckedResource) =>
      r.dependencies.includes(service.urn) ||
      (r.props.serviceName !== undefined &&
        (r.props.serviceName === service.props.name || r.props.serviceName === service.props.serviceName));
    const backends = ofType(resources, backendType).filter(belongs);
    const pools = backends.filter(
      (b) => is(b.props.type, "Pool") || at(b.props, "pool.services") !== undefined,
    );
    const singles = backends.filter((b) => !pools.includes(b));
    return { service, belongs, pools, singles };
  });
}

/** The backends a pool lists, by id or by dependency. */
export function poolMembers(
  pool: CheckedResource,
  singles: readonly CheckedResource[],
  resources: readonly CheckedResource[],
): CheckedResource[] {
  const ids = ((at(pool.props, "pool.services") as { id?: string }[] | undefined) ?? []).map((s) =>
    s.id?.toLowerCase(),
  );
  const byDependency = dependenciesOf(resources, pool, backendType);
  return singles.filter(
    (b) =>
      (typeof b.props.id === "string" && ids.includes(b.props.id.toLowerCase())) || byDependency.includes(b),
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
