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
    direction: rule.direction,
    access: rule.access,
    protocol: rule.protocol,
    source: list(rule.sourceAddressPrefix, rule.sourceAddressPrefixes),
    sourcePorts: list(rule.sourcePortRange, rule.sourcePortRanges),
    destination: list(rule.destinationAddressPrefix, rule.destinationAddressPrefixes),
    ports: list(rule.destinationPortRange, rule.destinationPortRanges),
  });
}

function rulesOf(nsg: CheckedResource, resources: readonly CheckedResource[]): string[] {
  const inline = (nsg.props.securityRules as Rule[] | undefined) ?? [];
  const separate = ofType(resources, "azure-native:network:SecurityRule")
    .filter(
      (r) =>
        r.dependencies.includes(nsg.urn) ||
        (r.props.networkSecurityGroupName !== undefined &&
          r.props.networkSecurityGroupName === nsg.props.name),
    )
    .map((r) => ({ ...r.props, name: r.props.securityRuleName ?? r.name }));
  return [...inline, ...separate].map(normalize).sort();
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
    "Write the rule once and build both regions from it (MirroredNetwork does); a standby that blocks what the primary allows fails on failover.",
  resourceTypes: ["azure-native:network:NetworkSecurityGroup", "azure-native:network:SecurityRule"],
  validateStack(resources, _config, report) {
    const groups = new Map<string, CheckedResource[]>();
    for (const nsg of ofType(resources, "azure-native:network:NetworkSecurityGroup"))
      groups.set(role(nsg), [...(groups.get(role(nsg)) ?? []), nsg]);
    for (const [name, nsgs] of groups) {
      if (new Set(nsgs.map(locationOf)).size < 2) continue;
      const [first, ...others] = nsgs;
      const expected = rulesOf(first, resources);
      for (const other of others) {
        const actual = rulesOf(other, resources);
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
