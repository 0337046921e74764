import { ResilienceCheck, at } from "../model";
import { aprl, vmType } from "./helpers";

/**
 * VMs have no public IP of their own: outbound goes through a NAT gateway or firewall, inbound through a load
 * balancer, Bastion or private access. Judged on the network interfaces a VM defines inline
 * (networkProfile.networkInterfaceConfigurations[].ipConfigurations[].publicIPAddressConfiguration).
 */
export const computeVmDenyPublicIp: ResilienceCheck = {
  name: "compute-vm-deny-public-ip",
  area: "compute",
  description: "Virtual machines have no public IP address directly associated.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Remove publicIPAddressConfiguration from the VM's network interface configurations; use a NAT gateway or Azure Firewall for outbound traffic and Azure Bastion or a load balancer for inbound.",
  sources: [
    aprl("Compute/virtualMachines", "vms-should-not-have-a-public-ip-directly-associated"),
    "https://learn.microsoft.com/azure/load-balancer/load-balancer-outbound-connections",
  ],
  resourceTypes: [vmType],
  validateResource(resource, _config, report) {
    const nics = at(resource.props, "networkProfile.networkInterfaceConfigurations");
    for (const nic of Array.isArray(nics) ? nics : []) {
      const ipConfigs = at(nic, "ipConfigurations");
      for (const ip of Array.isArray(ipConfigs) ? ipConfigs : []) {
        if (at(ip, "publicIPAddressConfiguration"))
          report(
            `network interface ${String(at(nic, "name"))} gives the VM a public IP (ipConfiguration ${String(at(ip, "name"))}): it is reachable from the Internet and its outbound traffic bypasses NAT gateway or firewall.`,
          );
      }
    }
  },
};
