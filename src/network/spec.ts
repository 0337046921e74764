import { fail, show } from "../errors";
import {
  Cidr,
  azureMinSubnetPrefix,
  contains,
  firewallSubnetPrefix,
  firstFreeBlock,
  nextBlock,
  overlaps,
  parseCidr,
  translate,
} from "./cidr";

/** One NSG rule, written once and applied identically in every region. */
export interface SecurityRuleSpec {
  /** Unique within the NSG it lands in. */
  name: string;
  /** 100-4096; unique per direction within one NSG. Lower numbers are evaluated first. */
  priority: number;
  direction: "Inbound" | "Outbound";
  access: "Allow" | "Deny";
  /** @default "*" */
  protocol?: "Tcp" | "Udp" | "Icmp" | "Esp" | "Ah" | "*";
  /** CIDRs or service tags (`VirtualNetwork`, `AzureLoadBalancer`, `Internet`...). Prefer tags over CIDRs of one region. */
  sourceAddressPrefixes: string[];
  /** @default ["*"] */
  sourcePortRanges?: string[];
  destinationAddressPrefixes: string[];
  /** Ports or ranges (`443`, `8000-8080`, `*`). */
  destinationPortRanges: string[];
  description?: string;
}

/** One subnet, built at the same offset in every region's address space. */
export interface SubnetSpec<Name extends string = string> {
  /**
   * Unique in the network; `AzureFirewallSubnet` is reserved for the firewall the component builds. The network's
   * `subnetIds` are keyed by it, so a mistyped key does not compile.
   */
  name: Name;
  /** CIDR inside `addressSpace` (the primary's); the standby gets the same offset in its own space. */
  addressPrefix: string;
  /** Service the subnet is delegated to, e.g. `Microsoft.Web/serverFarms`. @default - no delegation */
  delegation?: string;
  /**
   * Service endpoints, e.g. `Microsoft.Storage` (Site Recovery advises one under custom routes, so replication
   * skips the firewall; it opens every storage account of the region past the firewall too). @default - none
   */
  serviceEndpoints?: string[];
  /**
   * Network policies for private endpoints in this subnet.
   * @default "Enabled" - NSG rules and route tables apply to private endpoint traffic too
   */
  privateEndpointNetworkPolicies?:
    "Enabled" | "Disabled" | "NetworkSecurityGroupEnabled" | "RouteTableEnabled";
  /** Rules for this subnet's NSG, after the network-wide `securityRules`. @default - none */
  securityRules?: SecurityRuleSpec[];
  /** Send this subnet's Internet-bound traffic (0.0.0.0/0) through the region's firewall. @default true when a firewall is built */
  routeThroughFirewall?: boolean;
}

/** An Azure Firewall policy rule (the ARM shape, plain values). */
export type FirewallRuleSpec =
  | {
      ruleType: "NetworkRule";
      name: string;
      ipProtocols: ("TCP" | "UDP" | "ICMP" | "Any")[];
      sourceAddresses: string[];
      destinationAddresses?: string[];
      /** Refused: FQDNs in network rules need the VNets' DNS pointed at the firewall. Use an ApplicationRule. */
      destinationFqdns?: string[];
      destinationPorts: string[];
      description?: string;
    }
  | {
      ruleType: "ApplicationRule";
      name: string;
      sourceAddresses: string[];
      protocols: { protocolType: "Http" | "Https"; port: number }[];
      targetFqdns?: string[];
      fqdnTags?: string[];
      description?: string;
    };

export interface FirewallRuleCollectionSpec {
  name: string;
  /** 100-65000, unique within the group. */
  priority: number;
  action: "Allow" | "Deny";
  /** All of one type: Azure keeps network and application rules in separate collections. */
  rules: FirewallRuleSpec[];
}

export interface FirewallRuleCollectionGroupSpec {
  name: string;
  /** 100-65000, unique within the policy. */
  priority: number;
  ruleCollections: FirewallRuleCollectionSpec[];
}

