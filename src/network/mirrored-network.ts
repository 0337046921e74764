import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";
import * as privatedns from "@pulumi/azure-native/privatedns";
import * as resources from "@pulumi/azure-native/resources";
import type * as inputs from "@pulumi/azure-native/types/input";
import { fail, show } from "../errors";
import {
  PerRegion,
  ResourceGroupNames,
  Role,
  checkRegionalArgs,
  resourceGroupsFor,
  roles,
} from "../internal/regional";
import { childName, uniqueSuffix } from "../naming/names";
import { DiagnosticsArgs, checkDiagnostics, sendDiagnostics } from "../observability/diagnostics";
import { FlowLogsArgs, checkFlowLogs, flowLogStorage, vnetFlowLog } from "../observability/flow-logs";
import { platformRuleGroup } from "./egress";
import type { AzureRegion } from "../regions/catalog";
import type { RegionPair, RegionPairArgs } from "../regions/pair";
import {
  FirewallSpec,
  SecurityRuleSpec,
  SubnetSpec,
  FirewallRuleCollectionGroupSpec,
  checkFirewallRules,
  checkSecurityRules,
  firewallSubnetName,
  planAddresses,
  platformEndpointsGroupName,
  platformEndpointsGroupPriority,
  platformRuleGroupName,
  platformRuleGroupPriority,
} from "./spec";

export interface MirroredNetworkArgs<Subnet extends string = string> {
  /** The two regions, e.g. `{ primary: "eastus2", standby: "centralus" }`. */
  regions: RegionPairArgs | RegionPair;
  /** Resource groups to build into. @default - one new group per region, `<name>-rg-<region code>` */
  resourceGroups?: ResourceGroupNames;
  /** The primary VNet's address space, e.g. `10.20.0.0/16`. */
  addressSpace: string;
  /**
   * The standby VNet's address space: a CIDR of the same size, or `"same"` to reuse the primary's (Site
   * Recovery then keeps the VMs' IP addresses on failover, but the two VNets cannot be peered).
   * @default - the next block of the same size (10.20.0.0/16 -> 10.21.0.0/16)
   */
  standbyAddressSpace?: string;
  /** Subnets, built at the same offsets in both regions. At least one. */
  subnets: SubnetSpec<Subnet>[];
  /** NSG rules every subnet's NSG holds, before the subnet's own rules. @default - none */
  securityRules?: SecurityRuleSpec[];
  /**
   * Add an explicit `DenyInternetInbound` rule (priority 4096) to every NSG, so nothing from the Internet gets in
   * unless a rule of the spec allows it, and the intent is visible to reviewers and policies.
   * @default true
   */
  denyInternetInbound?: boolean;
  /** Peer the two VNets (global VNet peering, both directions). Needs non-overlapping spaces. @default false */
  peering?: boolean;
  /**
   * An Azure Firewall per region (zone-redundant where the region has zones) governed by one firewall policy,
   * and a route table sending workload subnets' 0.0.0.0/0 to the local firewall. `true` takes every default.
   * @default false
   */
  firewall?: FirewallSpec | boolean;
  /**
   * An isolated drill VNet in the standby region: same address space, subnets and NSGs as the production
   * standby, never peered and without a firewall route, for Site Recovery test failovers.
   * @default false
   */
  drill?: boolean;
  /**
   * Resource group of the drill's private DNS zones (zones of the production names, which one group can hold only
   * once). @default - a new group, `<name>-rg-drill-<standby code>`, in the standby region
   */
  drillResourceGroupName?: pulumi.Input<string>;
  /**
   * Resource group of the production private DNS zones: one whose region is not the primary's, so records can be
   * written during a primary outage. A stack built with 0.1 keeps its zones where they are by naming the primary's
   * group here (moving them is a replacement; see the README).
   * @default - the standby region's group
   */
  privateDnsZoneResourceGroupName?: pulumi.Input<string>;
  /**
   * Private DNS zones (e.g. `privatelink.openai.azure.com`), created in the standby region's resource group and
   * linked to the primary and standby VNets. With `drill`, the drill VNet gets its own zones of the same names.
   * @default - none
   */
  privateDnsZones?: string[];
  /**
   * Azure DDoS Network Protection on every VNet of the network (the firewalls' public IPs live in them): `true`
   * creates a DDoS protection plan in the standby region's group; `{ planId }` uses your tenant's plan instead, since
   * "under a tenant, a single DDoS protection plan can be used across multiple subscriptions, so there's no need to
   * create more than one" (https://learn.microsoft.com/azure/ddos-protection/ddos-protection-overview#pricing).
   * A plan is billed monthly whether or not anything is attacked: 2,944 USD a month covering up to 100 public IPs,
   * 30 USD a month for each one beyond (the same page; check https://azure.microsoft.com/pricing/details/ddos-protection/).
   * @default false - Azure's infrastructure-level DDoS protection only
   */
  ddosProtection?: boolean | { planId: pulumi.Input<string> };
  /** Tags for every resource. @default - none */
  tags?: Record<string, string>;
  /**
   * Send the VNets', NSGs', firewalls' and public IPs' logs and metrics to a Log Analytics workspace (one diagnostic
   * setting each). @default - none
   */
  diagnostics?: DiagnosticsArgs;
  /**
   * VNet flow logs for every VNet (primary, standby, drill), with traffic analytics into `flowLogs.workspaceId`,
   * written to a hardened storage account per region, in each region's existing Network Watcher. `false` for none
   * (what a profile or the platform would otherwise turn on).
   * @default - none
   */
  flowLogs?: FlowLogsArgs | false;
}

