import { ResilienceCheck, at, is } from "../model";

/** Premium firewall policies run their intrusion detection and prevention system. */
export const networkFirewallpolicyEnableIdps: ResilienceCheck = {
  name: "network-firewallpolicy-enable-idps",
  area: "network",
  description:
    "Premium Azure Firewall policies have IDPS on (intrusionDetection.mode Alert or Deny, not Off).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    'Set intrusionDetection: { mode: "Alert" } on the Premium policy, then "Deny" once the alerts are understood.',
  libraryRemediation:
    'MirroredNetwork turns IDPS on in Alert mode for firewall.tier "Premium": remove firewall.intrusionDetection "Off".',
  sources: [
    "/providers/Microsoft.Authorization/policyDefinitions/6484db87-a62d-4327-9f07-80a2cbdf333a",
    "https://learn.microsoft.com/azure/firewall/premium-features#idps",
    "https://learn.microsoft.com/azure/firewall/firewall-best-practices",
  ],
  resourceTypes: ["azure-native:network:FirewallPolicy"],
  validateResource(resource, _config, report) {
    if (!is(at(resource.props, "sku.tier"), "Premium")) return;
    const mode = at(resource.props, "intrusionDetection.mode");
    if (is(mode, "Off"))
      report(
        `Premium firewall policy ${resource.name} has intrusionDetection.mode Off: the Premium tier's IDPS inspects nothing.`,
      );
  },
};
