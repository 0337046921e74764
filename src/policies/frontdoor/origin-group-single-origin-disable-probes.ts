import { ResilienceCheck, at } from "../model";
import { frontDoorSources, isEnabled, originsByGroup } from "./helpers";

/**
 * A group with a single origin has nothing to fail over to, so its probes only add load: "If you have a single
 * origin in your origin group, you can choose to disable health probes to reduce the load on your application"
 * (https://learn.microsoft.com/azure/frontdoor/health-probes#disabling-health-probes; APRL 38f3d542 "Disable health
 * probes when there is only one origin in an origin group"). Probes are disabled by leaving healthProbeSettings out.
 */
export const frontdoorOriginGroupSingleOriginDisableProbes: ResilienceCheck = {
  name: "frontdoor-origin-group-single-origin-disable-probes",
  area: "frontdoor",
  description:
    "Origin groups with a single enabled origin have health probes disabled: there is no other origin to fail over to, and each edge location's probes load the origin.",
  severity: "low",
  enforcementLevel: "advisory",
  remediation:
    "Leave healthProbeSettings out of the single-origin AFDOriginGroup (probes off); add probes back when a second origin joins the group.",
  libraryRemediation:
    "FrontDoorFailover always builds two or more origins with probes; a single-origin group was made outside it.",
  sources: [`${frontDoorSources.healthProbes}#disabling-health-probes`, frontDoorSources.aprlProfiles],
  resourceTypes: ["azure-native:cdn:AFDOriginGroup"],
  validateStack(resources, _config, report) {
    for (const [group, origins] of originsByGroup(resources)) {
      if (origins.length === 0 || origins.filter((o) => isEnabled(o.props)).length !== 1) continue;
      if (
        at(group.props, "healthProbeSettings") === undefined ||
        at(group.props, "healthProbeSettings") === null
      )
        continue;
      report(
        `origin group ${group.name} has a single enabled origin but probes it: with nowhere to fail over to, the probes from every edge location only add load (Microsoft advises disabling them).`,
        group.urn,
      );
    }
  },
};