/** One region's network, as other components consume it. */
export interface RegionalNetwork<Subnet extends string = string> {
  readonly role: Role | "drill";
  readonly region: AzureRegion;
  readonly resourceGroupName: pulumi.Output<string>;
  /** The VNet's address space, e.g. `10.21.0.0/16`. */
  readonly addressSpace: string;
  readonly virtualNetworkId: pulumi.Output<string>;
  readonly virtualNetworkName: pulumi.Output<string>;
  /** Subnet ARM ids by subnet name (`AzureFirewallSubnet` included when a firewall is built). */
  readonly subnetIds: Readonly<Record<Subnet, pulumi.Output<string>>>;
  /** Subnet prefixes by subnet name. */
  readonly subnetPrefixes: Readonly<Record<Subnet, string>>;
  /** NSG ids by subnet name. */
  readonly networkSecurityGroupIds: Readonly<Record<Subnet, pulumi.Output<string>>>;
  /** The region firewall's ARM id, when a firewall is built (its metric alerts are scoped to it). */
  readonly firewallId?: pulumi.Output<string>;
  /** The region firewall's private IP, when a firewall is built. */
  readonly firewallPrivateIp?: pulumi.Output<string>;
  /** The region firewall's public IPs (the workloads' egress addresses), when a firewall is built. */
  readonly firewallPublicIps?: readonly pulumi.Output<string>[];
}

/** What other components need of the network: Site Recovery's network mapping, private endpoint subnets, DNS. */
export interface NetworkDescriptor {
  readonly primary: RegionalNetwork;
  readonly standby: RegionalNetwork;
  readonly drill?: RegionalNetwork;
  /** Private DNS zone ids by zone name, linked to the primary and standby VNets. */
  readonly privateDnsZoneIds: Readonly<Record<string, pulumi.Output<string>>>;
  /** The drill VNet's own zones of the same names, linked to it alone. */
  readonly drillPrivateDnsZoneIds?: Readonly<Record<string, pulumi.Output<string>>>;
  /** With a firewall: {@link MirroredNetwork.allowHttpsEgress}, for components built after the network. */
  readonly allowHttpsEgress?: (
    groupName: string,
    priority: number,
    hostNames: pulumi.Input<string>[],
  ) => void;
}

/** Priority of the explicit deny-Internet-inbound rule: the last one users cannot go below. */
export const denyInternetInboundPriority = 4096;

const denyInternetInbound: SecurityRuleSpec = {
  name: "DenyInternetInbound",
  priority: denyInternetInboundPriority,
  direction: "Inbound",
  access: "Deny",
  protocol: "*",
  sourceAddressPrefixes: ["Internet"],
  destinationAddressPrefixes: ["*"],
  destinationPortRanges: ["*"],
  description: "Nothing from the Internet unless a rule above allows it (azure-ai-failover secure default).",
};

/** ARM's NSG rule shape, with a single value in the singular property as the portal writes it. */
function toArmRule(rule: SecurityRuleSpec): inputs.network.SecurityRuleArgs {
  const one = (values: string[] | undefined, fallback: string[]) => {
    const list = values ?? fallback;
    return list.length === 1 ? { single: list[0] } : { many: list };
  };
  const source = one(rule.sourceAddressPrefixes, []);
  const sourcePorts = one(rule.sourcePortRanges, ["*"]);
  const destination = one(rule.destinationAddressPrefixes, []);
  const ports = one(rule.destinationPortRanges, []);
  return {
    name: rule.name,
    priority: rule.priority,
    direction: rule.direction,
    access: rule.access,
    protocol: rule.protocol ?? "*",
    ...(source.single !== undefined
      ? { sourceAddressPrefix: source.single }
      : { sourceAddressPrefixes: source.many }),
    ...(sourcePorts.single !== undefined
      ? { sourcePortRange: sourcePorts.single }
      : { sourcePortRanges: sourcePorts.many }),
    ...(destination.single !== undefined
      ? { destinationAddressPrefix: destination.single }
      : { destinationAddressPrefixes: destination.many }),
    ...(ports.single !== undefined
      ? { destinationPortRange: ports.single }
      : { destinationPortRanges: ports.many }),
    ...(rule.description ? { description: rule.description } : {}),
  };
}

