import { CheckedResource, at, dependenciesOf, ofType } from "../model";

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
      (b) => b.props.type === "Pool" || at(b.props, "pool.services") !== undefined,
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
