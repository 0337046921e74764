import { ResilienceCheck, at, ofType, originsOf } from "../model";

/**
 * An origin group with two or more origins probes them: with an explicit GET or HEAD (both are Front Door's probe
 * methods; Microsoft's API Management-behind-Front Door guide uses GET on /status-0123456789abcdef,
 * https://learn.microsoft.com/azure/api-management/front-door-api-management), on a dedicated path (not "/", which
 * tests the home page, not health). https://learn.microsoft.com/azure/frontdoor/health-probes
 */
export const frontdoorOriginGroupRequireHealthProbe: ResilienceCheck = {
  name: "frontdoor-origin-group-require-health-probe",
  area: "frontdoor",
  description:
    "Origin groups with two or more origins have a health probe: GET or HEAD, on a dedicated path other than '/'.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Set healthProbeSettings { probeRequestType: 'GET' (or 'HEAD' where the health endpoint answers it), probeProtocol: 'Https', probePath: '/healthz' (or APIM's /status-0123456789abcdef) }.",
  resourceTypes: ["azure-native:cdn:AFDOriginGroup"],
  validateStack(resources, _config, report) {
    for (const group of ofType(resources, "azure-native:cdn:AFDOriginGroup")) {
      const origins = originsOf(resources, group);
      if (origins.length < 2) continue;
      const probe = at(group.props, "healthProbeSettings") as Record<string, unknown> | undefined;
      if (!probe || !probe.probeIntervalInSeconds) {
        report(
          `origin group ${group.name} has ${origins.length} origins but no health probe: Front Door cannot tell a dead origin.`,
          group.urn,
        );
        continue;
      }
      const method = String(probe.probeRequestType ?? "NotSet").toUpperCase();
      if (method !== "GET" && method !== "HEAD") {
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
