import { ResilienceCheck, at, is } from "../model";
import { subnetsOf } from "./helpers";

/** A subnet's NSG and route table also apply to the private endpoints in it. */
export const networkSubnetEnablePrivateEndpointPolicies: ResilienceCheck = {
  name: "network-subnet-enable-private-endpoint-policies",
  area: "network",
  description:
    "Subnets with a network security group or route table apply them to their private endpoints too (privateEndpointNetworkPolicies Enabled).",
  severity: "low",
  enforcementLevel: "advisory",
  remediation:
    'Set privateEndpointNetworkPolicies: "Enabled" on the subnet (or "NetworkSecurityGroupEnabled" / "RouteTableEnabled" for one of the two); Azure\'s default is Disabled.',
  libraryRemediation:
    'MirroredNetwork sets privateEndpointNetworkPolicies "Enabled" unless a subnet says otherwise: remove the subnet\'s privateEndpointNetworkPolicies override.',
  sources: ["https://learn.microsoft.com/azure/private-link/disable-private-endpoint-network-policy"],
  resourceTypes: ["azure-native:network:VirtualNetwork", "azure-native:network:Subnet"],
  validateResource(resource, _config, report) {
    for (const subnet of subnetsOf(resource)) {
      const hasNsg = typeof at(subnet, "networkSecurityGroup.id") === "string";
      const hasRoutes = typeof at(subnet, "routeTable.id") === "string";
      if (!hasNsg && !hasRoutes) continue;
      const policies = subnet.privateEndpointNetworkPolicies;
      // "By default, network policies are disabled for a subnet in a virtual network."
      const nsgApplies = is(policies, "Enabled", "NetworkSecurityGroupEnabled");
      const routesApply = is(policies, "Enabled", "RouteTableEnabled");
      const skipped = [
        ...(hasNsg && !nsgApplies ? ["network security group"] : []),
        ...(hasRoutes && !routesApply ? ["route table"] : []),
      ];
      if (skipped.length)
        report(
          `subnet ${String(subnet.name ?? "?")} has privateEndpointNetworkPolicies ${policies === undefined ? "unset (Disabled)" : String(policies)}: its ${skipped.join(" and ")} do not apply to private endpoints in it.`,
        );
    }
  },
};
