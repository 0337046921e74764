import { ResilienceCheck, at, is } from "../model";
import { frontDoorSources, isEnabled, originsByGroup } from "./helpers";

/**
 * An origin group with two or more enabled origins probes them: with an explicit GET or HEAD (Front Door's probe
 * methods; Microsoft's API Management-behind-Front Door guide uses GET on /status-0123456789abcdef,
 * https://learn.microsoft.com/azure/api-management/front-door-api-management), on a dedicated path (not "/", which
 * tests the home page, not health: APRL 5225bba3 "Select good health probe endpoints"). Groups with a single
 * origin are not judged here: Microsoft's advice for those is to disable probes
 * (frontdoor-origin-group-single-origin-disable-probes).
 */
export const frontdoorOriginGroupRequireHealthProbe: ResilienceCheck = {
  name: "frontdoor-origin-group-require-health-probe",
  area: "frontdoor",
  description:
    "Origin groups with two or more enabled origins have a health probe: GET or HEAD, on a dedicated path other than '/'.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Set healthProbeSettings { probeRequestType: 'HEAD' (or 'GET' where the health endpoint needs it), probeProtocol: 'Https', probeIntervalInSeconds, probePath: '/healthz' (or API Management's /status-0123456789abcdef) }.",
  libraryRemediation:
    "FrontDoorFailover probes every origin with HTTPS GET on `probePath` (default /status-0123456789abcdef; WarmStandbyAiPlatform passes the gateways' health path): set `probePath` to the origins' health endpoint.",
  sources: [
    frontDoorSources.healthProbes,
    frontDoorSources.aprlProfiles,
    "https://learn.microsoft.com/azure/api-management/front-door-api-management",
  ],
  resourceTypes: ["azure-native:cdn:AFDOriginGroup"],
  validateStack(resources, _config, report) {
    for (const [group, origins] of originsByGroup(resources)) {
      const enabled = origins.filter((o) => isEnabled(o.props));
      if (enabled.length < 2) continue;
      const probe = at(group.props, "healthProbeSettings") as Record<string, unknown> | undefined;
      if (!probe || !probe.probeIntervalInSeconds) {
        report(
          `origin group ${group.name} has ${enabled.length} origins but no health probe: Front Door cannot tell a dead origin.`,
          group.urn,
        );
        continue;
      }
      if (!is(probe.probeRequestType, "GET", "HEAD")) {
        report(
          `origin group ${group.name} probes with ${JSON.stringify(probe.probeRequestType ?? "the default method")}: set GET or HEAD explicitly, as the health endpoint answers it.`,
          group.urn,
        );
      }
      if (!probe.probePath || probe.probePath === "/") {
        report(
          `origin group ${group.name} probes "${String(probe.probePath ?? "/")}": probe a dedicated health path, not the root.`,
          group.urn,
        );
      }
    }
  },
};
