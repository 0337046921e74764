import { ResilienceCheck, at } from "../model";

/** Storage accounts: more than locally redundant, HTTPS only, TLS 1.2+, no anonymous blob access. */
export const dataStorageRequireRedundancyAndTls: ResilienceCheck = {
  name: "data-storage-require-redundancy-and-tls",
  area: "data",
  description:
    "Storage accounts use zone or geo redundancy (not LRS), HTTPS only, TLS 1.2 or later, and no public blob access.",
  severity: "medium",
  enforcementLevel: "mandatory",
  remediation:
    "Use a ZRS, GRS or GZRS sku; set enableHttpsTrafficOnly true, minimumTlsVersion 'TLS1_2' and allowBlobPublicAccess false.",
  resourceTypes: ["azure-native:storage:StorageAccount"],
  validateResource(resource, _config, report) {
    const sku = String(at(resource.props, "sku.name") ?? "");
    if (sku.endsWith("_LRS")) report(`sku ${sku} keeps every copy in one datacenter: use ZRS, GRS or GZRS.`);
    if (resource.props.enableHttpsTrafficOnly === false)
      report("plain HTTP is allowed: set enableHttpsTrafficOnly true.");
    const tls = resource.props.minimumTlsVersion;
    if (tls !== "TLS1_2" && tls !== "TLS1_3")
      report(`minimum TLS version is ${JSON.stringify(tls ?? "the service default")}: set TLS1_2.`);
    if (resource.props.allowBlobPublicAccess !== false)
      report("public (anonymous) blob access is not turned off: set allowBlobPublicAccess false.");
  },
};
