import { CheckedResource, ResilienceCheck, at, is, ofType } from "../model";
import { lastSegment } from "./helpers";

type Collection = { rules?: Record<string, unknown>[] };

/** Network rules that name FQDNs need the policy's DNS proxy, or they resolve differently from the clients. */
export const networkFirewallpolicyEnableDnsProxy: ResilienceCheck = {
  name: "network-firewallpolicy-enable-dns-proxy",
  area: "network",
  description:
    "Firewall policies whose network rules use destinationFqdns have the DNS proxy on (dnsSettings.enableProxy).",
  severity: "medium",
  enforcementLevel: "mandatory",
  remediation:
    "Set dnsSettings: { enableProxy: true } on the firewall policy and point the VNets' DNS servers at the firewall's private IP, or use an application rule (targetFqdns) instead of destinationFqdns in a network rule.",
  libraryRemediation:
    "MirroredNetwork refuses destinationFqdns in network rules: write the rule as an application rule (targetFqdns) in firewall.ruleCollectionGroups.",
  sources: [
    "https://learn.microsoft.com/azure/firewall/fqdn-filtering-network-rules",
    "https://learn.microsoft.com/azure/firewall/dns-settings",
    "/providers/Microsoft.Authorization/policyDefinitions/3f84c9b0-8b64-4208-98d4-6ada96bb49c3",
  ],
  resourceTypes: [
    "azure-native:network:FirewallPolicy",
    "azure-native:network:FirewallPolicyRuleCollectionGroup",
  ],
  validateStack(resources, _config, report) {
    // The rule collection groups' FQDN network rules, by the policy they belong to (URN and name), built once.
    const fqdnRules = new Map<string, string[]>();
    for (const group of ofType(resources, "azure-native:network:FirewallPolicyRuleCollectionGroup")) {
      const names = ((group.props.ruleCollections as Collection[] | undefined) ?? [])
        .flatMap((c) => c.rules ?? [])
        .filter(
          (r) =>
            is(r.ruleType, "NetworkRule") && ((r.destinationFqdns as unknown[] | undefined) ?? []).length > 0,
        )
        .map((r) => String(r.name ?? "?"));
      if (!names.length) continue;
      const keys = [...group.dependencies, `name:${lastSegment(group.props.firewallPolicyName)}`];
      for (const key of keys) fqdnRules.set(key, [...(fqdnRules.get(key) ?? []), ...names]);
    }
    if (fqdnRules.size === 0) return;
    const rulesFor = (policy: CheckedResource) => [
      ...new Set([
        ...(fqdnRules.get(policy.urn) ?? []),
        ...(fqdnRules.get(`name:${lastSegment(policy.props.firewallPolicyName ?? policy.props.name)}`) ?? []),
      ]),
    ];
    for (const policy of ofType(resources, "azure-native:network:FirewallPolicy")) {
      const rules = rulesFor(policy);
      if (rules.length && at(policy.props, "dnsSettings.enableProxy") !== true)
        report(
          `firewall policy ${policy.name} has network rules with destinationFqdns (${rules.join(", ")}) but no DNS proxy (dnsSettings.enableProxy): the firewall and the clients may resolve the names to different addresses.`,
          policy.urn,
        );
    }
  },
};
