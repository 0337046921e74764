import { ResilienceCheck, is } from "../model";

/** Firewall policies deny traffic to and from known-malicious addresses and domains, not only alert on it. */
export const networkFirewallpolicyRequireThreatIntelDeny: ResilienceCheck = {
  name: "network-firewallpolicy-require-threat-intel-deny",
  area: "network",
  description: "Azure Firewall policies run threat intelligence in Deny mode (threatIntelMode Deny).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    'Set threatIntelMode: "Deny" on the firewall policy (list known-good exceptions in threatIntelWhitelist).',
  libraryRemediation:
    'MirroredNetwork\'s firewall uses threatIntelMode "Deny" unless firewall.threatIntelMode says otherwise: remove that override.',
  sources: [
    "/providers/Microsoft.Authorization/policyDefinitions/da79a7e2-8aa1-45ed-af81-ba050c153564",
    "https://learn.microsoft.com/azure/firewall/threat-intel",
  ],
  resourceTypes: ["azure-native:network:FirewallPolicy"],
  validateResource(resource, _config, report) {
    const mode = resource.props.threatIntelMode;
    if (!is(mode, "Deny"))
      report(
        `firewall policy ${resource.name} has threatIntelMode ${mode === undefined ? "unset" : String(mode)}: traffic to and from known-malicious addresses and domains is ${is(mode, "Off") ? "not even logged" : "at most alerted on"}, not denied.`,
      );
  },
};