/** Checks the firewall settings beyond the rules' own shape: tier, IDPS, public IPs, the platform group's slot. */
function checkFirewallSpec(firewall: FirewallSpec): void {
  if (firewall.tier !== undefined && firewall.tier !== "Standard" && firewall.tier !== "Premium") {
    fail("firewall.tier", `firewall.tier must be "Standard" or "Premium", but got ${show(firewall.tier)}.`);
  }
  const idps = firewall.intrusionDetection;
  if (idps !== undefined && idps !== "Alert" && idps !== "Deny" && idps !== "Off") {
    fail(
      "firewall.intrusionDetection",
      `firewall.intrusionDetection must be "Alert", "Deny" or "Off", but got ${show(idps)}.`,
    );
  }
  if (idps !== undefined && idps !== "Off" && firewall.tier !== "Premium") {
    fail(
      "firewall.intrusionDetection",
      `firewall.intrusionDetection "${idps}" needs tier "Premium" (IDPS is a Premium feature), but the tier is ${show(firewall.tier ?? "Standard")}: set firewall.tier to "Premium" or drop intrusionDetection.`,
    );
  }
  const ips = firewall.publicIpCount;
  if (ips !== undefined && (!Number.isInteger(ips) || ips < 1 || ips > maxFirewallPublicIps)) {
    fail(
      "firewall.publicIpCount",
      `firewall.publicIpCount must be a whole number from 1 to ${maxFirewallPublicIps}, but got ${show(ips)}.`,
    );
  }
  const groups = firewall.ruleCollectionGroups ?? [];
  checkFirewallRules("firewall.ruleCollectionGroups", groups);
  {
    // The endpoints group is added later by WarmStandbyAiPlatform, whether or not the platform group is built.
    const reserved = [
      ...(firewall.platformRules !== false
        ? [{ name: platformRuleGroupName, priority: platformRuleGroupPriority }]
        : []),
      { name: platformEndpointsGroupName, priority: platformEndpointsGroupPriority },
    ];
    groups.forEach((group, i) => {
      const taken = reserved.find((r) => r.name === group.name || r.priority === group.priority);
      if (taken) {
        fail(
          `firewall.ruleCollectionGroups[${i}]`,
          `firewall.ruleCollectionGroups[${i}] uses ${taken.name === group.name ? `the name "${group.name}"` : `priority ${group.priority}`}, ` +
            `which the platform's own rule group "${taken.name}" (priority ${taken.priority}) holds: pick another name and priority.`,
        );
      }
    });
  }
}

/** Azure Firewall takes up to 250 public IPs. https://learn.microsoft.com/azure/firewall/deploy-multi-public-ip-powershell */
const maxFirewallPublicIps = 250;

const dnsZonePattern = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * Validates MirroredNetwork's args and works out what it builds from them, registering nothing: its constructor calls
 * it first, and WarmStandbyAiPlatform calls it for every part before building any.
 *
 * @throws InvalidArgumentError naming the argument, the value received and the fix.
 */
export function checkMirroredNetworkArgs(name: string, args: MirroredNetworkArgs) {
  const { pair, tags } = checkRegionalArgs("MirroredNetwork", name, args);
  const firewall: FirewallSpec | undefined =
    args.firewall === true
      ? {}
      : args.firewall === false || args.firewall === undefined
        ? undefined
        : args.firewall;
  const plan = planAddresses({
    addressSpace: args.addressSpace,
    standbyAddressSpace: args.standbyAddressSpace,
    subnets: args.subnets,
    peering: args.peering ?? false,
    firewall,
  });
  const common = [
    ...(args.securityRules ?? []),
    ...(args.denyInternetInbound === false ? [] : [denyInternetInbound]),
  ];
  checkSecurityRules("securityRules", common);
  args.subnets.forEach((subnet, i) => {
    // One NSG holds the network-wide rules and the subnet's own: check them together.
    checkSecurityRules(`subnets[${i}].securityRules`, [...common, ...(subnet.securityRules ?? [])]);
  });
  if (firewall) checkFirewallSpec(firewall);
  const zones = args.privateDnsZones ?? [];
  zones.forEach((zone, i) => {
    if (typeof zone !== "string" || !dnsZonePattern.test(zone)) {
      fail(
        `privateDnsZones[${i}]`,
        `privateDnsZones[${i}] must be a lower-case DNS zone name such as "privatelink.openai.azure.com", but got ${show(zone)}.`,
      );
    }
    if (zones.indexOf(zone) !== i) fail(`privateDnsZones[${i}]`, `privateDnsZones[${i}] repeats "${zone}".`);
  });
  const drillGroup = args.drillResourceGroupName;
  const groupNames = [
    args.resourceGroups?.primary,
    args.resourceGroups?.standby,
    args.privateDnsZoneResourceGroupName,
  ].filter((g): g is string => typeof g === "string");
  if (
    typeof drillGroup === "string" &&
    groupNames.some((g) => g.toLowerCase() === drillGroup.toLowerCase())
  ) {
    fail(
      "drillResourceGroupName",
      `drillResourceGroupName "${drillGroup}" is also a production group: the drill's DNS zones have the production zones' names, and a group holds one zone of a name. Give a group of its own.`,
    );
  }
  const ddos = args.ddosProtection;
  if (ddos !== undefined && typeof ddos !== "boolean") {
    const planId = (ddos as { planId?: unknown } | null)?.planId;
    if (
      !planId ||
      (typeof planId === "string" &&
        !/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/ddosProtectionPlans\/[^/]+$/i.test(
          planId,
        ))
    ) {
      fail(
        "ddosProtection",
        `ddosProtection must be true, false or { planId } with the ARM id of a DDoS protection plan ("/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/ddosProtectionPlans/<name>"), but got ${show(ddos)}.`,
      );
    }
  }
  const diagnostics = checkDiagnostics(args.diagnostics);
  const flowLogs = checkFlowLogs(args.flowLogs);
  return { pair, tags, firewall, plan, common, zones, diagnostics, flowLogs };
}

