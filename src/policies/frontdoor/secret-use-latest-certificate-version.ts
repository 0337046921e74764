import { ResilienceCheck, at, is } from "../model";
import { frontDoorSources } from "./helpers";

/**
 * A customer certificate follows its Key Vault secret's latest version: "set the Key Vault certificate version to
 * 'Latest' to avoid reconfiguring Azure Front Door for new certificate versions" (APRL 4638c2c0 "Use latest version
 * for customer-managed certificates").
 */
export const frontdoorSecretUseLatestCertificateVersion: ResilienceCheck = {
  name: "frontdoor-secret-use-latest-certificate-version",
  area: "frontdoor",
  description:
    "Front Door secrets holding customer certificates follow the Key Vault certificate's latest version.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Set parameters.useLatestVersion true on the cdn.Secret (and leave secretVersion out), so a renewed certificate in Key Vault is picked up without a redeploy.",
  sources: [
    frontDoorSources.aprlProfiles,
    "https://learn.microsoft.com/azure/frontdoor/standard-premium/how-to-configure-https-custom-domain",
  ],
  resourceTypes: ["azure-native:cdn:Secret"],
  validateResource(resource, _config, report) {
    if (!is(at(resource.props, "parameters.type"), "CustomerCertificate")) return;
    if (at(resource.props, "parameters.useLatestVersion") !== true)
      report(
        `secret ${resource.name} pins certificate version ${JSON.stringify(at(resource.props, "parameters.secretVersion") ?? "(none given)")}: a renewed certificate is not served until someone redeploys, and the old one expires.`,
      );
  },
};
