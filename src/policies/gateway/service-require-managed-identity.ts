import { ResilienceCheck, hasManagedIdentity } from "../model";

/**
 * The gateway has a managed identity, to reach Key Vault named values and backends (such as Azure OpenAI) without
 * secrets: https://learn.microsoft.com/azure/api-management/api-management-howto-use-managed-service-identity and
 * Microsoft's guide to authenticate to Azure OpenAI from API Management with a managed identity.
 */
export const gatewayServiceRequireManagedIdentity: ResilienceCheck = {
  name: "gateway-service-require-managed-identity",
  area: "gateway",
  description: "API Management services have a managed identity (system- or user-assigned).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Set identity { type: 'SystemAssigned' } (or 'UserAssigned' with userAssignedIdentities) on the ApiManagementService and grant it roles instead of storing keys.",
  libraryRemediation:
    "AiGateway's services have a system-assigned identity; rebuild the service from the component.",
  sources: [
    "https://learn.microsoft.com/azure/api-management/api-management-howto-use-managed-service-identity",
    "https://learn.microsoft.com/azure/api-management/api-management-authenticate-authorize-azure-openai",
  ],
  resourceTypes: ["azure-native:apimanagement:ApiManagementService"],
  validateResource(resource, _config, report) {
    if (!hasManagedIdentity(resource))
      report(
        "the gateway has no managed identity: it can only reach backends and secrets with keys stored in its configuration.",
      );
  },
};