export interface FirewallSpec {
  /**
   * `Premium` adds intrusion detection and prevention (IDPS) and TLS inspection, at a higher price.
   * @default "Standard"
   */
  tier?: "Standard" | "Premium";
  /** @default "Deny" - traffic to and from known malicious addresses is blocked and logged */
  threatIntelMode?: "Alert" | "Deny" | "Off";
  /**
   * IDPS mode of a Premium policy: `Alert` logs signature matches, `Deny` also blocks them. Premium only. IDPS
   * inspects "all ports and protocols for nonencrypted traffic"; HTTPS payloads only with TLS inspection
   * (https://learn.microsoft.com/azure/firewall/premium-features#idps), which needs a CA certificate of yours that every
   * client trusts, so this library does not configure it.
   * @default "Alert" with `tier: "Premium"` (Microsoft: start in Alert, then Deny); none with Standard
   */
  intrusionDetection?: "Alert" | "Deny" | "Off";
  /** Prefix of `AzureFirewallSubnet` in the primary's space (at least /26). @default - the first free /26 */
  subnetPrefix?: string;
  /**
   * Public IPs per firewall. Each adds 2,496 SNAT ports per firewall instance, and one address shared by a whole
   * fleet of agents exhausts ports and counts as one client for every per-IP limit. 1-250.
   * @default 2
   */
  publicIpCount?: number;
  /**
   * The rule collection group for the traffic the platform itself needs, from both VNets: Site Recovery
   * replication (both directions, for reprotect), Microsoft Entra ID and Azure Monitor, by service tag. It is
   * `azure-ai-failover-platform`, priority 100, evaluated before your groups; `azure-ai-failover-endpoints`,
   * priority 150, is kept free for the platform's own Front Door endpoint and gateways (`allowHttpsEgress`).
   * @default true
   */
  platformRules?: boolean;
  /** Egress rules, written once in the base policy and so applied in both regions. @default - none beyond the platform's */
  ruleCollectionGroups?: FirewallRuleCollectionGroupSpec[];
}

/** Name and priority of the rule collection group holding the platform's own traffic (`platformRules`). */
export const platformRuleGroupName = "azure-ai-failover-platform";
export const platformRuleGroupPriority = 100;
/**
 * Name and priority of the group WarmStandbyAiPlatform adds once its Front Door and gateways exist, so agents can
 * call them (`allowHttpsEgress`). Reserved with the platform group.
 */
export const platformEndpointsGroupName = "azure-ai-failover-endpoints";
export const platformEndpointsGroupPriority = 150;

/** The validated spec, with every region's address plan worked out. */
export interface NetworkPlan {
  readonly primarySpace: Cidr;
  readonly standbySpace: Cidr;
  /** Subnet name -> [primary prefix, standby prefix], in spec order, firewall subnet included when built. */
  readonly subnets: ReadonlyMap<string, readonly [Cidr, Cidr]>;
  readonly sameAddressSpace: boolean;
}

export const firewallSubnetName = "AzureFirewallSubnet";
const reservedSubnetNames = [
  firewallSubnetName,
  "AzureFirewallManagementSubnet",
  "GatewaySubnet",
  "AzureBastionSubnet",
];

/** Validates the NSG rules one NSG would hold (network-wide rules followed by the subnet's own). */
export function checkSecurityRules(argument: string, rules: readonly SecurityRuleSpec[]): void {
  const names = new Map<string, number>();
  const priorities = new Map<string, string>();
  rules.forEach((rule, i) => {
    const at = `${argument}[${i}]`;
    if (typeof rule?.name !== "string" || rule.name === "")
      fail(`${at}.name`, `${at}.name is required, but got ${show(rule?.name)}.`);
    if (names.has(rule.name.toLowerCase())) {
      fail(
        `${at}.name`,
        `${at}.name "${rule.name}" is used by another rule in the same NSG: rule names must be unique.`,
      );
    }
    names.set(rule.name.toLowerCase(), i);
    if (!Number.isInteger(rule.priority) || rule.priority < 100 || rule.priority > 4096) {
      fail(
        `${at}.priority`,
        `${at}.priority must be a whole number from 100 to 4096 (Azure's NSG rule range), but got ${show(rule.priority)}.`,
      );
    }
    if (rule.direction !== "Inbound" && rule.direction !== "Outbound") {
      fail(
        `${at}.direction`,
        `${at}.direction must be "Inbound" or "Outbound", but got ${show(rule.direction)}.`,
      );
    }
    if (rule.access !== "Allow" && rule.access !== "Deny") {
      fail(`${at}.access`, `${at}.access must be "Allow" or "Deny", but got ${show(rule.access)}.`);
    }
    const key = `${rule.direction}:${rule.priority}`;
    const clash = priorities.get(key);
    if (clash) {
      fail(
        `${at}.priority`,
        `${at}.priority ${rule.priority} is already used by ${rule.direction.toLowerCase()} rule "${clash}" in the same NSG: ` +
          "priorities must be unique per direction.",
      );
    }
    priorities.set(key, rule.name);
    for (const field of [
      "sourceAddressPrefixes",
      "destinationAddressPrefixes",
      "destinationPortRanges",
    ] as const) {
      const value = rule[field];
      if (
        !Array.isArray(value) ||
        value.length === 0 ||
        value.some((v) => typeof v !== "string" || v === "")
      ) {
        fail(`${at}.${field}`, `${at}.${field} must be a non-empty list of strings, but got ${show(value)}.`);
      }
    }
  });
}

