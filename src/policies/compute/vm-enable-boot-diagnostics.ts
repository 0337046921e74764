import { ResilienceCheck, at } from "../model";
import { vmType } from "./helpers";

/**
 * VMs keep boot diagnostics (serial log and screenshot), the first thing to read when a VM does not start or
 * answer; off unless diagnosticsProfile.bootDiagnostics.enabled is true (managed storage when no storageUri).
 * https://learn.microsoft.com/azure/virtual-machines/boot-diagnostics
 */
export const computeVmEnableBootDiagnostics: ResilienceCheck = {
  name: "compute-vm-enable-boot-diagnostics",
  area: "compute",
  description: "Virtual machines have boot diagnostics enabled.",
  severity: "low",
  enforcementLevel: "advisory",
  remediation:
    "Set diagnosticsProfile.bootDiagnostics.enabled true (without storageUri, Azure uses managed storage).",
  sources: ["https://learn.microsoft.com/azure/virtual-machines/boot-diagnostics"],
  resourceTypes: [vmType],
  validateResource(resource, _config, report) {
    if (at(resource.props, "diagnosticsProfile.bootDiagnostics.enabled") !== true)
      report(
        "boot diagnostics are off: when the VM does not boot there is no serial log or screenshot to read.",
      );
  },
};
