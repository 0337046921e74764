import * as pulumi from "@pulumi/pulumi";
import { fail, show } from "../errors";

/**
 * How much of Microsoft's reliability and security guidance a platform buys:
 * - `dev`: the cheapest platform that still fails over (no firewall, no database, Front Door Standard, 30-day logs,
 *   no VM backup);
 * - `production`: Microsoft's reliability and security guidance for every resource, at a cost a business unit accepts;
 * - `mission-critical`: everything Microsoft recommends, including DDoS Network Protection, zone-redundant
 *   multi-region gateways and a Premium firewall whose IDPS denies.
 */
export type PlatformProfile = "dev" | "production" | "mission-critical";

export const platformProfiles: readonly PlatformProfile[] = ["dev", "production", "mission-critical"];

/** The profile a platform gets when none is given. */
export const defaultProfile: PlatformProfile = "production";

/** Checks a profile name, naming `argument` (the platform's `profile`, or a config key) in the error. */
export function checkProfile(value: unknown, argument = "profile"): PlatformProfile {
  if (value === undefined) return defaultProfile;
  if (typeof value === "string" && (platformProfiles as readonly string[]).includes(value)) {
    return value as PlatformProfile;
  }
  return fail(
    argument,
    `${argument} must be one of ${platformProfiles.map((p) => `"${p}"`).join(", ")}, but got ${show(value)}: ` +
      `"dev" is the cheapest platform that still fails over, "production" (the default) follows Microsoft's guidance, "mission-critical" adds DDoS protection, an IDPS firewall and zone-redundant multi-region gateways.`,
  );
}

/** A plain object literal (not an Output, a resource, an array or a class instance): merged key by key. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (
    value === null ||
    typeof value !== "object" ||
    Array.isArray(value) ||
    pulumi.Output.isInstance(value)
  ) {
    return false;
  }
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * `settings` over `defaults`, key by key: a plain object given by the caller is merged into the default's one, any
 * other value given (`false`, a list, an Output, `{ existing }`) replaces it. The caller's settings always win.
 */
export function overProfile<T>(defaults: unknown, settings: T): T {
  if (settings === undefined) return defaults as T;
  if (!isPlainObject(defaults) || !isPlainObject(settings) || "existing" in settings) return settings;
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(settings)) {
    merged[key] = value === undefined ? defaults[key] : overProfile(defaults[key], value);
  }
  return merged as T;
}

/** What a profile sets, part by part, in the platform's own argument names (see `WarmStandbyAiPlatformArgs`). */
export interface ProfileSettings {
  network?: Record<string, unknown>;
  models?: Record<string, unknown>;
  gateway?: Record<string, unknown>;
  frontDoor?: Record<string, unknown> | false;
  /** Applied only when the platform is given `siteRecovery` (its VMs): a profile never adds Site Recovery. */
  siteRecovery?: Record<string, unknown>;
  database?: Record<string, unknown> | false;
  automation?: Record<string, unknown>;
  observability?: Record<string, unknown>;
}

/**
 * The settings of each profile. `production` is the components' own defaults, which follow Microsoft's guidance;
 * the other two say only where they differ. `withSiteRecovery`: the platform protects VMs, whose replication needs
 * the firewall's egress (the subnets have no default outbound access), so `dev` keeps the firewall then.
 */
export function profileSettings(profile: PlatformProfile, withSiteRecovery = false): ProfileSettings {
  switch (profile) {
    case "dev":
      return {
        // Azure Firewall is the dearest part of the platform (a Standard firewall per region and hour). Without it,
        // workloads in the VNets have no outbound Internet access (subnets are private): the failover path
        // (Front Door, gateways, models over private endpoints) does not need it.
        // No VNet flow logs (traffic analytics and their storage bill per GB); diagnostics stay on.
        network: { ...(withSiteRecovery ? {} : { firewall: false }), flowLogs: false },
        // The shortest retention: the ingestion price includes 31 days.
        // https://learn.microsoft.com/azure/azure-monitor/logs/data-retention-configure
        observability: { retentionInDays: 30 },
        // Standard has no managed WAF rule sets and no Private Link origins, neither of which failover needs.
        // https://learn.microsoft.com/azure/frontdoor/standard-premium/tier-comparison
        frontDoor: { sku: "Standard_AzureFrontDoor" },
        database: false,
        // Replication is not backup, but a dev platform's VMs hold nothing that outlives a redeploy.
        siteRecovery: { backup: false },
      };
    case "production":
      return {};
    case "mission-critical":
      return {
        // IDPS in Deny mode needs the Premium tier.
        // https://learn.microsoft.com/azure/firewall/premium-features#idps
        // DDoS Network Protection on every VNet: one plan (Microsoft: a plan covers VNets across subscriptions of a
        // tenant). https://learn.microsoft.com/azure/ddos-protection/ddos-protection-overview
        network: { firewall: { tier: "Premium", intrusionDetection: "Deny" }, ddosProtection: true },
        // A year of logs for the post-incident review of any failover (up to 730 days interactive).
        observability: { retentionInDays: 365 },
        // A Premium gateway per region, pinned to all three zones with a unit in each: zone-redundant in both
        // regions ("For maximum zone redundancy, use at least two units", units "distributed evenly"), each with a
        // control plane of its own, so failover can still scale the standby while the primary region is down (one
        // premium-multi-region service keeps its management plane in the primary: "Secondary regions require
        // manual scaling adjustments"). https://learn.microsoft.com/azure/reliability/reliability-api-management
        gateway: { sku: "Premium", zoneRedundant: true, capacity: 3 },
        // On failover the standby carries both regions' load: twice its units, a multiple of its three zones.
        automation: { gatewayCapacity: 6 },
      };
  }
}

/** The parts a profile fills in only when the caller builds them (a profile never adds VMs to protect). */
const onlyWhenGiven = new Set(["siteRecovery"]);

/**
 * Settings that belong to the profile's choice of tier: a caller who picks another tier (or topology) gets none of
 * them, rather than a Premium-only setting on the tier they chose (zone pinning on StandardV2, IDPS on Standard).
 */
function withoutTierSettings(part: string, defaults: unknown, given: unknown): unknown {
  const plain = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === "object" && !Array.isArray(v);
  if (!plain(defaults) || !plain(given)) return defaults;
  if (part === "gateway" && (given.sku !== undefined || given.topology !== undefined)) {
    const rest = { ...defaults };
    delete rest.sku;
    delete rest.zoneRedundant;
    delete rest.capacity;
    return rest;
  }
  if (
    part === "network" &&
    plain(defaults.firewall) &&
    plain(given.firewall) &&
    given.firewall.tier !== undefined
  ) {
    return { ...defaults, firewall: {} };
  }
  return defaults;
}

/**
 * The platform's args with its profile's settings under them: the caller's settings win key by key, a part the
 * caller switched off (`false`) or gave as `{ existing }` stays so.
 */
export function applyProfile<A extends { profile?: PlatformProfile; siteRecovery?: unknown }>(args: A): A {
  const profile = checkProfile(args.profile);
  const settings = profileSettings(profile, args.siteRecovery !== undefined) as Record<string, unknown>;
  const resolved: Record<string, unknown> = { ...args, profile };
  for (const [part, defaults] of Object.entries(settings)) {
    const given = (args as Record<string, unknown>)[part];
    if (onlyWhenGiven.has(part) && given === undefined) continue;
    resolved[part] = overProfile(withoutTierSettings(part, defaults, given), given);
  }
  return resolved as A;
}
