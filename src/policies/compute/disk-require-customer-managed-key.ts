import { ResilienceCheck, at, is } from "../model";
import { builtInPolicy, diskType } from "./helpers";

/**
 * Managed disks are always encrypted at rest; with platform-managed keys (encryption.type
 * 'EncryptionAtRestWithPlatformKey', what a disk gets unless a disk encryption set is given) the organization cannot
 * revoke or rotate the key. https://learn.microsoft.com/azure/virtual-machines/disk-encryption
 */
export const computeDiskRequireCustomerManagedKey: ResilienceCheck = {
  name: "compute-disk-require-customer-managed-key",
  area: "compute",
  description: "Managed disks are encrypted with a customer-managed key (a disk encryption set).",
  severity: "low",
  enforcementLevel: "advisory",
  remediation:
    "Set encryption { type: 'EncryptionAtRestWithCustomerKey' (or 'EncryptionAtRestWithPlatformAndCustomerKeys'), diskEncryptionSetId } pointing at a disk encryption set whose key lives in a Key Vault with purge protection.",
  sources: [
    builtInPolicy("702dd420-7fcc-42c5-afe8-4026edd20fe0"),
    "https://learn.microsoft.com/azure/virtual-machines/disk-encryption",
  ],
  resourceTypes: [diskType],
  validateResource(resource, _config, report) {
    const type = at(resource.props, "encryption.type");
    const set = at(resource.props, "encryption.diskEncryptionSetId");
    if (!is(type, "EncryptionAtRestWithCustomerKey", "EncryptionAtRestWithPlatformAndCustomerKeys") || !set)
      report(
        `the disk is encrypted with ${is(type, "EncryptionAtRestWithCustomerKey", "EncryptionAtRestWithPlatformAndCustomerKeys") ? "a customer key type but no diskEncryptionSetId" : "platform-managed keys only"}: the key cannot be rotated or revoked by you.`,
      );
  },
};