/**
 * One network spec built identically in the primary and standby regions: VNet, subnets, an NSG per subnet
 * with the same rules in both regions, optional Azure Firewall with one shared policy, optional global
 * peering, an optional isolated drill VNet, and private DNS zones linked to every VNet.
 *
 * Drift between regions is impossible by construction: both regions are built by the same code path from
 * the same validated spec.
 */
export class MirroredNetwork<const Subnet extends string = string> extends pulumi.ComponentResource {
  /** The primary region's network. */
  readonly primary: RegionalNetwork<Subnet | typeof firewallSubnetName>;
  /** The standby region's network. */
  readonly standby: RegionalNetwork<Subnet | typeof firewallSubnetName>;
  /** The drill VNet in the standby region, when `drill` is set. */
  readonly drill?: RegionalNetwork<Subnet>;
  /** Private DNS zone ids by zone name, linked to the primary and standby VNets. */
  readonly privateDnsZoneIds: Readonly<Record<string, pulumi.Output<string>>>;
  /** The drill VNet's own zones of the same names (linked to it alone), when `drill` is set. */
  readonly drillPrivateDnsZoneIds?: Readonly<Record<string, pulumi.Output<string>>>;
  /** The firewall policy both firewalls use, when a firewall is built. */
  readonly firewallPolicyId?: pulumi.Output<string>;
  /** The DDoS protection plan covering the VNets, with `ddosProtection`. */
  readonly ddosProtectionPlanId?: pulumi.Output<string>;
  private firewallPolicy?: network.FirewallPolicy;
  private firewallPolicyResourceGroupName?: pulumi.Output<string>;
  /** The last write to the firewall policy or the firewalls: the next rule group waits for it. */
  private lastFirewallWrite?: pulumi.Resource;
  private readonly ruleGroupSlots = new Map<string, number>();
  private firewallWrites: pulumi.Resource[] = [];
  /** The component's name, for the names of rule groups added later. */
  private readonly componentName: string;
  /** The address spaces whose egress the firewalls carry: both VNets'. */
  private readonly egressSources: string[];
  /** Everything other components need, in one object. */
  readonly descriptor: NetworkDescriptor;

