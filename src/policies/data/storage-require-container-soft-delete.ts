import { ResilienceCheck, at } from "../model";
import { aprl, blobAccounts, blobServiceType, storageAccountType } from "./helpers";

/**
 * Deleted containers stay recoverable for a retention period (container soft delete): the account's
 * BlobServiceProperties containerDeleteRetentionPolicy. https://learn.microsoft.com/azure/storage/blobs/soft-delete-container-overview
 */
export const dataStorageRequireContainerSoftDelete: ResilienceCheck = {
  name: "data-storage-require-container-soft-delete",
  area: "data",
  description:
    "Storage accounts keep deleted containers recoverable: container soft delete is enabled on their blob service.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Add a BlobServiceProperties for the account (blobServicesName 'default') with containerDeleteRetentionPolicy { enabled: true, days: 7 or more }.",
  libraryRemediation:
    "FailoverAutomation's runbook account turns it on (softDeleteRetentionDays, default 7). SiteRecovery's cache accounts are the documented exception: Site Recovery does not support soft delete on them (it creates and deletes log files all the time, https://learn.microsoft.com/azure/site-recovery/azure-to-azure-support-matrix), and they hold nothing Site Recovery cannot rewrite: accept the advisory for them.",
  sources: [
    "https://learn.microsoft.com/azure/storage/blobs/soft-delete-vs-versioning-options",
    aprl("Storage/storageAccounts", "enable-soft-delete-to-protect-your-data"),
    "https://learn.microsoft.com/azure/storage/blobs/soft-delete-container-overview",
  ],
  resourceTypes: [storageAccountType, blobServiceType],
  validateStack(resources, _config, report) {
    for (const { account, services } of blobAccounts(resources)) {
      if (!services.some((s) => at(s.props, "containerDeleteRetentionPolicy.enabled") === true))
        report(
          `account ${account.name} has no container soft delete (no BlobServiceProperties with containerDeleteRetentionPolicy.enabled true): a deleted container and every blob in it are gone at once.`,
          account.urn,
        );
    }
  },
};
