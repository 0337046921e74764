import { CheckedResource, is } from "../model";

/** A security rule's properties, inline in an NSG's `securityRules` or a standalone `SecurityRule`. */
export type Rule = Record<string, unknown>;

/** Subnets an NSG cannot (or need not) be attached to, per Microsoft: the gateway, firewall and route server subnets. */
export const subnetsWithoutNsg = [
  "GatewaySubnet",
  "AzureFirewallSubnet",
  "AzureFirewallManagementSubnet",
  "RouteServerSubnet",
];

/** The rules a resource carries: an NSG's inline `securityRules`, or a `SecurityRule` itself. */
export function rulesOf(resource: CheckedResource): Rule[] {
  if (resource.type === "azure-native:network:SecurityRule")
    return [
      { ...resource.props, name: resource.props.securityRuleName ?? resource.props.name ?? resource.name },
    ];
  return (resource.props.securityRules as Rule[] | undefined) ?? [];
}

const values = (single: unknown, many: unknown): string[] =>
  [single, ...((many as unknown[] | undefined) ?? [])]
    .filter((v) => v !== undefined && v !== null)
    .map(String);

/** Source prefixes that mean "anyone on the Internet". */
const anywhere = ["*", "internet", "any", "0.0.0.0/0", "::/0"];

/** Whether the rule allows inbound traffic from anywhere (`*`, `Internet`, `0.0.0.0/0`, `::/0`). */
export function allowsInboundFromAnywhere(rule: Rule): boolean {
  return (
    is(rule.access, "Allow") &&
    is(rule.direction, "Inbound") &&
    values(rule.sourceAddressPrefix, rule.sourceAddressPrefixes).some((s) =>
      anywhere.includes(s.toLowerCase()),
    )
  );
}

/** Whether the rule's destination ports include `port` (`*`, the port itself, or a range `a-b` holding it). */
export function coversPort(rule: Rule, port: number): boolean {
  return values(rule.destinationPortRange, rule.destinationPortRanges).some((range) => {
    if (range.trim() === "*") return true;
    const [low, high] = range.split("-").map((p) => Number(p.trim()));
    return high === undefined ? low === port : low <= port && port <= high;
  });
}

/** Whether the rule's destination ports are every port (`*`, `0-65535`, `1-65535`). */
export function coversEveryPort(rule: Rule): boolean {
  return values(rule.destinationPortRange, rule.destinationPortRanges).some((r) =>
    ["*", "0-65535", "1-65535"].includes(r.replace(/\s/g, "")),
  );
}

/** The subnets a resource declares: a VNet's inline `subnets`, or a `Subnet` itself. */
export function subnetsOf(resource: CheckedResource): Rule[] {
  if (resource.type === "azure-native:network:Subnet")
    return [{ ...resource.props, name: resource.props.subnetName ?? resource.props.name ?? resource.name }];
  return (resource.props.subnets as Rule[] | undefined) ?? [];
}

/** The last segment of an ARM id (or the value itself), lower-case, for comparing references by name. */
export const lastSegment = (value: unknown) =>
  typeof value === "string" ? (value.split("/").pop() ?? "").toLowerCase() : "";
