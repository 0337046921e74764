import { ResilienceCheck, at, is } from "../model";
import { frontDoorSources } from "./helpers";

/**
 * Custom domains use Front Door managed certificates: "Front Door automatically issues and rotates the managed TLS
 * certificates", which avoids "costly outages caused by forgetting to renew a certificate" (APRL 29d65c41 "Use
 * managed TLS certificates"). `tlsSettings` left out means a managed certificate ("If not specified, enabling ssl
 * uses AzureFrontDoor managed certificate by default", the REST API's tlsSettings).
 */
export const frontdoorCustomDomainUseManagedCertificate: ResilienceCheck = {
  name: "frontdoor-custom-domain-use-managed-certificate",
  area: "frontdoor",
  description:
    "Front Door custom domains use Front Door managed TLS certificates, which Front Door renews itself.",
  severity: "low",
  enforcementLevel: "advisory",
  remediation:
    "Set tlsSettings.certificateType 'ManagedCertificate'; if a certificate of your own is required, reference its Key Vault secret with useLatestVersion true so renewals roll out without a redeploy.",
  libraryRemediation: "FrontDoorFailover's `customDomains` use managed certificates; list the domain there.",
  sources: [
    frontDoorSources.aprlProfiles,
    "https://learn.microsoft.com/azure/frontdoor/standard-premium/how-to-configure-https-custom-domain",
  ],
  resourceTypes: ["azure-native:cdn:AFDCustomDomain"],
  validateResource(resource, _config, report) {
    const type = at(resource.props, "tlsSettings.certificateType");
    if (type !== undefined && !is(type, "ManagedCertificate"))
      report(
        `custom domain ${String(resource.props.hostName ?? resource.name)} uses a ${JSON.stringify(type)} certificate: an expired certificate takes the domain down, and nothing renews it for you.`,
      );
  },
};
