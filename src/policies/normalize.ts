import type { CheckedResource } from "./model";
import azureTypes from "./azure-types.json";

const aliases = azureTypes.aliases as Record<string, string>;
let unlocated: Set<string> | undefined;

/**
 * The current (azure-native v3) type token of any azure-native token: an API-versioned token
 * (`azure-native:network/v20230501:VirtualNetwork`) loses its version, and a token of a module that moved
 * (`azure-native:network:Policy`, `azure-native:insights:ActivityLogAlert`) becomes the v3 one, as azure-native's
 * own resources declare in their aliases (src/policies/azure-types.json, written by scripts/azure-types.js).
 */
export function currentType(type: string): string {
  if (!type.startsWith("azure-native:")) return type;
  const unversioned = type.replace(/^azure-native:([^/:]+)\/[^:]+:/, "azure-native:$1:");
  return aliases[unversioned] ?? unversioned;
}

/** What a stack says about itself that the resources do not: the provider's default region. */
export interface StackContext {
  /** `azure-native:location` from the stack's config: the region of resources that name none. */
  readonly defaultLocation?: string;
}

/**
 * The one resource model every policy reads: current type tokens, and the provider's default region on resources
 * that take a location and give none (as azure-native applies it,
 * https://www.pulumi.com/registry/packages/azure-native/installation-configuration/#configuration-options).
 */
export function normalizeResources(
  resources: readonly CheckedResource[],
  context: StackContext = {},
): CheckedResource[] {
  const fallback = context.defaultLocation;
  return resources.map((resource) => {
    const type = currentType(resource.type);
    const needsLocation =
      fallback !== undefined &&
      fallback !== "" &&
      type.startsWith("azure-native:") &&
      (resource.props.location === undefined || resource.props.location === "") &&
      !(unlocated ??= new Set(azureTypes.unlocated)).has(type);
    if (type === resource.type && !needsLocation) return resource;
    return {
      ...resource,
      type,
      props: needsLocation ? { ...resource.props, location: fallback } : resource.props,
    };
  });
}
