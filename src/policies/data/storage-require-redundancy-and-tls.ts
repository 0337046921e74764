import { ResilienceCheck, at, is } from "../model";
import { aprl, builtInPolicy } from "./helpers";

/**
 * Storage accounts: more than locally redundant, HTTPS only, TLS 1.2+, no anonymous blob access. Absent values are
 * Azure's defaults, as the REST API states them: enableHttpsTrafficOnly true since API 2019-04-01; minimumTlsVersion
 * "The default interpretation is TLS 1.0"; allowBlobPublicAccess "The default interpretation is false" (new accounts
 * disallow anonymous access, https://learn.microsoft.com/azure/storage/blobs/anonymous-read-access-prevent).
 */
export const dataStorageRequireRedundancyAndTls: ResilienceCheck = {
  name: "data-storage-require-redundancy-and-tls",
  area: "data",
  description:
    "Storage accounts use zone or geo redundancy (not LRS), HTTPS only, TLS 1.2 or later, and no public blob access.",
  severity: "medium",
  enforcementLevel: "mandatory",
  remediation:
    "Use a ZRS, GRS or GZRS sku; keep enableHttpsTrafficOnly true (the default), set minimumTlsVersion 'TLS1_2' and leave allowBlobPublicAccess false (the default).",
  libraryRemediation:
    "FailoverAutomation's runbook account and SiteRecovery's cache accounts already use HTTPS only and TLS 1.2; their sku is locally redundant only for a Site Recovery cache in a region without availability zones, where Site Recovery requires the cache in the source region.",
  sources: [
    aprl("Storage/storageAccounts", "ensure-that-storage-accounts-are-zone-or-region-redundant"),
    builtInPolicy("404c3081-a854-4457-ae30-26a93ef643f9"),
    builtInPolicy("fe83a0eb-a853-422d-aac2-1bffd182c5d0"),
    builtInPolicy("4fa4b6c0-31ca-4c0d-b10d-24b96f62a751"),
    "https://learn.microsoft.com/azure/storage/blobs/anonymous-read-access-prevent",
    "https://learn.microsoft.com/azure/storage/common/storage-redundancy",
  ],
  resourceTypes: ["azure-native:storage:StorageAccount"],
  validateResource(resource, _config, report) {
    const sku = String(at(resource.props, "sku.name") ?? "");
    if (sku.toUpperCase().endsWith("_LRS"))
      report(`sku ${sku} keeps every copy in one datacenter: use ZRS, GRS or GZRS.`);
    if (resource.props.enableHttpsTrafficOnly === false)
      report("plain HTTP is allowed: set enableHttpsTrafficOnly true.");
    const tls = resource.props.minimumTlsVersion;
    if (!is(tls, "TLS1_2", "TLS1_3"))
      report(`minimum TLS version is ${JSON.stringify(tls ?? "TLS1_0 (the service default)")}: set TLS1_2.`);
    if (resource.props.allowBlobPublicAccess === true)
      report("public (anonymous) blob access is allowed: set allowBlobPublicAccess false.");
  },
};
