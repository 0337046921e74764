import { ResilienceCheck, is } from "../model";
import { aprl, blobAccounts, blobServiceType, builtInPolicy, storageAccountType } from "./helpers";

/**
 * Blob versioning keeps earlier versions of every blob, so an overwrite or delete can be undone. Not offered on
 * accounts with a hierarchical namespace (isHnsEnabled), which are skipped.
 * https://learn.microsoft.com/azure/storage/blobs/versioning-overview
 */
export const dataStorageRequireBlobVersioning: ResilienceCheck = {
  name: "data-storage-require-blob-versioning",
  area: "data",
  description:
    "Storage accounts (without hierarchical namespace) keep earlier versions of their blobs: blob versioning is enabled.",
  severity: "low",
  enforcementLevel: "advisory",
  remediation:
    "Add a BlobServiceProperties for the account (blobServicesName 'default') with isVersioningEnabled true, and a lifecycle management rule that deletes old versions (Microsoft advises fewer than 1,000 versions per blob).",
  libraryRemediation:
    "FailoverAutomation's runbook account turns it on. SiteRecovery's cache accounts are the documented exception: Site Recovery creates and deletes log files on them all the time and does not support soft delete there (https://learn.microsoft.com/azure/site-recovery/azure-to-azure-support-matrix), versioning would keep a version of each write (https://learn.microsoft.com/azure/storage/blobs/versioning-overview), and they hold nothing Site Recovery cannot rewrite: accept the advisory for them.",
  sources: [
    "https://learn.microsoft.com/azure/storage/blobs/soft-delete-vs-versioning-options",
    aprl(
      "Storage/storageAccounts",
      "enable-versioning-for-accidental-modification-and-keep-the-number-of-versions-below-1000",
    ),
    builtInPolicy("c36a325b-ae04-4863-ad4f-19c6678f8e08"),
    "https://learn.microsoft.com/azure/storage/blobs/versioning-overview",
  ],
  resourceTypes: [storageAccountType, blobServiceType],
  validateStack(resources, _config, report) {
    for (const { account, services } of blobAccounts(resources)) {
      if (account.props.isHnsEnabled === true || is(account.props.kind, "FileStorage")) continue;
      if (!services.some((s) => s.props.isVersioningEnabled === true))
        report(
          `account ${account.name} has no blob versioning (no BlobServiceProperties with isVersioningEnabled true): an overwritten blob cannot be brought back.`,
          account.urn,
        );
    }
  },
};
