import { ResilienceCheck, at, is } from "../model";
import { builtInPolicy } from "./helpers";

/**
 * Storage accounts are not open to every network: publicNetworkAccess 'Disabled' (private endpoints only), or network
 * rules whose default action is Deny. With neither, "the default action is Allow" from any network.
 * https://learn.microsoft.com/azure/storage/common/storage-network-security
 */
export const dataStorageRestrictNetworkAccess: ResilienceCheck = {
  name: "data-storage-restrict-network-access",
  area: "data",
  description:
    "Storage accounts disable public network access or deny it by default (networkRuleSet.defaultAction 'Deny').",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Set publicNetworkAccess 'Disabled' and reach the account through private endpoints, or set networkRuleSet { defaultAction: 'Deny', bypass: 'AzureServices', virtualNetworkRules / ipRules for the callers }.",
  libraryRemediation:
    "FailoverAutomation's runbook account is read by Azure Automation sandboxes from public addresses, and SiteRecovery's cache accounts allow trusted Azure services: restrict them only with a hybrid worker or private endpoints of your own.",
  sources: [
    builtInPolicy("34c877ad-507e-4c82-993e-3452a6e0ad3c"),
    builtInPolicy("b2982f36-99f2-4db5-8eff-283140c09693"),
    "https://learn.microsoft.com/azure/storage/common/storage-network-security",
  ],
  resourceTypes: ["azure-native:storage:StorageAccount"],
  validateResource(resource, _config, report) {
    const access = resource.props.publicNetworkAccess;
    const action = at(resource.props, "networkRuleSet.defaultAction");
    if (!is(access, "Disabled") && !is(action, "Deny"))
      report(
        `public network access is ${JSON.stringify(access ?? "Enabled")} and networkRuleSet.defaultAction is ${JSON.stringify(action ?? "Allow")}: the account answers requests from any network.`,
      );
  },
};