  constructor(name: string, args: MirroredNetworkArgs<Subnet>, opts?: pulumi.ComponentResourceOptions) {
    const { pair, tags, firewall, plan, common, zones, diagnostics, flowLogs } = checkMirroredNetworkArgs(
      name,
      args,
    );
    super("azure-ai-failover:network:MirroredNetwork", name, {}, opts);
    this.componentName = name;
    this.egressSources = [...new Set([plan.primarySpace.text, plan.standbySpace.text])];
    const groups = resourceGroupsFor(name, pair, args.resourceGroups, this, tags);
    const regions: PerRegion<AzureRegion> = { primary: pair.primary, standby: pair.standby };

    // DDoS Network Protection: one plan for every VNet. A plan of our own lives in the standby region's group, which
    // must stay manageable while the primary region is down. It needs no zone setting: "Azure DDoS Protection is
    // zone-redundant by default" (https://learn.microsoft.com/azure/reliability/reliability-ddos).
    let ddosPlanId: pulumi.Output<string> | undefined;
    if (args.ddosProtection === true) {
      ddosPlanId = new network.DdosProtectionPlan(
        childName(name, "ddos", pair.standby),
        { resourceGroupName: groups.standby, location: pair.standby.name, tags },
        { parent: this },
      ).id;
    } else if (args.ddosProtection) {
      ddosPlanId = pulumi.output(args.ddosProtection.planId);
    }
    this.ddosProtectionPlanId = ddosPlanId;

    // NSGs: one per workload subnet and region, the same rules in each (the drill VNet shares the standby's).
    const workloadSubnets = args.subnets;
    const nsgs = {} as Record<Role, Record<string, network.NetworkSecurityGroup>>;
    for (const role of roles) {
      nsgs[role] = {};
      for (const subnet of workloadSubnets) {
        nsgs[role][subnet.name] = new network.NetworkSecurityGroup(
          childName(name, `nsg-${subnet.name}`, regions[role]),
          {
            resourceGroupName: groups[role],
            location: regions[role].name,
            securityRules: [...common, ...(subnet.securityRules ?? [])].map(toArmRule),
            tags,
          },
          { parent: this },
        );
        sendDiagnostics(
          childName(name, `nsg-${subnet.name}`, regions[role]),
          "Microsoft.Network/networkSecurityGroups",
          nsgs[role][subnet.name],
          diagnostics,
          this,
        );
      }
    }

    // Egress: one firewall policy for both firewalls, so a rule is written once. It lives in the standby
    // region: when the primary region is down, the rules of the now-active region can still be changed.
    let policy: network.FirewallPolicy | undefined;
    const routeTables = {} as Partial<Record<Role, network.RouteTable>>;
    if (firewall) {
      const tier = firewall.tier ?? "Standard";
      // "Start with IDPS Alert mode before you enable Alert + Deny mode."
      // https://learn.microsoft.com/azure/firewall/firewall-best-practices
      const idps = firewall.intrusionDetection ?? (tier === "Premium" ? "Alert" : undefined);
      const groupsToWrite: FirewallRuleCollectionGroupSpec[] = [
        ...(firewall.platformRules === false ? [] : [platformRuleGroup(pair, this.egressSources)]),
        ...(firewall.ruleCollectionGroups ?? []),
      ];
      policy = new network.FirewallPolicy(
        `${name}-fwpolicy`,
        {
          resourceGroupName: groups.standby,
          location: pair.standby.name,
          sku: { tier },
          threatIntelMode: firewall.threatIntelMode ?? "Deny",
          // IDPS is a Premium feature. https://learn.microsoft.com/azure/firewall/premium-features#idps
          ...(idps ? { intrusionDetection: { mode: idps } } : {}),
          tags,
        },
        { parent: this },
      );
      this.firewallPolicy = policy;
      this.firewallPolicyResourceGroupName = groups.standby;
      // Rule collection groups of one policy must be written one at a time (Azure answers 409 otherwise), and
      // the firewalls after them, so that no firewall starts on a policy still being written.
      for (const group of groupsToWrite)
        this.lastFirewallWrite = this.writeRuleGroup(`${name}-fwrcg-${group.name}`, group);
      for (const role of roles) {
        routeTables[role] = new network.RouteTable(
          childName(name, "rt", regions[role]),
          {
            resourceGroupName: groups[role],
            location: regions[role].name,
            // Keep BGP-learned routes from overriding the forced route to the firewall.
            disableBgpRoutePropagation: true,
            tags,
          },
          { parent: this },
        );
      }
    }

    let flowLogSuffix: pulumi.Output<string> | undefined;
    const flowLogAccounts: Record<string, ReturnType<typeof flowLogStorage>> = {};
    const buildVnet = (
      role: Role | "drill",
      region: AzureRegion,
      rg: pulumi.Output<string>,
    ): RegionalNetwork => {
      const prodRole: Role = role === "drill" ? "standby" : role;
      const space = prodRole === "primary" ? plan.primarySpace : plan.standbySpace;
      const routeTable = role === "drill" ? undefined : routeTables[prodRole];
      const vnetName =
        role === "drill" ? childName(name, "vnet-drill", region) : childName(name, "vnet", region);
      const prefixes: Record<string, string> = {};
      const subnets: inputs.network.SubnetArgs[] = [];
      for (const [subnetName, [primaryPrefix, standbyPrefix]] of plan.subnets) {
        const prefix = (prodRole === "primary" ? primaryPrefix : standbyPrefix).text;
        if (subnetName === firewallSubnetName) {
          if (role === "drill") continue; // the drill VNet has no firewall: isolated, no egress path
          prefixes[subnetName] = prefix;
          subnets.push({ name: subnetName, addressPrefix: prefix });
          continue;
        }
        const spec = workloadSubnets.find((s) => s.name === subnetName)!;
        prefixes[subnetName] = prefix;
        const viaFirewall = routeTable && spec.routeThroughFirewall !== false;
        subnets.push({
          name: subnetName,
          addressPrefix: prefix,
          networkSecurityGroup: { id: nsgs[prodRole][subnetName].id },
          ...(viaFirewall ? { routeTable: { id: routeTable.id } } : {}),
          ...(spec.delegation ? { delegations: [{ name: "delegation", serviceName: spec.delegation }] } : {}),
          ...(spec.serviceEndpoints?.length
            ? { serviceEndpoints: spec.serviceEndpoints.map((service) => ({ service })) }
            : {}),
          privateEndpointNetworkPolicies: spec.privateEndpointNetworkPolicies ?? "Enabled",
          // No implicit Internet egress: traffic leaves through the firewall or an explicit NAT/public IP.
          defaultOutboundAccess: false,
        });
      }
      const vnet = new network.VirtualNetwork(
        vnetName,
        {
          resourceGroupName: rg,
          location: region.name,
          addressSpace: { addressPrefixes: [space.text] },
          subnets,
          // enableDdosProtection "requires a DDoS protection plan associated with the resource" (Azure/azure-rest-api-specs
          // specification/network/resource-manager/Microsoft.Network/stable/2024-05-01/virtualNetwork.json).
          ...(ddosPlanId ? { enableDdosProtection: true, ddosProtectionPlan: { id: ddosPlanId } } : {}),
          tags: role === "drill" ? { ...tags, "failover-role": "drill" } : tags,
        },
        { parent: this },
      );
      sendDiagnostics(vnetName, "Microsoft.Network/virtualNetworks", vnet, diagnostics, this);
      if (flowLogs) {
        // One storage account per region (the drill VNet shares the standby's): flow logs need one in the VNet's.
        const suffix = (flowLogSuffix ??= uniqueSuffix(`${name}-flowlogs`, this).result);
        const account = (flowLogAccounts[region.name] ??= flowLogStorage(
          name,
          region,
          rg,
          suffix,
          { ...tags, "failover-role": prodRole },
          diagnostics,
          this,
        ));
        // The flow log lives in the watcher's group (NetworkWatcherRG), not ours: its tag says which side it is on.
        vnetFlowLog(
          `${vnetName}-flowlog`,
          region,
          vnet,
          account,
          flowLogs,
          { ...tags, "failover-role": role },
          this,
        );
      }
      const subnetIds: Record<string, pulumi.Output<string>> = {};
      for (const subnetName of Object.keys(prefixes)) {
        subnetIds[subnetName] = pulumi.interpolate`${vnet.id}/subnets/${subnetName}`;
      }
      const nsgIds: Record<string, pulumi.Output<string>> = {};
      for (const subnet of workloadSubnets) nsgIds[subnet.name] = nsgs[prodRole][subnet.name].id;
      return {
        role,
        region,
        resourceGroupName: rg,
        addressSpace: space.text,
        virtualNetworkId: vnet.id,
        virtualNetworkName: vnet.name,
        subnetIds,
        subnetPrefixes: prefixes,
        networkSecurityGroupIds: nsgIds,
      };
    };

    const built = {} as Record<Role, RegionalNetwork>;
    const firewalls: network.AzureFirewall[] = [];
    const publicIps: Record<Role, pulumi.Output<string>[]> = { primary: [], standby: [] };
    for (const role of roles) {
      let regional = buildVnet(role, regions[role], groups[role]);
      if (firewall && policy) {
        const region = regions[role];
        const zonesOf = region.availabilityZones ? ["1", "2", "3"] : undefined;
        // Several addresses: each adds SNAT ports, and the fleet's egress is not one address to every per-IP limit.
        const ips = Array.from({ length: firewall.publicIpCount ?? 2 }, (_, i) => {
          const ip = new network.PublicIPAddress(
            childName(name, i === 0 ? "fw-pip" : `fw-pip${i + 1}`, region),
            {
              resourceGroupName: groups[role],
              location: region.name,
              sku: { name: "Standard", tier: "Regional" },
              publicIPAllocationMethod: "Static",
              publicIPAddressVersion: "IPv4",
              ...(zonesOf ? { zones: zonesOf } : {}),
              tags,
            },
            { parent: this },
          );
          sendDiagnostics(
            childName(name, i === 0 ? "fw-pip" : `fw-pip${i + 1}`, region),
            "Microsoft.Network/publicIPAddresses",
            ip,
            diagnostics,
            this,
          );
          publicIps[role].push(ip.ipAddress.apply((address) => address ?? ""));
          return ip;
        });
        const azureFirewall = new network.AzureFirewall(
          childName(name, "fw", region),
          {
            resourceGroupName: groups[role],
            location: region.name,
            sku: { name: "AZFW_VNet", tier: firewall.tier ?? "Standard" },
            firewallPolicy: { id: policy.id },
            // Only the first IP configuration names the subnet; the others add public IPs.
            // https://learn.microsoft.com/azure/firewall/deploy-multi-public-ip-powershell
            ipConfigurations: ips.map((ip, i) => ({
              name: i === 0 ? "ipconfig" : `ipconfig${i + 1}`,
              ...(i === 0 ? { subnet: { id: regional.subnetIds[firewallSubnetName] } } : {}),
              publicIPAddress: { id: ip.id },
            })),
            // Zone-redundant where the region has zones: https://learn.microsoft.com/azure/firewall/deploy-availability-zone-powershell
            ...(zonesOf ? { zones: zonesOf } : {}),
            tags,
          },
          // After the policy's rule groups, and one firewall after the other: a policy update "refreshes all of the
          // connected Azure Firewall instances" and only one write at a time succeeds (Azure/bicep#1013; the AVM
          // module avm/res/network/firewall-policy deploys its groups with @batchSize(1) "because of concurrent
          // access to the base policy"). Whether two firewalls' creation on one policy conflicts is unconfirmed.
          {
            parent: this,
            dependsOn: [...(this.lastFirewallWrite ? [this.lastFirewallWrite] : []), ...firewalls],
          },
        );
        firewalls.push(azureFirewall);
        sendDiagnostics(
          childName(name, "fw", region),
          "Microsoft.Network/azureFirewalls",
          azureFirewall,
          diagnostics,
          this,
        );
        const privateIp = azureFirewall.ipConfigurations.apply(
          (configs) => configs?.[0]?.privateIPAddress ?? "",
        );
        new network.Route(
          childName(name, "rt-internet", region),
          {
            resourceGroupName: groups[role],
            routeTableName: routeTables[role]!.name,
            routeName: "internet-via-firewall",
            addressPrefix: "0.0.0.0/0",
            nextHopType: "VirtualAppliance",
            nextHopIpAddress: privateIp,
          },
          { parent: this },
        );
        regional = {
          ...regional,
          firewallId: azureFirewall.id,
          firewallPrivateIp: privateIp,
          firewallPublicIps: publicIps[role],
        };
      }
      built[role] = regional;
    }
    const drill = args.drill ? buildVnet("drill", pair.standby, groups.standby) : undefined;

    if (args.peering) {
      const peer = (from: Role, to: Role) =>
        new network.VirtualNetworkPeering(
          `${name}-peer-${regions[from].code}-to-${regions[to].code}`,
          {
            resourceGroupName: groups[from],
            virtualNetworkName: built[from].virtualNetworkName,
            remoteVirtualNetwork: { id: built[to].virtualNetworkId },
            allowVirtualNetworkAccess: true,
            allowForwardedTraffic: true,
            allowGatewayTransit: false,
            useRemoteGateways: false,
          },
          { parent: this },
        );
      peer("primary", "standby");
      peer("standby", "primary");
    }

    // Private DNS zones live in the standby region's resource group: a resource group's region that is down may
    // not accept writes, "and this condition may also apply to ... Azure DNS Private Zones", so zones in the
    // primary's group could take no new record during a primary outage.
    // https://learn.microsoft.com/azure/azure-resource-manager/management/overview#resource-group-location-alignment
    const zoneSet = (
      kind: "production" | "drill",
      vnets: readonly RegionalNetwork[],
    ): Record<string, pulumi.Output<string>> => {
      const ids: Record<string, pulumi.Output<string>> = {};
      for (const zone of zones) {
        const key = zone.replace(/\./g, "-");
        const zoneKey = kind === "drill" ? `drill-${key}` : key;
        // Zones of one name are one resource per group, so the drill's copies live in a group of their own.
        const group = kind === "drill" ? drillGroup! : zoneGroup;
        const dnsZone = new privatedns.PrivateZone(
          `${name}-dns-${zoneKey}`,
          // Private DNS zones are global: the zone keeps answering when either region is down.
          {
            resourceGroupName: group,
            privateZoneName: zone,
            location: "global",
            tags: kind === "drill" ? { ...tags, "failover-role": "drill" } : tags,
          },
          { parent: this },
        );
        ids[zone] = dnsZone.id;
        for (const vnet of vnets) {
          const vnetKey = vnet.role === "drill" ? `drill-${vnet.region.code}` : vnet.region.code;
          new privatedns.VirtualNetworkLink(
            `${name}-dnslink-${key}-${vnetKey}`,
            {
              resourceGroupName: group,
              privateZoneName: dnsZone.name,
              location: "global",
              virtualNetwork: { id: vnet.virtualNetworkId },
              registrationEnabled: false,
              tags,
            },
            { parent: this },
          );
        }
      }
      return ids;
    };
    const drillGroup =
      drill && zones.length > 0
        ? args.drillResourceGroupName !== undefined
          ? pulumi.output(args.drillResourceGroupName)
          : new resources.ResourceGroup(
              childName(name, "rg-drill", pair.standby),
              { location: pair.standby.name, tags: { ...tags, "failover-role": "drill" } },
              { parent: this },
            ).name
        : undefined;
    const zoneGroup =
      args.privateDnsZoneResourceGroupName !== undefined
        ? pulumi.output(args.privateDnsZoneResourceGroupName)
        : groups.standby;
    const privateDnsZoneIds = zoneSet("production", [built.primary, built.standby]);
    // The drill VNet reuses the standby's addresses, so the production zones would resolve the models to
    // endpoints that do not exist in it: it gets zones of its own, holding only the drill's private endpoints.
    const drillPrivateDnsZoneIds = drill ? zoneSet("drill", [drill]) : undefined;

    this.primary = built.primary;
    this.standby = built.standby;
    this.drill = drill;
    this.privateDnsZoneIds = privateDnsZoneIds;
    this.drillPrivateDnsZoneIds = drillPrivateDnsZoneIds;
    this.firewallPolicyId = policy?.id;
    if (firewalls.length > 0) this.firewallWrites = firewalls;
    this.descriptor = {
      primary: built.primary,
      standby: built.standby,
      drill,
      privateDnsZoneIds,
      ...(drillPrivateDnsZoneIds ? { drillPrivateDnsZoneIds } : {}),
      ...(policy
        ? {
            allowHttpsEgress: (groupName: string, priority: number, hostNames: pulumi.Input<string>[]) =>
              this.allowHttpsEgress(groupName, priority, hostNames),
          }
        : {}),
    };
    this.registerOutputs({
      primaryVirtualNetworkId: built.primary.virtualNetworkId,
      standbyVirtualNetworkId: built.standby.virtualNetworkId,
      drillVirtualNetworkId: drill?.virtualNetworkId,
      privateDnsZoneIds,
      drillPrivateDnsZoneIds,
      firewallPolicyId: policy?.id,
      ddosProtectionPlanId: ddosPlanId,
    });
  }