/** Validates firewall rule collection groups: names, priorities, one rule type per collection. */
export function checkFirewallRules(
  argument: string,
  groups: readonly FirewallRuleCollectionGroupSpec[],
): void {
  const unique = <T>(at: string, items: readonly T[], key: (t: T) => string | number, what: string) => {
    const seen = new Set<string | number>();
    items.forEach((item, i) => {
      const k = key(item);
      if (seen.has(k)) fail(`${at}[${i}]`, `${at}[${i}] repeats ${what} ${show(k)}: each must be unique.`);
      seen.add(k);
    });
  };
  const priority = (at: string, value: unknown) => {
    if (!Number.isInteger(value) || (value as number) < 100 || (value as number) > 65000) {
      fail(
        `${at}.priority`,
        `${at}.priority must be a whole number from 100 to 65000, but got ${show(value)}.`,
      );
    }
  };
  unique(argument, groups, (g) => g.name, "the group name");
  unique(argument, groups, (g) => g.priority, "the priority");
  groups.forEach((group, g) => {
    const at = `${argument}[${g}]`;
    priority(at, group.priority);
    unique(`${at}.ruleCollections`, group.ruleCollections, (c) => c.name, "the collection name");
    unique(`${at}.ruleCollections`, group.ruleCollections, (c) => c.priority, "the priority");
    group.ruleCollections.forEach((collection, c) => {
      const cat = `${at}.ruleCollections[${c}]`;
      priority(cat, collection.priority);
      if (collection.rules.length === 0)
        fail(`${cat}.rules`, `${cat}.rules is empty: give at least one rule or drop the collection.`);
      unique(`${cat}.rules`, collection.rules, (r) => r.name, "the rule name");
      collection.rules.forEach((rule, r) => {
        if (rule.ruleType === "NetworkRule" && (rule.destinationFqdns?.length ?? 0) > 0) {
          // "To configure DNS proxy, you must configure your virtual network DNS servers setting to use the firewall
          // private IP address" (https://learn.microsoft.com/azure/firewall/dns-settings), and FQDN network rules
          // need the proxy. Here the firewall sits in the VNet it would serve: its address exists only once the VNet
          // does, so that would be a second step after deployment (and VM restarts). Microsoft: "Always use
          // application rules when possible" (https://learn.microsoft.com/azure/firewall/firewall-best-practices).
          fail(
            `${cat}.rules[${r}].destinationFqdns`,
            `${cat}.rules[${r}].destinationFqdns is set on a network rule, which needs the firewall's DNS proxy and every VNet's DNS servers pointed at the firewall (a step after the deployment that builds them): ` +
              "use an ApplicationRule for HTTP, HTTPS or MSSQL targets, or destinationAddresses (addresses or service tags).",
          );
        }
      });
      const types = new Set(collection.rules.map((r) => r.ruleType));
      if (types.size > 1) {
        fail(
          `${cat}.rules`,
          `${cat}.rules mixes ${[...types].join(" and ")}s: Azure keeps each rule type in its own collection, so split them.`,
        );
      }
    });
  });
}

/**
 * Works out and checks the address plan of both regions: the primary's space, the standby's (same,
 * given, or the next block of the same size), every subnet's prefix in each, and room for the firewall.
 */
