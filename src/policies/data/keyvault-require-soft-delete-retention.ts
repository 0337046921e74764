import { ResilienceCheck, at, num } from "../model";
import { aprl } from "./helpers";

/**
 * Deleted vaults and secrets stay recoverable long enough for someone to notice: softDeleteRetentionInDays accepts
 * 7–90 and is 90 when not set (https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview); a shorter
 * retention is reported below the threshold.
 */
export const dataKeyvaultRequireSoftDeleteRetention: ResilienceCheck = {
  name: "data-keyvault-require-soft-delete-retention",
  area: "data",
  description:
    "Key Vaults keep deleted vaults and secrets for at least the minimum retention (90 days, Azure's default).",
  severity: "low",
  enforcementLevel: "advisory",
  remediation:
    "Leave properties.softDeleteRetentionInDays unset (90 days) or set it to at least the minimum; it can only be chosen when the vault is created.",
  sources: [
    aprl("KeyVault/vaults", "key-vaults-should-have-soft-delete-enabled"),
    "https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview",
  ],
  config: {
    minimumDays: {
      type: "number",
      default: 90,
      description: "Shortest soft-delete retention accepted, in days.",
    },
  },
  resourceTypes: ["azure-native:keyvault:Vault"],
  validateResource(resource, config, report) {
    const days = at(resource.props, "properties.softDeleteRetentionInDays");
    const minimum = num(config, "minimumDays", 90);
    if (typeof days === "number" && days < minimum)
      report(
        `deleted vaults and secrets are kept ${days} days (softDeleteRetentionInDays), under ${minimum}: a deletion noticed later cannot be undone.`,
      );
  },
};
