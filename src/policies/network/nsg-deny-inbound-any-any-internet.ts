import { ResilienceCheck } from "../model";
import { allowsInboundFromAnywhere, coversEveryPort, rulesOf } from "./helpers";

/** No rule lets the whole Internet in on every port. */
export const networkNsgDenyInboundAnyAnyInternet: ResilienceCheck = {
  name: "network-nsg-deny-inbound-any-any-internet",
  area: "network",
  description: "No NSG rule allows inbound traffic from any source (or the Internet) to every port.",
  severity: "critical",
  enforcementLevel: "mandatory",
  remediation:
    "Allow only the sources (service tags such as AzureFrontDoor.Backend) and ports the workload needs in securityRules (sourceAddressPrefix, destinationPortRange); keep a final deny for the Internet.",
  libraryRemediation:
    "Narrow the rule in MirroredNetwork's securityRules (network-wide) or the subnet's securityRules: a service tag as source and the ports the workload needs; keep denyInternetInbound on.",
  sources: [
    "https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview",
    "https://learn.microsoft.com/azure/security/fundamentals/network-best-practices",
  ],
  resourceTypes: ["azure-native:network:NetworkSecurityGroup", "azure-native:network:SecurityRule"],
  validateResource(resource, _config, report) {
    for (const rule of rulesOf(resource)) {
      if (allowsInboundFromAnywhere(rule) && coversEveryPort(rule))
        report(
          `rule ${String(rule.name ?? resource.name)} allows any source from the Internet to every port.`,
        );
    }
  },
};
