import { ResilienceCheck, at, is } from "../model";

/**
 * Custom domains accept TLS 1.2 or later: built-in policy 679da822 ("Azure Front Door Standard and Premium should be
 * running minimum TLS version of 1.2"); "As of March 1, 2025, TLS 1.0 and 1.1 minimum version are disallowed on Azure
 * Front Door" (https://learn.microsoft.com/azure/frontdoor/standard-premium/tls-policy). A domain that gives no
 * minimum gets Front Door's TLS 1.2 default, so only an explicit older minimum is reported.
 */
export const frontdoorCustomDomainRequireTls12: ResilienceCheck = {
  name: "frontdoor-custom-domain-require-tls12",
  area: "frontdoor",
  description: "Front Door custom domains require TLS 1.2 or later from clients.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation: "Set tlsSettings.minimumTlsVersion 'TLS12' (or 'TLS13') on the AFDCustomDomain.",
  libraryRemediation:
    "FrontDoorFailover's `customDomains` get managed certificates with minimumTlsVersion TLS12; rebuild the domain from the component.",
  sources: [
    "/providers/Microsoft.Authorization/policyDefinitions/679da822-78a7-4eff-8fff-a899454a9970",
    "https://learn.microsoft.com/azure/frontdoor/standard-premium/tls-policy",
  ],
  resourceTypes: ["azure-native:cdn:AFDCustomDomain"],
  validateResource(resource, _config, report) {
    const minimum = at(resource.props, "tlsSettings.minimumTlsVersion");
    if (minimum !== undefined && !is(minimum, "TLS12", "TLS13"))
      report(
        `custom domain ${String(resource.props.hostName ?? resource.name)} allows ${JSON.stringify(minimum)}: TLS 1.0 and 1.1 are broken and Front Door no longer accepts them as a minimum.`,
      );
  },
};
