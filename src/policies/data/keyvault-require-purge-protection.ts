import { ResilienceCheck, at } from "../model";
import { aprl, builtInPolicy } from "./helpers";

/**
 * Key Vaults keep deleted secrets recoverable: soft delete on (the default), purge protection on (off unless set).
 * https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview
 */
export const dataKeyvaultRequirePurgeProtection: ResilienceCheck = {
  name: "data-keyvault-require-purge-protection",
  area: "data",
  description: "Key Vaults have soft delete and purge protection enabled.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Set properties.enableSoftDelete true (the default) and properties.enablePurgeProtection true (it cannot be turned off again).",
  sources: [
    aprl("KeyVault/vaults", "key-vaults-should-have-soft-delete-enabled"),
    aprl("KeyVault/vaults", "key-vaults-should-have-purge-protection-enabled"),
    builtInPolicy("1e66c121-a66a-4b1f-9b83-0fd99bf0fc2d"),
    builtInPolicy("0b60c0b2-2dc2-4e1c-b5c9-abbed971de53"),
    "https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview",
  ],
  resourceTypes: ["azure-native:keyvault:Vault"],
  validateResource(resource, _config, report) {
    if (at(resource.props, "properties.enableSoftDelete") === false)
      report("soft delete is off: a deleted secret is gone at once.");
    if (at(resource.props, "properties.enablePurgeProtection") !== true)
      report("purge protection is off: a deleted vault or secret can be purged before anyone notices.");
  },
};
