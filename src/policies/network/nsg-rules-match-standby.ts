import { lookupRegion } from "../../regions/catalog";
import { CheckedResource, ResilienceCheck, locationOf, ofType } from "../model";

type Rule = Record<string, unknown>;

/** The NSG's role, its name without the region (agents-nsg-app-eus2 and agents-nsg-app-cus are both agents-nsg-app). */
function role(nsg: CheckedResource): string {
  const location = locationOf(nsg) ?? "";
  const code = lookupRegion(location)?.code;
  let name = nsg.name.toLowerCase();
  for (const token of [location, code].filter(Boolean) as string[])
    name = name.replace(new RegExp(`[-_.]?${token}(?=$|[-_.])`, "g"), "");
  return name;
}

const list = (single: unknown, many: unknown) =>
  [...((many as string[] | undefined) ?? []), ...(single === undefined ? [] : [String(single)])].sort();

/** A rule reduced to what matters, so the same rule written two ways compares equal. */
function normalize(rule: Rule): string {
  return JSON.stringify({
    name: rule.name,
    priority: rule.priority,
    // Enum values compared as ARM compares them: case-insensitively.
    direction: String(rule.direction ?? "").toLowerCase(),
    access: String(rule.access ?? "").toLowerCase(),
    protocol: String(rule.protocol ?? "").toLowerCase(),
    source: list(rule.sourceAddressPrefix, rule.sourceAddressPrefixes),
    sourcePorts: list(rule.sourcePortRange, rule.sourcePortRanges),
    destination: list(rule.destinationAddressPrefix, rule.destinationAddressPrefixes),
    ports: list(rule.destinationPortRange, rule.destinationPortRanges),
  });
}

/** Standalone rules by the NSG they belong to (its URN, through a dependency, or its name), built once per stack. */
function separateRules(resources: readonly CheckedResource[]): Map<string, Rule[]> {
  const byKey = new Map<string, Rule[]>();
  for (const r of ofType(resources, "azure-native:network:SecurityRule")) {
    const rule = { ...r.props, name: r.props.securityRuleName ?? r.name };
    const keys = new Set([
      ...r.dependencies,
      ...(r.props.networkSecurityGroupName !== undefined
        ? [`name:${String(r.props.networkSecurityGroupName)}`]
        : []),
    ]);
    for (const key of keys) byKey.set(key, [...(byKey.get(key) ?? []), rule]);
  }
  return byKey;
}

function rulesOf(nsg: CheckedResource, separate: Map<string, Rule[]>): string[] {
  const inline = (nsg.props.securityRules as Rule[] | undefined) ?? [];
  const own = new Set([
    ...(separate.get(nsg.urn) ?? []),
    ...(nsg.props.name !== undefined ? (separate.get(`name:${String(nsg.props.name)}`) ?? []) : []),
  ]);
  return [...inline, ...own].map(normalize).sort();
}

/** NSGs of the same role in the primary and standby regions hold the same rules, rule for rule. */
export const networkNsgRulesMatchStandby: ResilienceCheck = {
  name: "network-nsg-rules-match-standby",
  area: "network",
  description:
    "NSGs with the same role in different regions (names differing only by region) hold identical rules.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Write the rule once and build both regions from it; a standby that blocks what the primary allows fails on failover.",
  libraryRemediation:
    "Write the rule in MirroredNetwork's securityRules (or the subnet's securityRules) rather than on one region's NSG: MirroredNetwork builds both regions' NSGs from the same list.",
  sources: [
    "https://learn.microsoft.com/azure/site-recovery/azure-to-azure-about-networking",
    "https://learn.microsoft.com/azure/reliability/reliability-virtual-network",
  ],
  resourceTypes: ["azure-native:network:NetworkSecurityGroup", "azure-native:network:SecurityRule"],
  validateStack(resources, _config, report) {
    const separate = separateRules(resources);
    const groups = new Map<string, CheckedResource[]>();
    for (const nsg of ofType(resources, "azure-native:network:NetworkSecurityGroup"))
      groups.set(role(nsg), [...(groups.get(role(nsg)) ?? []), nsg]);
    for (const [name, nsgs] of groups) {
      if (new Set(nsgs.map(locationOf)).size < 2) continue;
      const [first, ...others] = nsgs;
      const expected = rulesOf(first, separate);
      for (const other of others) {
        const actual = rulesOf(other, separate);
        const missing = expected.filter((r) => !actual.includes(r)).map((r) => JSON.parse(r).name);
        const extra = actual.filter((r) => !expected.includes(r)).map((r) => JSON.parse(r).name);
        if (missing.length || extra.length) {
          report(
            `NSG ${other.name} (${locationOf(other)}) differs from ${first.name} (${locationOf(first)}) for role ${name}: ` +
              `${missing.length ? `missing or different ${missing.join(", ")}` : ""}${missing.length && extra.length ? "; " : ""}${extra.length ? `extra or different ${extra.join(", ")}` : ""}.`,
            other.urn,
          );
        }
      }
    }
  },
};
