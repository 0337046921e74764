import { ResilienceCheck, is } from "../model";
import { frontDoorSources } from "./helpers";

/**
 * Routes serve HTTPS, redirect HTTP to it (APRL 24ab9f11 "Use HTTP to HTTPS redirection"), and talk HTTPS to origins
 * (APRL d9bd6780 "Use end-to-end TLS").
 */
export const frontdoorRouteRequireHttpsRedirect: ResilienceCheck = {
  name: "frontdoor-route-require-https-redirect",
  area: "frontdoor",
  description: "Front Door routes accept HTTPS, redirect HTTP to HTTPS, and forward over HTTPS only.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Set supportedProtocols ['Http','Https'] with httpsRedirect 'Enabled' (or ['Https'] only) and forwardingProtocol 'HttpsOnly'.",
  libraryRemediation:
    "FrontDoorFailover's route accepts HTTPS only and forwards HttpsOnly; a route changed after it was built should be rebuilt from the component.",
  sources: [frontDoorSources.aprlProfiles, frontDoorSources.endToEndTls],
  resourceTypes: ["azure-native:cdn:Route"],
  validateResource(resource, _config, report) {
    const given = resource.props.supportedProtocols;
    const protocols: unknown[] = Array.isArray(given) ? given : ["Http", "Https"];
    if (!protocols.some((p) => is(p, "Https"))) report("route does not accept HTTPS.");
    if (protocols.some((p) => is(p, "Http")) && !is(resource.props.httpsRedirect, "Enabled")) {
      report("route accepts plain HTTP without redirecting it to HTTPS: set httpsRedirect 'Enabled'.");
    }
    if (!is(resource.props.forwardingProtocol, "HttpsOnly")) {
      report(
        `route forwards to origins with ${JSON.stringify(resource.props.forwardingProtocol ?? "MatchRequest")}: use 'HttpsOnly'.`,
      );
    }
  },
};
