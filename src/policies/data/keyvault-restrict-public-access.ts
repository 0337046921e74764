import { ResilienceCheck, at, is } from "../model";
import { aprl, builtInPolicy } from "./helpers";

/**
 * Key Vaults are not open to every network: publicNetworkAccess 'Disabled' (private endpoints), or a firewall whose
 * default action is Deny. Without networkAcls the vault accepts every network.
 * https://learn.microsoft.com/azure/key-vault/general/network-security
 */
export const dataKeyvaultRestrictPublicAccess: ResilienceCheck = {
  name: "data-keyvault-restrict-public-access",
  area: "data",
  description:
    "Key Vaults disable public network access or deny it by default (properties.networkAcls.defaultAction 'Deny').",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Set properties.publicNetworkAccess 'Disabled' and add a private endpoint (group 'vault', zone privatelink.vaultcore.azure.net), or set properties.networkAcls { defaultAction: 'Deny', bypass: 'AzureServices', ipRules / virtualNetworkRules for the callers }.",
  sources: [
    aprl("KeyVault/vaults", "private-endpoint-should-be-configured-for-key-vault"),
    builtInPolicy("405c5871-3e91-4644-8a63-58e19d68ff5b"),
    builtInPolicy("55615ac9-af46-4a59-874e-391cc3dfb490"),
    "https://learn.microsoft.com/azure/key-vault/general/network-security",
  ],
  resourceTypes: ["azure-native:keyvault:Vault"],
  validateResource(resource, _config, report) {
    const access = at(resource.props, "properties.publicNetworkAccess");
    const action = at(resource.props, "properties.networkAcls.defaultAction");
    if (!is(access, "Disabled") && !is(action, "Deny"))
      report(
        `public network access is ${JSON.stringify(access ?? "Enabled")} and networkAcls.defaultAction is ${JSON.stringify(action ?? "Allow")}: the vault answers requests from any network.`,
      );
  },
};
