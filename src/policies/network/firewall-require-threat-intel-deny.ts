import { ResilienceCheck, at, is } from "../model";

/** Firewalls with classic rules (no firewall policy) deny known-malicious traffic. */
export const networkFirewallRequireThreatIntelDeny: ResilienceCheck = {
  name: "network-firewall-require-threat-intel-deny",
  area: "network",
  description:
    "Azure Firewalls configured with classic rules (no firewallPolicy) run threat intelligence in Deny mode; firewalls with a policy are judged by their policy.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    'Set threatIntelMode: "Deny" on the firewall, or better, move its rules into a FirewallPolicy (threatIntelMode "Deny") and set firewallPolicy: { id }.',
  libraryRemediation:
    "MirroredNetwork's firewalls always use a firewall policy; a firewall with classic rules was made elsewhere.",
  sources: [
    "/providers/Microsoft.Authorization/policyDefinitions/7c591a93-c34c-464c-94ac-8f9f9a46e3d6",
    "https://learn.microsoft.com/azure/firewall/threat-intel",
  ],
  resourceTypes: ["azure-native:network:AzureFirewall"],
  validateResource(resource, _config, report) {
    if (typeof at(resource.props, "firewallPolicy.id") === "string") return;
    const mode = resource.props.threatIntelMode;
    if (!is(mode, "Deny"))
      report(
        `firewall ${resource.name} (classic rules) has threatIntelMode ${mode === undefined ? "unset" : String(mode)}: known-malicious traffic is not denied.`,
      );
  },
};
