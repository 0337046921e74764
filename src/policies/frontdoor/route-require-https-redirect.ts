import { ResilienceCheck } from "../model";

/** Routes serve HTTPS, redirect HTTP to it, and talk HTTPS to origins. */
export const frontdoorRouteRequireHttpsRedirect: ResilienceCheck = {
  name: "frontdoor-route-require-https-redirect",
  area: "frontdoor",
  description: "Front Door routes accept HTTPS, redirect HTTP to HTTPS, and forward over HTTPS only.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Set supportedProtocols ['Http','Https'] with httpsRedirect 'Enabled' (or ['Https'] only) and forwardingProtocol 'HttpsOnly'.",
  resourceTypes: ["azure-native:cdn:Route"],
  validateResource(resource, _config, report) {
    const protocols = (resource.props.supportedProtocols as string[] | undefined) ?? ["Http", "Https"];
    if (!protocols.includes("Https")) report("route does not accept HTTPS.");
    if (protocols.includes("Http") && resource.props.httpsRedirect !== "Enabled") {
      report("route accepts plain HTTP without redirecting it to HTTPS: set httpsRedirect 'Enabled'.");
    }
    if (resource.props.forwardingProtocol !== "HttpsOnly") {
      report(
        `route forwards to origins with ${JSON.stringify(resource.props.forwardingProtocol ?? "MatchRequest")}: use 'HttpsOnly'.`,
      );
    }
  },
};
