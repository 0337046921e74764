import { ResilienceCheck, locationOf, regionHasZones } from "../model";
import { aprl, vmType, zonesOf } from "./helpers";

/**
 * VMs in a region with availability zones are pinned to a zone (and spread over zones with their peers), so a
 * datacenter failure takes only some of them. VMs in a scale set are judged by the scale set's zones.
 * https://learn.microsoft.com/azure/reliability/reliability-virtual-machines
 */
export const computeVmRequireZones: ResilienceCheck = {
  name: "compute-vm-require-zones",
  area: "compute",
  description: "Virtual machines in regions with availability zones are deployed in a zone.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Set zones ['1'] (and other VMs of the workload in '2' and '3'), or put the VMs in a Flexible scale set spread over zones; a VM's zone is chosen at creation.",
  sources: [
    aprl("Compute/virtualMachines", "deploy-vms-across-availability-zones"),
    "https://learn.microsoft.com/azure/reliability/reliability-virtual-machines",
  ],
  resourceTypes: [vmType],
  validateResource(resource, _config, report) {
    if (resource.props.virtualMachineScaleSet) return;
    const location = locationOf(resource);
    if (regionHasZones(location) && zonesOf(resource.props).length === 0)
      report(
        `the VM has no zone in ${location}, which has availability zones: Azure may place it with its peers in one datacenter.`,
      );
  },
};
