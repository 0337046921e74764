import { ResilienceCheck, at } from "../model";
import { builtInPolicy } from "./helpers";

/**
 * Key Vaults authorize data access with Azure RBAC, not vault access policies. For the API version azure-native uses,
 * enableRbacAuthorization "If null or not specified, the vault is created with the default value of false", so an
 * absent value means access policies. https://learn.microsoft.com/azure/key-vault/general/rbac-migration
 */
export const dataKeyvaultRequireRbacAuthorization: ResilienceCheck = {
  name: "data-keyvault-require-rbac-authorization",
  area: "data",
  description:
    "Key Vaults use the Azure RBAC permission model (enableRbacAuthorization true), not access policies.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Set properties.enableRbacAuthorization true, drop properties.accessPolicies, and grant Key Vault Secrets User / Crypto User roles on the vault to the identities that need them.",
  sources: [
    builtInPolicy("12d4fa5e-1f9f-4c21-97a9-b99b3c6611b5"),
    "https://learn.microsoft.com/azure/key-vault/general/rbac-migration",
  ],
  resourceTypes: ["azure-native:keyvault:Vault"],
  validateResource(resource, _config, report) {
    const rbac = at(resource.props, "properties.enableRbacAuthorization");
    if (rbac !== true)
      report(
        `the vault uses access policies (enableRbacAuthorization ${rbac === false ? "false" : "not set, which is false"}): anyone who can write the vault can grant themselves its secrets, and access is not governed with the rest of Azure RBAC.`,
      );
  },
};
