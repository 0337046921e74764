import { ResilienceCheck, at } from "../model";
import { aprl, blobAccounts, blobServiceType, storageAccountType } from "./helpers";

/**
 * Deleted or overwritten blobs stay recoverable for a retention period (blob soft delete). The setting lives on the
 * account's BlobServiceProperties (deleteRetentionPolicy); an account whose stack sets none there has nothing that turns
 * it on ("Both features are disabled by default", https://learn.microsoft.com/azure/storage/blobs/soft-delete-vs-versioning-options).
 */
export const dataStorageRequireBlobSoftDelete: ResilienceCheck = {
  name: "data-storage-require-blob-soft-delete",
  area: "data",
  description:
    "Storage accounts keep deleted blobs recoverable: blob soft delete is enabled on their blob service.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Add a BlobServiceProperties for the account (blobServicesName 'default') with deleteRetentionPolicy { enabled: true, days: 7 or more }.",
  libraryRemediation:
    "FailoverAutomation's runbook account turns it on (softDeleteRetentionDays, default 7). SiteRecovery's cache accounts are the documented exception: Site Recovery does not support soft delete on them (it creates and deletes log files all the time, https://learn.microsoft.com/azure/site-recovery/azure-to-azure-support-matrix), and they hold nothing Site Recovery cannot rewrite: accept the advisory for them.",
  sources: [
    "https://learn.microsoft.com/azure/storage/blobs/soft-delete-vs-versioning-options",
    aprl("Storage/storageAccounts", "enable-soft-delete-to-protect-your-data"),
    "https://learn.microsoft.com/azure/storage/blobs/soft-delete-blob-overview",
  ],
  resourceTypes: [storageAccountType, blobServiceType],
  validateStack(resources, _config, report) {
    for (const { account, services } of blobAccounts(resources)) {
      if (!services.some((s) => at(s.props, "deleteRetentionPolicy.enabled") === true))
        report(
          `account ${account.name} has no blob soft delete (no BlobServiceProperties with deleteRetentionPolicy.enabled true): a deleted or overwritten blob is gone at once.`,
          account.urn,
        );
    }
  },
};