export function planAddresses(options: {
  addressSpace: string;
  standbyAddressSpace?: string;
  subnets: readonly SubnetSpec[];
  peering: boolean;
  firewall?: FirewallSpec;
}): NetworkPlan {
  const primarySpace = parseCidr("addressSpace", options.addressSpace);
  let standbySpace: Cidr;
  if (options.standbyAddressSpace === "same") standbySpace = primarySpace;
  else if (options.standbyAddressSpace !== undefined) {
    standbySpace = parseCidr("standbyAddressSpace", options.standbyAddressSpace);
    if (standbySpace.prefix !== primarySpace.prefix) {
      fail(
        "standbyAddressSpace",
        `standbyAddressSpace "${standbySpace.text}" must be the same size as addressSpace "${primarySpace.text}" ` +
          `(/${primarySpace.prefix}), so every subnet has the same offset in both regions.`,
      );
    }
  } else {
    const next = nextBlock(primarySpace);
    if (!next) {
      fail(
        "standbyAddressSpace",
        `standbyAddressSpace cannot be derived after "${primarySpace.text}": give one.`,
      );
    }
    standbySpace = next;
  }
  const sameAddressSpace = standbySpace.base === primarySpace.base;
  if (options.peering && overlaps(primarySpace, standbySpace)) {
    fail(
      "peering",
      `peering needs address spaces that do not overlap, but the primary's "${primarySpace.text}" and the standby's ` +
        `"${standbySpace.text}" do: drop standbyAddressSpace (a distinct space is derived) or turn peering off.`,
    );
  }

  if (!Array.isArray(options.subnets) || options.subnets.length === 0) {
    fail("subnets", `subnets must list at least one subnet, but got ${show(options.subnets)}.`);
  }
  const subnets = new Map<string, readonly [Cidr, Cidr]>();
  const names = new Set<string>();
  options.subnets.forEach((subnet, i) => {
    const at = `subnets[${i}]`;
    if (
      typeof subnet?.name !== "string" ||
      !/^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$/.test(subnet.name)
    ) {
      fail(
        `${at}.name`,
        `${at}.name must be 1-80 letters, digits, '_', '.' or '-', but got ${show(subnet?.name)}.`,
      );
    }
    if (names.has(subnet.name.toLowerCase())) {
      fail(
        `${at}.name`,
        `${at}.name "${subnet.name}" is used by another subnet: subnet names must be unique.`,
      );
    }
    names.add(subnet.name.toLowerCase());
    if (reservedSubnetNames.includes(subnet.name)) {
      fail(
        `${at}.name`,
        `${at}.name "${subnet.name}" is reserved for an Azure service subnet` +
          (subnet.name === firewallSubnetName
            ? "; set firewall.subnetPrefix to place the firewall's subnet."
            : "."),
      );
    }
    const prefix = parseCidr(`${at}.addressPrefix`, subnet.addressPrefix);
    if (!contains(primarySpace, prefix)) {
      fail(
        `${at}.addressPrefix`,
        `${at}.addressPrefix "${prefix.text}" is outside addressSpace "${primarySpace.text}": subnets must lie inside the VNet.`,
      );
    }
    if (prefix.prefix > azureMinSubnetPrefix) {
      fail(
        `${at}.addressPrefix`,
        `${at}.addressPrefix "${prefix.text}" is smaller than Azure's smallest subnet (/${azureMinSubnetPrefix}).`,
      );
    }
    for (const [other, [otherPrefix]] of subnets) {
      if (overlaps(prefix, otherPrefix)) {
        fail(
          `${at}.addressPrefix`,
          `${at}.addressPrefix "${prefix.text}" overlaps subnet "${other}" ("${otherPrefix.text}"): subnets must not overlap.`,
        );
      }
    }
    subnets.set(subnet.name, [prefix, translate(prefix, primarySpace, standbySpace)]);
  });

  if (options.firewall) {
    const used = [...subnets.values()].map(([p]) => p);
    let firewallPrefix: Cidr;
    if (options.firewall.subnetPrefix !== undefined) {
      firewallPrefix = parseCidr("firewall.subnetPrefix", options.firewall.subnetPrefix);
      if (firewallPrefix.prefix > firewallSubnetPrefix) {
        fail(
          "firewall.subnetPrefix",
          `firewall.subnetPrefix "${firewallPrefix.text}" is too small: Azure Firewall needs at least a /${firewallSubnetPrefix}.`,
        );
      }
      if (!contains(primarySpace, firewallPrefix)) {
        fail(
          "firewall.subnetPrefix",
          `firewall.subnetPrefix "${firewallPrefix.text}" is outside addressSpace "${primarySpace.text}".`,
        );
      }
      const clash = [...subnets.entries()].find(([, [p]]) => overlaps(p, firewallPrefix));
      if (clash) {
        fail(
          "firewall.subnetPrefix",
          `firewall.subnetPrefix "${firewallPrefix.text}" overlaps subnet "${clash[0]}" ("${clash[1][0].text}").`,
        );
      }
    } else {
      const free = firstFreeBlock(primarySpace, firewallSubnetPrefix, used);
      if (!free) {
        fail(
          "firewall",
          `firewall needs a free /${firewallSubnetPrefix} for ${firewallSubnetName} in addressSpace "${primarySpace.text}", ` +
            "but the subnets leave none: shrink a subnet, widen addressSpace, or turn the firewall off.",
        );
      }
      firewallPrefix = free;
    }
    subnets.set(firewallSubnetName, [firewallPrefix, translate(firewallPrefix, primarySpace, standbySpace)]);
  }
  return { primarySpace, standbySpace, subnets, sameAddressSpace };
}
