import * as pulumi from "@pulumi/pulumi";
import * as resources from "@pulumi/azure-native/resources";
import { fail, show } from "../errors";
import { childName } from "../naming/names";
import type { AzureRegion } from "../regions/catalog";
import { RegionPair, RegionPairArgs, regionPair } from "../regions/pair";

/** Resource group names per role; both are created by the component when not given. */
export interface ResourceGroupNames {
  primary: pulumi.Input<string>;
  standby: pulumi.Input<string>;
}

/** Primary and standby, for values built once per region. */
export interface PerRegion<T> {
  readonly primary: T;
  readonly standby: T;
}

export type Role = keyof PerRegion<unknown>;
export const roles: readonly Role[] = ["primary", "standby"];

/** Accepts either plain region names or an already validated pair. */
export function toRegionPair(regions: RegionPairArgs | RegionPair, argument = "regions"): RegionPair {
  const given = regions as Partial<RegionPair> | undefined;
  if (given && typeof given.primary === "object" && given.primary !== null && Array.isArray(given.regions)) {
    return regions as RegionPair;
  }
  return regionPair(regions as RegionPairArgs, argument);
}

/** Checks a `resourceGroups` argument: both names, or none. */
export function checkResourceGroups(given: ResourceGroupNames | undefined): void {
  if (
    given !== undefined &&
    (given === null || typeof given !== "object" || !given.primary || !given.standby)
  ) {
    fail(
      "resourceGroups",
      `resourceGroups must give both { primary, standby } names, or be left out to create one group per region, but got ${show(given)}.`,
    );
  }
}

/** The resource groups a component builds into: the given names, or one new group per region. */
export function resourceGroupsFor(
  name: string,
  pair: RegionPair,
  given: ResourceGroupNames | undefined,
  parent: pulumi.Resource,
  tags: Record<string, string>,
): PerRegion<pulumi.Output<string>> {
  const build = (role: Role, region: AzureRegion): pulumi.Output<string> =>
    given
      ? pulumi.output(given[role])
      : new resources.ResourceGroup(
          childName(name, "rg", region),
          { location: region.name, tags: { ...tags, "failover-role": role } },
          { parent },
        ).name;
  return { primary: build("primary", pair.primary), standby: build("standby", pair.standby) };
}

/** Checks that `tags` is a map of strings. */
export function checkTags(tags: unknown, argument = "tags"): Record<string, string> {
  if (tags === undefined) return {};
  if (
    tags === null ||
    typeof tags !== "object" ||
    Array.isArray(tags) ||
    Object.values(tags).some((v) => typeof v !== "string")
  ) {
    fail(argument, `${argument} must map tag names to string values, but got ${show(tags)}.`);
  }
  return tags as Record<string, string>;
}

/** What every regional component's args share. */
export interface RegionalArgs {
  regions: RegionPairArgs | RegionPair;
  resourceGroups?: ResourceGroupNames;
  tags?: Record<string, string>;
}

/**
 * Checks the args every regional component shares (an args object, the region pair, resource groups, tags) and
 * returns the validated pair and tags.
 */
export function checkRegionalArgs(component: string, name: string, args: RegionalArgs | undefined) {
  if (!args || typeof args !== "object")
    fail("args", `${component} "${name}" needs args, but got ${show(args)}.`);
  const pair = toRegionPair(args.regions);
  const tags = checkTags(args.tags);
  checkResourceGroups(args.resourceGroups);
  return { pair, tags };
}

/** `/subscriptions/<id>/resourceGroups/<name>` of a resource id (the id itself when it is not inside a group). */
export function resourceGroupScope(id: string): string {
  return /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+/i.exec(id)?.[0] ?? id;
}
