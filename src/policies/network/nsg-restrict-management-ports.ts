import { ResilienceCheck } from "../model";
import { allowsInboundFromAnywhere, coversPort, rulesOf } from "./helpers";

const managementPorts: [number, string][] = [
  [22, "SSH"],
  [3389, "RDP"],
];

/** SSH and RDP are never open to the whole Internet: reach VMs through Bastion or just-in-time access. */
export const networkNsgRestrictManagementPorts: ResilienceCheck = {
  name: "network-nsg-restrict-management-ports",
  area: "network",
  description:
    "No NSG rule allows SSH (22) or RDP (3389) inbound from any source, the Internet, 0.0.0.0/0 or ::/0.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Remove the rule, or set its sourceAddressPrefix(es) to the few addresses that administer the VMs; reach VMs through Azure Bastion or just-in-time VM access instead of an open destinationPortRange 22 or 3389.",
  libraryRemediation:
    "Remove the rule from MirroredNetwork's securityRules (or the subnet's securityRules), or give it a sourceAddressPrefix of the admin network; reach VMs through Azure Bastion.",
  sources: ["/providers/Microsoft.Authorization/policyDefinitions/22730e10-96f6-4aac-ad84-9383d35b5917"],
  resourceTypes: ["azure-native:network:NetworkSecurityGroup", "azure-native:network:SecurityRule"],
  validateResource(resource, _config, report) {
    for (const rule of rulesOf(resource)) {
      if (!allowsInboundFromAnywhere(rule)) continue;
      const open = managementPorts
        .filter(([port]) => coversPort(rule, port))
        .map(([port, n]) => `${n} (${port})`);
      if (open.length)
        report(
          `rule ${String(rule.name ?? resource.name)} opens ${open.join(" and ")} to the whole Internet: brute-force attacks on management ports start within minutes.`,
        );
    }
  },
};
