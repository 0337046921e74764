import { ResilienceCheck } from "../model";
import { builtInPolicy } from "./helpers";

/**
 * Storage accounts accept only Microsoft Entra authorization: account keys (and SAS signed with them) are long-lived
 * secrets. allowSharedKeyAccess "The default value is null, which is equivalent to true" (REST API), so an absent value
 * allows shared keys. https://learn.microsoft.com/azure/storage/common/shared-key-authorization-prevent
 */
export const dataStorageDisableSharedKey: ResilienceCheck = {
  name: "data-storage-disable-shared-key",
  area: "data",
  description:
    "Storage accounts disallow Shared Key authorization (account keys), so every request is authorized with Microsoft Entra ID.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Set allowSharedKeyAccess false (and defaultToOAuthAuthentication true), and give callers Storage Blob Data roles on their managed identities instead of keys or account SAS.",
  libraryRemediation:
    "FailoverAutomation's runbook account and SiteRecovery's cache accounts turn shared keys off: runbook content is published through ARM, the runbooks use their managed identity, and Site Recovery supports keyless cache accounts when the vault's managed identity holds Contributor and Storage Blob Data Contributor (Owner on Premium) on them (https://learn.microsoft.com/azure/site-recovery/asr-turn-off-key-authentication-cache), which SiteRecovery grants. MirroredNetwork's flow-log accounts keep shared keys: VNet flow logs write with the account keys (rotating them stops flow logs, https://learn.microsoft.com/azure/network-watcher/vnet-flow-logs-overview): accept the advisory for them.",
  sources: [
    builtInPolicy("8c6a50c6-9ffd-4ae7-986f-5fa6111f9a54"),
    "https://learn.microsoft.com/azure/storage/common/shared-key-authorization-prevent",
  ],
  resourceTypes: ["azure-native:storage:StorageAccount"],
  validateResource(resource, _config, report) {
    if (resource.props.allowSharedKeyAccess !== false)
      report(
        `shared key access is ${resource.props.allowSharedKeyAccess === true ? "on" : "on (the default when allowSharedKeyAccess is not set)"}: anyone holding an account key or a SAS signed with it reads and writes every container.`,
      );
  },
};
