import { ResilienceCheck, at } from "../model";

/**
 * Secret named values live in Key Vault: built-in policy f1cc7827 ("API Management Named Values secrets should be
 * stored in Azure KeyVault", on namedValues with secret true and no keyVault.secretIdentifier).
 */
export const gatewayNamedValueRequireKeyVault: ResilienceCheck = {
  name: "gateway-named-value-require-key-vault",
  area: "gateway",
  description:
    "API Management named values marked secret reference a Key Vault secret instead of holding the value.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Set keyVault { secretIdentifier: '<vault uri>/secrets/<name>', identityClientId } on the NamedValue instead of value, and grant the service's identity 'Key Vault Secrets User'.",
  libraryRemediation:
    "AiGateway's `extraBackends` keys are Key Vault named values (`apiKeySecretId`, `keyVaultId`); pass the secret that way.",
  sources: [
    "/providers/Microsoft.Authorization/policyDefinitions/f1cc7827-022c-473e-836e-5a51cae0b249",
    "https://learn.microsoft.com/azure/api-management/api-management-howto-properties",
  ],
  resourceTypes: ["azure-native:apimanagement:NamedValue"],
  validateResource(resource, _config, report) {
    if (resource.props.secret !== true) return;
    if (!at(resource.props, "keyVault.secretIdentifier"))
      report(
        `secret named value ${String(resource.props.displayName ?? resource.name)} is stored in API Management, not Key Vault: it cannot be rotated or audited centrally.`,
      );
  },
};
