import { fail, show } from "../errors";
import { nearest } from "../internal/strings";
import { AzureRegion, azureRegions, lookupRegion } from "./catalog";

/** The two regions of a warm-standby platform, as ARM location names. */
export interface RegionPairArgs {
  /** Region that serves traffic on an ordinary day, e.g. `eastus2`. */
  primary: string;
  /** Region kept warm to take over, e.g. `centralus`. Must differ from `primary`. */
  standby: string;
}

/** A validated primary/standby pair with the facts components decide on. */
export interface RegionPair {
  readonly primary: AzureRegion;
  readonly standby: AzureRegion;
  /** Both regions, primary first: the order in which per-region resources are built. */
  readonly regions: readonly [AzureRegion, AzureRegion];
  /** True when the regions are an Azure region pair (platform updates are sequenced across them). */
  readonly isAzurePair: boolean;
  /**
   * True when the regions are in different Azure geographies, so data replicated to the standby leaves
   * the primary's geography. Allowed, but a data-residency decision the owner must make knowingly.
   */
  readonly crossesGeography: boolean;
  /** Plain-language findings about the pair (crossing geographies, no zones...) for reports. */
  readonly notes: readonly string[];
}

/** Returns the region for an ARM name, or throws naming the argument and the nearest valid name. */
export function requireRegion(argument: string, value: unknown): AzureRegion {
  if (value === undefined || value === null || value === "") {
    fail(argument, `${argument} is required: give an Azure region name such as "eastus2".`);
  }
  if (typeof value !== "string") {
    fail(
      argument,
      `${argument} must be an Azure region name (a string such as "eastus2"), but got ${show(value)}.`,
    );
  }
  const region = lookupRegion(value);
  if (region) return region;
  const suggested = suggestRegion(value);
  fail(
    argument,
    `${argument}: ${show(value)} is not an Azure region` +
      (suggested ? `; did you mean "${suggested}"?` : '; use an ARM location name such as "eastus2".') +
      " (Regions are named as `az account list-locations -o table` prints them in the Name column.)",
  );
}

/** The ARM name nearest to `value`, comparing against both ARM names and display names. */
function suggestRegion(value: string): string | undefined {
  const armNameByCandidate = new Map<string, string>();
  for (const region of azureRegions.values()) {
    armNameByCandidate.set(region.name, region.name);
    armNameByCandidate.set(region.displayName, region.name);
  }
  const match = nearest(value, [...armNameByCandidate.keys()]);
  return match === undefined ? undefined : armNameByCandidate.get(match);
}

/**
 * Validates a primary/standby region pair.
 *
 * @param args the two ARM region names.
 * @param argument how the caller calls this argument in its own args, for error messages.
 * @throws InvalidArgumentError when a region is missing or unknown, or both are the same.
 */
export function regionPair(args: RegionPairArgs, argument = "regions"): RegionPair {
  if (args === undefined || args === null || typeof args !== "object") {
    fail(
      argument,
      `${argument} is required: give { primary: "<region>", standby: "<region>" }, but got ${show(args)}.`,
    );
  }
  const primary = requireRegion(`${argument}.primary`, args.primary);
  const standby = requireRegion(`${argument}.standby`, args.standby);
  if (primary.name === standby.name) {
    fail(
      `${argument}.standby`,
      `${argument}.standby must differ from ${argument}.primary, but both are "${primary.name}"` +
        (primary.pairedRegion ? `; the Azure pair of "${primary.name}" is "${primary.pairedRegion}".` : "."),
    );
  }
  const isAzurePair = primary.pairedRegion === standby.name || standby.pairedRegion === primary.name;
  const crossesGeography = primary.geography !== standby.geography;
  const notes: string[] = [];
  if (crossesGeography) {
    notes.push(
      `Data leaves the ${primary.geography} geography: the standby ${standby.name} is in ${standby.geography}. ` +
        "Confirm this is allowed by your data-residency rules.",
    );
  }
  if (!isAzurePair) {
    notes.push(
      `${primary.name} and ${standby.name} are not an Azure region pair: platform updates are not sequenced across ` +
        "them, and geo-redundant storage replicates to the paired region, not to the standby.",
    );
  }
  for (const region of [primary, standby]) {
    if (!region.availabilityZones) {
      notes.push(`${region.name} has no availability zones: zone-redundant options fall back to regional.`);
    }
  }
  return Object.freeze({
    primary,
    standby,
    regions: [primary, standby] as const,
    isAzurePair,
    crossesGeography,
    notes: Object.freeze(notes),
  });
}
