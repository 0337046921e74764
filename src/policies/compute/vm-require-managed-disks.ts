import { ResilienceCheck, at } from "../model";
import { aprl, builtInPolicy, vmType } from "./helpers";

/** VMs use managed disks: unmanaged (VHD-in-storage-account) disks were retired on 30 September 2025. */
export const computeVmRequireManagedDisks: ResilienceCheck = {
  name: "compute-vm-require-managed-disks",
  area: "compute",
  description: "Virtual machines use managed disks, not unmanaged VHDs in storage accounts.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Drop storageProfile.osDisk.vhd and dataDisks[].vhd and use managedDisk { storageAccountType } (or convert the VM with ConvertTo-AzVMManagedDisk).",
  sources: [
    aprl("Compute/virtualMachines", "use-managed-disks-for-vm-disks"),
    builtInPolicy("06a78e20-9358-41c9-923c-fb736d382a4d"),
    "https://learn.microsoft.com/azure/virtual-machines/unmanaged-disks-deprecation",
  ],
  resourceTypes: [vmType],
  validateResource(resource, _config, report) {
    const os = at(resource.props, "storageProfile.osDisk.vhd");
    const data = at(resource.props, "storageProfile.dataDisks");
    const unmanaged = [
      ...(os ? ["the OS disk"] : []),
      ...(Array.isArray(data)
        ? data
            .filter((d) => d && typeof d === "object" && (d as Record<string, unknown>).vhd)
            .map(
              (d) =>
                `data disk ${String((d as Record<string, unknown>).lun ?? (d as Record<string, unknown>).name)}`,
            )
        : []),
    ];
    if (unmanaged.length > 0)
      report(
        `${unmanaged.join(", ")} ${unmanaged.length === 1 ? "is an unmanaged VHD" : "are unmanaged VHDs"}: unmanaged disks were retired on 30 September 2025.`,
      );
  },
};
