import { ResilienceCheck, at, is } from "../model";
import { subnetsOf, subnetsWithoutNsg } from "./helpers";

/** Every subnet that may carry an NSG has one. */
export const networkVnetRequireSubnetNsg: ResilienceCheck = {
  name: "network-vnet-require-subnet-nsg",
  area: "network",
  description:
    "Every subnet (inline in a VNet, or a standalone Subnet) has a network security group, except GatewaySubnet, AzureFirewallSubnet, AzureFirewallManagementSubnet and RouteServerSubnet.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Set networkSecurityGroup: { id } on the subnet, with rules that allow only what the subnet's workload needs.",
  libraryRemediation:
    "MirroredNetwork gives every workload subnet an NSG; a subnet without one was added outside it: list it in MirroredNetwork's subnets instead.",
  sources: [
    "https://azure.github.io/Azure-Proactive-Resiliency-Library-v2/azure-resources/Network/virtualNetworks/#all-subnets-should-have-a-network-security-group-associated",
    "/providers/Microsoft.Authorization/policyDefinitions/e71308d3-144b-4262-b144-efdc3cc90517",
  ],
  resourceTypes: ["azure-native:network:VirtualNetwork", "azure-native:network:Subnet"],
  validateResource(resource, _config, report) {
    for (const subnet of subnetsOf(resource)) {
      const name = String(subnet.name ?? "?");
      if (is(name, ...subnetsWithoutNsg)) continue;
      const nsg = at(subnet, "networkSecurityGroup.id");
      if (typeof nsg !== "string" || nsg === "")
        report(`subnet ${name} has no network security group: nothing filters traffic into it.`);
    }
  },
};
