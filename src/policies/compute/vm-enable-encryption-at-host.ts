import { ResilienceCheck, at } from "../model";
import { aprl, builtInPolicy, vmType, vmssType } from "./helpers";

/**
 * VMs and scale sets encrypt temp disks, caches and the data flowing to storage at the host: securityProfile.encryptionAtHost,
 * off unless set ("The Encryption at host will be disabled unless this property is set to true for the resource", REST API).
 * https://learn.microsoft.com/azure/virtual-machines/disk-encryption#encryption-at-host---end-to-end-encryption-for-your-vm-data
 */
export const computeVmEnableEncryptionAtHost: ResilienceCheck = {
  name: "compute-vm-enable-encryption-at-host",
  area: "compute",
  description: "Virtual machines and scale sets have encryption at host enabled.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Set securityProfile.encryptionAtHost true (virtualMachineProfile.securityProfile for a scale set), after registering the EncryptionAtHost feature on the subscription.",
  sources: [
    builtInPolicy("fc4d8e41-e223-45ea-9bf5-eada37891d87"),
    aprl(
      "Compute/virtualMachines",
      "virtual-machines-should-have-azure-disk-encryption-or-encryptionathost-enabled",
    ),
    "https://learn.microsoft.com/azure/virtual-machines/disk-encryption-overview",
  ],
  resourceTypes: [vmType, vmssType],
  validateResource(resource, _config, report) {
    const path = resource.type === vmssType ? "virtualMachineProfile.securityProfile" : "securityProfile";
    if (at(resource.props, `${path}.encryptionAtHost`) !== true)
      report(
        `encryption at host is off (${path}.encryptionAtHost is not true): temp disks and disk caches are not encrypted on the host.`,
      );
  },
};
