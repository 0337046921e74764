import { CheckedResource, ResilienceCheck, at, locationOf, ofType, originsOf } from "../model";

/** The region an origin runs in: its Private Link location, or the location of the stack resource serving its host. */
function originRegion(origin: CheckedResource, resources: readonly CheckedResource[]): string | undefined {
  const privateLink = at(origin.props, "sharedPrivateLinkResource.privateLinkLocation");
  if (typeof privateLink === "string") return privateLink.toLowerCase();
  const host = origin.props.hostName;
  if (typeof host !== "string") return undefined;
  const serving = resources.find(
    (r) =>
      r !== origin &&
      locationOf(r) &&
      Object.values(r.props).some(
        (v) => typeof v === "string" && v.replace(/^https:\/\//, "").replace(/\/.*$/, "") === host,
      ),
  );
  return locationOf(serving);
}

/** Every origin group has at least two enabled origins, in different regions. */
export const frontdoorOriginGroupRequireTwoRegions: ResilienceCheck = {
  name: "frontdoor-origin-group-require-two-regions",
  area: "frontdoor",
  description: "Every Front Door origin group has at least two enabled origins, in different regions.",
  severity: "critical",
  enforcementLevel: "mandatory",
  remediation:
    "Add an enabled origin in a second region (the standby gateway), so a regional outage leaves one to fail over to.",
  resourceTypes: ["azure-native:cdn:AFDOriginGroup", "azure-native:cdn:AFDOrigin"],
  validateStack(resources, _config, report) {
    for (const group of ofType(resources, "azure-native:cdn:AFDOriginGroup")) {
      const enabled = originsOf(resources, group).filter((o) => o.props.enabledState !== "Disabled");
      if (enabled.length < 2) {
        report(
          `origin group ${group.name} has ${enabled.length} enabled origin(s): a second region is needed to fail over to.`,
          group.urn,
        );
        continue;
      }
      const regions = enabled.map((o) => originRegion(o, resources));
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
