import { ResilienceCheck } from "../model";

/** A firewall has two to four public IPs, so outbound SNAT ports do not run out. */
export const networkFirewallRequireMultiplePublicIps: ResilienceCheck = {
  name: "network-firewall-require-multiple-public-ips",
  area: "network",
  description:
    "Azure Firewalls in a VNet have at least two public IP addresses (ipConfigurations), for SNAT port headroom.",
  severity: "low",
  enforcementLevel: "advisory",
  remediation:
    "Add ipConfigurations with a Standard public IP each (only the first names the subnet): each address adds 2,496 SNAT ports per instance; or attach a NAT gateway to AzureFirewallSubnet.",
  libraryRemediation: "Set MirroredNetwork's firewall.publicIpCount to 2 (the default) or more.",
  sources: [
    "https://azure.github.io/Azure-Proactive-Resiliency-Library-v2/azure-resources/Network/azureFirewalls/#configure-2-4-pips-for-snat-port-utilization",
    "https://learn.microsoft.com/azure/well-architected/service-guides/azure-firewall",
  ],
  resourceTypes: ["azure-native:network:AzureFirewall"],
  validateResource(resource, _config, report) {
    if (resource.props.virtualHub !== undefined) return; // secured hubs take public IPs through hubIPAddresses
    const count = ((resource.props.ipConfigurations as unknown[] | undefined) ?? []).length;
    if (count < 2)
      report(
        `firewall ${resource.name} has ${count} public IP configuration${count === 1 ? "" : "s"}: busy egress exhausts its SNAT ports.`,
      );
  },
};