  /**
   * Allows HTTPS (443) from both VNets to the given host names through the firewalls: for hosts known only once
   * other components exist, such as the platform's own Front Door endpoint and gateways, which agents call.
   * Written as an application rule (the firewall matches the TLS SNI, no DNS proxy needed), in a rule collection
   * group of its own after every other write to the policy.
   *
   * @param groupName the rule collection group's name, unique in the policy.
   * @param priority the group's priority, 100-65000, unique in the policy.
   * @throws InvalidArgumentError without a firewall, or on a name or priority already used.
   */
  allowHttpsEgress(groupName: string, priority: number, hostNames: pulumi.Input<string>[]): void {
    if (!this.firewallPolicy) {
      fail("firewall", "allowHttpsEgress needs a firewall: build the MirroredNetwork with firewall set.");
    }
    const group: FirewallRuleCollectionGroupSpec = {
      name: groupName,
      priority,
      ruleCollections: [
        {
          name: "https",
          priority: 100,
          action: "Allow",
          rules: [
            {
              ruleType: "ApplicationRule",
              name: "https",
              sourceAddresses: this.egressSources,
              protocols: [{ protocolType: "Https", port: 443 }],
              targetFqdns: ["(given)"],
            },
          ],
        },
      ],
    };
    checkFirewallRules("allowHttpsEgress", [group]);
    if (!Array.isArray(hostNames) || hostNames.length === 0) {
      fail("hostNames", `allowHttpsEgress needs at least one host name, but got ${show(hostNames)}.`);
    }
    const written = this.writeRuleGroup(`${this.componentName}-fwrcg-${groupName}`, group, hostNames);
    this.lastFirewallWrite = written;
  }

