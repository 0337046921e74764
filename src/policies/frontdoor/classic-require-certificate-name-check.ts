import { ResilienceCheck, at, is } from "../model";
import { frontDoorSources } from "./helpers";

/**
 * A classic Front Door checks its backends' certificate names (backendPoolsSettings.enforceCertificateNameCheck,
 * end-to-end TLS: https://learn.microsoft.com/azure/frontdoor/end-to-end-tls).
 */
export const frontdoorClassicRequireCertificateNameCheck: ResilienceCheck = {
  name: "frontdoor-classic-require-certificate-name-check",
  area: "frontdoor",
  description: "Front Door (classic) enforces the certificate name check on HTTPS connections to backends.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Set backendPoolsSettings.enforceCertificateNameCheck 'Enabled' on the network.FrontDoor; better, migrate to a Standard/Premium profile.",
  sources: [frontDoorSources.endToEndTls, frontDoorSources.classicRetirement],
  resourceTypes: ["azure-native:frontdoor:FrontDoor"],
  validateResource(resource, _config, report) {
    if (is(at(resource.props, "backendPoolsSettings.enforceCertificateNameCheck"), "Disabled"))
      report(
        "backend certificate names are not checked (enforceCertificateNameCheck 'Disabled'): the connection to backends can be intercepted.",
      );
  },
};
