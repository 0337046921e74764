import { ResilienceCheck } from "../model";
import { apimSources } from "./service-backends";

const prefix = "Microsoft.WindowsAzure.ApiManagement.Gateway.Security.";
const legacy = [
  "Protocols.Tls10",
  "Protocols.Tls11",
  "Protocols.Ssl30",
  "Backend.Protocols.Tls10",
  "Backend.Protocols.Tls11",
  "Backend.Protocols.Ssl30",
  "Ciphers.TripleDes168",
];

/**
 * No TLS 1.0/1.1, SSL 3.0 or 3DES on the gateway, to clients or backends. They are set in customProperties, whose
 * defaults "is `True` if the service was created on or before April 1, 2018 and `False` otherwise" (the REST API's
 * customProperties; "By default, API Management enables TLS 1.2 for client and backend connectivity",
 * https://learn.microsoft.com/azure/api-management/api-management-howto-manage-protocols-ciphers): so a new service
 * is only reported when a setting turns one on. (Microsoft's breaking-changes list also retires TLS 1.0 and 1.1 in
 * API Management on October 31, 2025: https://learn.microsoft.com/azure/api-management/breaking-changes/overview.)
 */
export const gatewayServiceDisableLegacyTls: ResilienceCheck = {
  name: "gateway-service-disable-legacy-tls",
  area: "gateway",
  description:
    "API Management services do not enable TLS 1.0, TLS 1.1, SSL 3.0 or the 3DES cipher, towards clients or backends.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation: `Set customProperties '${prefix}Protocols.Tls10', '...Protocols.Tls11', '...Backend.Protocols.Tls10', '...Backend.Protocols.Tls11' and '...Ciphers.TripleDes168' to 'False' (or leave them out on a service created after April 2018).`,
  libraryRemediation:
    "AiGateway sets no customProperties, so its services keep TLS 1.2+ only; remove the setting added to the service.",
  sources: [
    apimSources.protocols,
    "https://learn.microsoft.com/rest/api/apimanagement/api-management-service/create-or-update",
  ],
  resourceTypes: ["azure-native:apimanagement:ApiManagementService"],
  validateResource(resource, _config, report) {
    const custom = resource.props.customProperties;
    if (custom === null || typeof custom !== "object") return;
    const on = Object.entries(custom as Record<string, unknown>)
      .filter(([key, value]) => {
        const short = key.toLowerCase().startsWith(prefix.toLowerCase())
          ? key.slice(prefix.length)
          : undefined;
        return (
          short !== undefined &&
          legacy.some((l) => l.toLowerCase() === short.toLowerCase()) &&
          String(value).toLowerCase() === "true"
        );
      })
      .map(([key]) => key.slice(prefix.length));
    if (on.length > 0)
      report(
        `the gateway enables ${on.join(", ")}: broken protocols and ciphers that let traffic be decrypted.`,
      );
  },
};