  /** Writes one rule collection group after the policy's previous write; checks its name and priority are free. */
  private writeRuleGroup(
    resourceName: string,
    group: FirewallRuleCollectionGroupSpec,
    hostNames?: pulumi.Input<string>[],
  ): network.FirewallPolicyRuleCollectionGroup {
    const clash = [...this.ruleGroupSlots].find(([n, p]) => n === group.name || p === group.priority);
    if (clash) {
      fail(
        "groupName",
        `rule collection group "${group.name}" (priority ${group.priority}) clashes with "${clash[0]}" (priority ${clash[1]}): names and priorities must be unique in the policy.`,
      );
    }
    this.ruleGroupSlots.set(group.name, group.priority);
    const after = [...(this.lastFirewallWrite ? [this.lastFirewallWrite] : []), ...this.firewallWrites];
    return new network.FirewallPolicyRuleCollectionGroup(
      resourceName,
      {
        resourceGroupName: this.firewallPolicyResourceGroupName!,
        firewallPolicyName: this.firewallPolicy!.name,
        ruleCollectionGroupName: group.name,
        priority: group.priority,
        ruleCollections: group.ruleCollections.map((c) => ({
          ruleCollectionType: "FirewallPolicyFilterRuleCollection" as const,
          name: c.name,
          priority: c.priority,
          action: { type: c.action },
          rules: c.rules.map((rule) =>
            hostNames && rule.ruleType === "ApplicationRule"
              ? { ...rule, targetFqdns: hostNames }
              : { ...rule },
          ),
        })),
      },
      { parent: this, dependsOn: after },
    );
  }
}

