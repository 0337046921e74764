import { ResilienceCheck } from "../model";
import { frontDoorSources } from "./helpers";

/**
 * Front Door checks that the origin's certificate matches its host name (end-to-end TLS, APRL d9bd6780 "Use
 * end-to-end TLS"; https://learn.microsoft.com/azure/frontdoor/end-to-end-tls): without it any certificate is
 * accepted and the origin connection can be intercepted.
 */
export const frontdoorOriginRequireCertificateNameCheck: ResilienceCheck = {
  name: "frontdoor-origin-require-certificate-name-check",
  area: "frontdoor",
  description: "Front Door origins keep the certificate subject name check on.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Set enforceCertificateNameCheck true on the AFDOrigin and give the origin a certificate for its host name (originHostHeader).",
  libraryRemediation:
    "FrontDoorFailover's origins enforce the certificate name check; rebuild the origin from it.",
  sources: [frontDoorSources.endToEndTls, frontDoorSources.aprlProfiles],
  resourceTypes: ["azure-native:cdn:AFDOrigin"],
  validateResource(resource, _config, report) {
    if (resource.props.enforceCertificateNameCheck === false)
      report(
        `origin ${String(resource.props.hostName ?? resource.name)} accepts any certificate (enforceCertificateNameCheck false): the connection from Front Door to it can be intercepted.`,
      );
  },
};
