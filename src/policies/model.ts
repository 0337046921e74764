import { XMLParser } from "fast-xml-parser";
import { lookupRegion } from "../regions/catalog";

/** A resource as a check sees it: from CrossGuard (`pulumi preview --policy-pack`) or from an offline plan. */
export interface CheckedResource {
  readonly urn: string;
  /** Type token, e.g. `azure-native:cdn:AFDOrigin`. */
  readonly type: string;
  readonly name: string;
  /** Inputs (and, where known, outputs such as `id`). */
  readonly props: Record<string, unknown>;
  /** URNs this resource depends on. */
  readonly dependencies: readonly string[];
}

export type Severity = "low" | "medium" | "high" | "critical";
export type Area =
  | "frontdoor"
  | "models"
  | "gateway"
  | "network"
  | "recovery"
  | "automation"
  | "data"
  | "compute"
  | "apps"
  | "monitor";
export type Report = (message: string, urn?: string) => void;
export type CheckConfig = Record<string, unknown>;

/** One resilience or security check, written once and run by both the policy pack and `plan`. */
export interface ResilienceCheck {
  /** Stable name: `<area>-<resource>-<verb>-<noun>`. */
  readonly name: string;
  readonly area: Area;
  readonly description: string;
  readonly severity: Severity;
  /**
   * Whether a violation blocks a deployment (configurable per policy in the pack): usually "mandatory" for high and
   * critical problems and "advisory" for recommendations; a few medium checks are mandatory because the failover
   * path depends on them (token limit, failover budget, firewall zones, replica disks, custom subdomain, storage
   * redundancy and TLS).
   */
  readonly enforcementLevel: "mandatory" | "advisory";
  /** How to fix a violation, in one or two sentences, in the resource's own property names. */
  readonly remediation: string;
  /**
   * How to fix it with this library's arguments, for resources its components created (their URN names an
   * `azure-ai-failover:` component); `remediation` is used for every other resource.
   */
  readonly libraryRemediation?: string;
  /**
   * Microsoft's guidance this check enforces: Learn URLs, Azure Proactive Resiliency Library ids/URLs
   * (https://azure.github.io/Azure-Proactive-Resiliency-Library-v2/...) or built-in Azure Policy definition ids.
   */
  readonly sources: readonly string[];
  /** Thresholds, with their defaults. */
  readonly config?: Record<
    string,
    { type: "number" | "string" | "array"; default: unknown; description: string }
  >;
  /**
   * Resource types (azure-native v3 tokens) the check judges: a resource check runs on each resource of these types;
   * a stack check reads them. A resource counts as covered when at least one check names its type.
   */
  readonly resourceTypes: readonly string[];
  validateResource?(resource: CheckedResource, config: CheckConfig, report: Report): void;
  validateStack?(resources: readonly CheckedResource[], config: CheckConfig, report: Report): void;
}

/**
 * Whether an enum-like value equals one of the options, compared the way ARM compares enum values:
 * case-insensitively (`"enabled"` is `"Enabled"`).
 */
export function is(value: unknown, ...options: string[]): boolean {
  if (typeof value !== "string") return false;
  const lower = value.toLowerCase();
  return options.some((o) => o.toLowerCase() === lower);
}

/** Whether a resource has a system- or user-assigned managed identity (`identity.type` other than `None`). */
export function hasManagedIdentity(resource: CheckedResource): boolean {
  const type = at(resource.props, "identity.type");
  return typeof type === "string" && type !== "" && !is(type, "None");
}

