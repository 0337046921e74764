import { ResilienceCheck, at } from "../model";

/** Key Vaults keep deleted secrets recoverable: soft delete on, purge protection on. */
export const dataKeyvaultRequirePurgeProtection: ResilienceCheck = {
  name: "data-keyvault-require-purge-protection",
  area: "data",
  description: "Key Vaults have soft delete and purge protection enabled.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Set properties.enableSoftDelete true (the default) and properties.enablePurgeProtection true (it cannot be turned off again).",
  resourceTypes: ["azure-native:keyvault:Vault"],
  validateResource(resource, _config, report) {
    if (at(resource.props, "properties.enableSoftDelete") === false)
      report("soft delete is off: a deleted secret is gone at once.");
    if (at(resource.props, "properties.enablePurgeProtection") !== true)
      report("purge protection is off: a deleted vault or secret can be purged before anyone notices.");
  },
};
