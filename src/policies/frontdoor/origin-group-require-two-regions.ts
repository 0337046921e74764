import { CheckedResource, ResilienceCheck, at, locationOf } from "../model";
import { frontDoorSources, isEnabled, originsByGroup } from "./helpers";

/** Location of every stack resource by the host names it serves, built once per stack. */
function regionsByHost(resources: readonly CheckedResource[]): Map<string, string> {
  const byHost = new Map<string, string>();
  for (const r of resources) {
    if (r.type === "azure-native:cdn:AFDOrigin") continue;
    const location = locationOf(r);
    if (!location) continue;
    for (const v of Object.values(r.props)) {
      if (typeof v !== "string" || v.length > 300) continue;
      const host = v.replace(/^https:\/\//, "").replace(/\/.*$/, "");
      if (!byHost.has(host)) byHost.set(host, location);
    }
  }
  return byHost;
}

/** The region an origin runs in: its Private Link location, or the location of the stack resource serving its host. */
function originRegion(origin: CheckedResource, byHost: Map<string, string>): string | undefined {
  const privateLink = at(origin.props, "sharedPrivateLinkResource.privateLinkLocation");
  if (typeof privateLink === "string") return privateLink.toLowerCase().replace(/\s+/g, "");
  const host = origin.props.hostName;
  return typeof host === "string" ? byHost.get(host) : undefined;
}

/**
 * Every origin group that is meant to fail over (two or more origins) has at least two enabled origins, in different
 * regions, so that Front Door can route around a region-wide failure (Microsoft's reliability guide for Front Door,
 * https://learn.microsoft.com/azure/reliability/reliability-front-door, "resilience to region-wide failures"). A group of one origin is not failover: Microsoft's advice for it
 * is to disable its probes (frontdoor-origin-group-single-origin-disable-probes), not to add a region.
 */
export const frontdoorOriginGroupRequireTwoRegions: ResilienceCheck = {
  name: "frontdoor-origin-group-require-two-regions",
  area: "frontdoor",
  description:
    "Every Front Door origin group with two or more origins has at least two enabled origins, in different regions.",
  severity: "critical",
  enforcementLevel: "mandatory",
  remediation:
    "Keep an enabled origin (enabledState 'Enabled') in a second region, e.g. the second region's gateway or app, so a regional outage leaves one to fail over to.",
  libraryRemediation:
    "FrontDoorFailover's `origins` must name origins in two regions (`region`), each enabled (`enabled` not false); WarmStandbyAiPlatform passes the primary and standby gateways.",
  sources: [frontDoorSources.reliability],
  resourceTypes: ["azure-native:cdn:AFDOriginGroup", "azure-native:cdn:AFDOrigin"],
  validateStack(resources, _config, report) {
    let byHost: Map<string, string> | undefined;
    for (const [group, origins] of originsByGroup(resources)) {
      if (origins.length < 2) continue;
      const enabled = origins.filter((o) => isEnabled(o.props));
      if (enabled.length < 2) {
        report(
          `origin group ${group.name} has ${enabled.length} enabled origin(s): a second region is needed to fail over to.`,
          group.urn,
        );
        continue;
      }
      byHost ??= regionsByHost(resources);
      const regions = enabled.map((o) => originRegion(o, byHost!));
      const known = new Set(regions.filter((r): r is string => r !== undefined));
      if (known.size === 1 && regions.every((r) => r !== undefined)) {
        report(
          `origin group ${group.name}: every enabled origin runs in ${[...known][0]}; one regional outage takes them all.`,
          group.urn,
        );
      }
    }
  },
};