/** Reads a dotted path (`properties.disableLocalAuth`) from props. */
export function at(value: unknown, dotted: string): unknown {
  let node: unknown = value;
  for (const key of dotted.split(".")) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/**
 * Lookups over one stack, built once per resource list and shared by every check that runs on it (the list is the
 * same array for the whole pack), so a check's cost grows with the resources it reads, not with their pairs.
 */
interface StackIndex {
  readonly byType: Map<string, CheckedResource[]>;
  readonly byUrn: Map<string, CheckedResource>;
  readonly position: Map<CheckedResource, number>;
  readonly byId: Map<string, CheckedResource>;
  readonly byName: Map<string, CheckedResource[]>;
}
const indexes = new WeakMap<readonly CheckedResource[], StackIndex>();

function indexOf(resources: readonly CheckedResource[]): StackIndex {
  let index = indexes.get(resources);
  if (index) return index;
  index = { byType: new Map(), byUrn: new Map(), position: new Map(), byId: new Map(), byName: new Map() };
  resources.forEach((r, i) => {
    const list = index!.byType.get(r.type);
    if (list) list.push(r);
    else index!.byType.set(r.type, [r]);
    if (!index!.byUrn.has(r.urn)) index!.byUrn.set(r.urn, r);
    index!.position.set(r, i);
    if (typeof r.props.id === "string" && !index!.byId.has(r.props.id.toLowerCase()))
      index!.byId.set(r.props.id.toLowerCase(), r);
    for (const name of new Set([r.props.name, r.name]))
      if (typeof name === "string") {
        const named = index!.byName.get(name);
        if (named) named.push(r);
        else index!.byName.set(name, [r]);
      }
  });
  indexes.set(resources, index);
  return index;
}

export const ofType = (resources: readonly CheckedResource[], ...types: string[]): CheckedResource[] => {
  const { byType, position } = indexOf(resources);
  if (types.length === 1) return [...(byType.get(types[0]) ?? [])];
  return types.flatMap((t) => byType.get(t) ?? []).sort((a, b) => position.get(a)! - position.get(b)!);
};

/** The resource a value (an ARM id, or a name) refers to, by id, then by name among the given types. */
export function referenced(
  resources: readonly CheckedResource[],
  ref: unknown,
  types?: string[],
): CheckedResource | undefined {
  if (typeof ref !== "string" || ref === "") return undefined;
  const { byId, byName } = indexOf(resources);
  const fits = (r: CheckedResource | undefined) => r !== undefined && (!types || types.includes(r.type));
  const byIdFound = byId.get(ref.toLowerCase());
  if (fits(byIdFound)) return byIdFound;
  // by name: the first of the given types in stack order
  return (byName.get(ref) ?? []).find(fits);
}

/** Resources of the given types that `resource` depends on (by URN), in stack order. */
export function dependenciesOf(
  resources: readonly CheckedResource[],
  resource: CheckedResource,
  ...types: string[]
) {
  const { byUrn, position } = indexOf(resources);
  return [...new Set(resource.dependencies)]
    .map((urn) => byUrn.get(urn))
    .filter((r): r is CheckedResource => r !== undefined && (types.length === 0 || types.includes(r.type)))
    .sort((a, b) => position.get(a)! - position.get(b)!);
}

/** The Front Door origins of an origin group: by dependency, or by the group name they give. */
export function originsOf(resources: readonly CheckedResource[], group: CheckedResource): CheckedResource[] {
  return ofType(resources, "azure-native:cdn:AFDOrigin").filter(
    (o) =>
      o.dependencies.includes(group.urn) ||
      (o.props.originGroupName !== undefined && o.props.originGroupName === group.props.originGroupName),
  );
}

/** Lower-case ARM location without spaces (`East US 2` -> `eastus2`), or undefined. */
export function locationOf(resource: CheckedResource | undefined): string | undefined {
  const location = resource?.props.location;
  return typeof location === "string" && location !== ""
    ? location.toLowerCase().replace(/\s+/g, "")
    : undefined;
}

/** Whether a region has availability zones, as far as the catalog knows. */
export const regionHasZones = (location: string | undefined) =>
  location ? (lookupRegion(location)?.availabilityZones ?? false) : false;

/** Tags that mark a resource as tier 1 (critical): `tier: 1`, `tier: tier-1`, `criticality: critical`... */
export function isTierOne(resource: CheckedResource): boolean {
  const tags = (resource.props.tags ?? {}) as Record<string, unknown>;
  const tier = String(tags.tier ?? tags.Tier ?? "")
    .toLowerCase()
    .replace(/[\s_-]/g, "");
  const criticality = String(tags.criticality ?? tags.Criticality ?? "").toLowerCase();
  return ["1", "tier1", "t1"].includes(tier) || criticality === "critical" || criticality === "tier1";
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseAttributeValue: false,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

/** Every element named `tag` anywhere in an API Management policy document, with its attributes. */
export function findElements(xml: string, tag: string): Record<string, string>[] {
  let doc: unknown;
  try {
    doc = parser.parse(xml);
  } catch {
    return [];
  }
  const found: Record<string, string>[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (key === tag) {
        for (const element of Array.isArray(value) ? value : [value]) {
          const attributes: Record<string, string> = {};
          if (element && typeof element === "object") {
            for (const [k, v] of Object.entries(element as Record<string, unknown>))
              if (typeof v === "string") attributes[k] = v;
          }
          found.push(attributes);
        }
      }
      walk(value);
    }
  };
  walk(doc);
  return found;
}

/** Policy XML documents of API Management in a stack, with the service each belongs to. */
export function apimPolicies(
  resources: readonly CheckedResource[],
): { resource: CheckedResource; serviceName: unknown; xml: string }[] {
  return ofType(
    resources,
    "azure-native:apimanagement:ApiPolicy",
    "azure-native:apimanagement:Policy",
    "azure-native:apimanagement:ApiOperationPolicy",
    "azure-native:apimanagement:ProductPolicy",
  )
    .filter((r) => typeof r.props.value === "string")
    .map((r) => ({ resource: r, serviceName: r.props.serviceName, xml: r.props.value as string }));
}

/** A number from check config, or the default. */
export function num(config: CheckConfig, key: string, fallback: number): number {
  const value = config[key];
  return typeof value === "number" ? value : fallback;
}