/** Where a component puts its private endpoints: a subnet per region and the DNS zones to register in. */
export interface PrivateEndpointPlacement {
  /** Subnet ARM id per region. */
  subnetIds: PerRegion<pulumi.Input<string>>;
  /** Private DNS zone ids by zone name (e.g. `privatelink.openai.azure.com`), for the endpoints' zone groups. */
  privateDnsZoneIds: Record<string, pulumi.Input<string>>;
  /**
   * The drill VNet's subnet and its own zones: the standby resources get a second private endpoint there, so a
   * test failover can reach them. @default - no drill endpoints
   */
  drill?: { subnetId: pulumi.Input<string>; privateDnsZoneIds: Record<string, pulumi.Input<string>> };
}

/**
 * Private endpoint placement from a {@link MirroredNetwork}: the named subnet in each region, and the
 * network's private DNS zones (all of them, or those named); with a drill VNet, its subnet and zones too.
 *
 * @throws InvalidArgumentError when the subnet or a zone is not part of the network.
 */
export function privateEndpointsIn(
  network: NetworkDescriptor,
  subnetName: string,
  zoneNames: readonly string[] = Object.keys(network.privateDnsZoneIds),
): PrivateEndpointPlacement {
  for (const role of roles) {
    if (!network[role].subnetIds[subnetName]) {
      fail(
        "subnetName",
        `subnetName "${subnetName}" is not a subnet of the network; its subnets are ${Object.keys(network[role].subnetIds).join(", ")}.`,
      );
    }
  }
  const privateDnsZoneIds: Record<string, pulumi.Input<string>> = {};
  for (const zone of zoneNames) {
    const id = network.privateDnsZoneIds[zone];
    if (!id) {
      fail(
        "zoneNames",
        `zone "${zone}" is not one of the network's private DNS zones (${Object.keys(network.privateDnsZoneIds).join(", ") || "none"}): add it to privateDnsZones.`,
      );
    }
    privateDnsZoneIds[zone] = id;
  }
  const drillZones = network.drillPrivateDnsZoneIds;
  const drillSubnet = network.drill?.subnetIds[subnetName];
  return {
    subnetIds: {
      primary: network.primary.subnetIds[subnetName],
      standby: network.standby.subnetIds[subnetName],
    },
    privateDnsZoneIds,
    ...(drillSubnet && drillZones && zoneNames.every((zone) => drillZones[zone])
      ? {
          drill: {
            subnetId: drillSubnet,
            privateDnsZoneIds: Object.fromEntries(zoneNames.map((zone) => [zone, drillZones[zone]])),
          },
        }
      : {}),
  };
}
