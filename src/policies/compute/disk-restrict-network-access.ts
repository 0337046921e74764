import { ResilienceCheck, is } from "../model";
import { aprl, builtInPolicy, diskType } from "./helpers";

/**
 * Managed disks cannot be exported or imported from any network: networkAccessPolicy 'DenyAll' (or 'AllowPrivate'
 * through a disk access), and publicNetworkAccess 'Disabled'. Unset, a disk allows export over a SAS from anywhere.
 * https://learn.microsoft.com/azure/virtual-machines/disks-enable-private-links-for-import-export-portal
 */
export const computeDiskRestrictNetworkAccess: ResilienceCheck = {
  name: "compute-disk-restrict-network-access",
  area: "compute",
  description:
    "Managed disks disable public network access and allow import/export only privately (networkAccessPolicy 'DenyAll' or 'AllowPrivate').",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Set publicNetworkAccess 'Disabled' and networkAccessPolicy 'DenyAll' (or 'AllowPrivate' with diskAccessId of a disk access behind a private endpoint).",
  sources: [
    builtInPolicy("8405fdab-1faf-48aa-b702-999c9c172094"),
    aprl(
      "Compute/virtualMachines",
      "network-access-to-the-vm-disk-should-be-set-to-disable-public-access-and-enable-private-access",
    ),
    "https://learn.microsoft.com/azure/virtual-machines/disks-enable-private-links-for-import-export-portal",
  ],
  resourceTypes: [diskType],
  validateResource(resource, _config, report) {
    const policy = resource.props.networkAccessPolicy;
    const access = resource.props.publicNetworkAccess;
    if (!is(policy, "DenyAll", "AllowPrivate"))
      report(
        `networkAccessPolicy is ${JSON.stringify(policy ?? "AllowAll")}: the disk can be exported with a SAS from any network.`,
      );
    if (!is(access, "Disabled"))
      report(
        `publicNetworkAccess is ${JSON.stringify(access ?? "Enabled")}: the disk's import/export endpoint is public.`,
      );
  },
};
