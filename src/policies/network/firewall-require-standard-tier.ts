import { ResilienceCheck, at, is } from "../model";

/** Production egress does not run on Azure Firewall Basic. */
export const networkFirewallRequireStandardTier: ResilienceCheck = {
  name: "network-firewall-require-standard-tier",
  area: "network",
  description:
    "Azure Firewalls (and their policies) use the Standard or Premium tier, not Basic (fixed low throughput, threat intelligence in alert mode only).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    'Set sku.tier "Standard" (or "Premium") on the firewall and its firewall policy; the tier of a firewall is changed by redeploying it.',
  libraryRemediation: 'Set MirroredNetwork\'s firewall.tier to "Standard" (the default) or "Premium".',
  sources: [
    "https://learn.microsoft.com/azure/firewall/choose-firewall-sku",
    "https://learn.microsoft.com/azure/firewall/basic-features",
  ],
  resourceTypes: ["azure-native:network:AzureFirewall", "azure-native:network:FirewallPolicy"],
  validateResource(resource, _config, report) {
    if (is(at(resource.props, "sku.tier"), "Basic"))
      report(
        `${resource.type.endsWith(":FirewallPolicy") ? "firewall policy" : "firewall"} ${resource.name} is on the Basic tier: limited throughput for the whole egress, and threat intelligence can only alert.`,
      );
  },
};
