import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import {
  FailoverAutomation,
  FailoverAutomationArgs,
  RecoveryPointType,
  checkFailoverAutomationArgs,
} from "../automation/failover-automation";
import {
  PostgresStandby,
  PostgresStandbyArgs,
  checkPostgresStandbyArgs,
  postgresPrivateDnsZone,
} from "../database/postgres-standby";
import { postgresRegions } from "../database/spec";
import { fail, show } from "../errors";
import {
  FrontDoorFailover,
  FrontDoorFailoverArgs,
  checkFrontDoorFailoverArgs,
  defaultOriginResponseTimeoutSeconds,
} from "../frontdoor/front-door-failover";
import { FrontDoorFailoverBudget } from "../frontdoor/budget";
import {
  AiGateway,
  AiGatewayArgs,
  GatewayModelEndpoints,
  checkAiGatewayArgs,
  gatewayHealthPath,
} from "../gateway/ai-gateway";
import { injectedGatewaySubnet, injectedTiers, integratedTiers } from "../gateway/injection";
import { PerRegion, ResourceGroupNames, checkRegionalArgs, resourceGroupsFor } from "../internal/regional";
import {
  MirroredNetwork,
  MirroredNetworkArgs,
  NetworkDescriptor,
  PrivateEndpointPlacement,
  checkMirroredNetworkArgs,
} from "../network/mirrored-network";
import { platformEndpointsGroupName, platformEndpointsGroupPriority } from "../network/spec";
import { RegionalOpenAi, RegionalOpenAiArgs, checkRegionalOpenAiArgs } from "../openai/regional-openai";
import { ModelDeploymentSpec } from "../openai/spec";
import {
  SiteRecovery,
  SiteRecoveryArgs,
  checkSiteRecoveryArgs,
  siteRecoveryPrivateDnsZone,
} from "../recovery/site-recovery";
import type { RegionPair, RegionPairArgs } from "../regions/pair";
import { recoveryObjectives } from "../resilience/objectives";
import {
  ResilienceGoals,
  ResilienceGoalsArgs,
  checkResilienceGoalsArgs,
} from "../resilience/resilience-goals";
import { childName } from "../naming/names";
import { DiagnosticsArgs, checkDiagnostics } from "../observability/diagnostics";
import { PlatformLogs, PlatformLogsArgs, checkPlatformLogsArgs } from "../observability/platform-logs";
import { PlatformProfile, applyProfile } from "./profiles";
import {
  DatabaseAlertSettings,
  FirewallAlertSettings,
  FrontDoorAlertSettings,
  GatewayAlertSettings,
  OperationsAlerts,
  OperationsAlertsArgs,
  checkOperationsAlertsArgs,
} from "../monitoring/operations-alerts";

type Own<T, Shared extends keyof T> = Omit<T, Shared | "regions" | "resourceGroups" | "tags">;

/** The default model deployments: a chat model and an embeddings model, GlobalStandard, the same in both regions. */
export const defaultDeployments: ModelDeploymentSpec[] = [
  { name: "chat", model: { name: "gpt-4o", version: "2024-11-20" }, capacityThousandTpm: 100 },
  { name: "embeddings", model: { name: "text-embedding-3-large", version: "1" }, capacityThousandTpm: 50 },
];

/**
 * The database's high availability when not given: zone-redundant where Microsoft's region table offers new
 * zone-redundant deployments, else a standby in the same zone (https://learn.microsoft.com/azure/postgresql/overview#azure-regions).
 */
export function defaultDatabaseHighAvailability(region: RegionPair["primary"]): "ZoneRedundant" | "SameZone" {
  return postgresRegions.get(region.name)?.zoneRedundantHa === "yes" ? "ZoneRedundant" : "SameZone";
}

/** The default network: agents, private endpoints and gateway integration subnets, firewall, peering, drill VNet. */
export const defaultNetwork: Own<MirroredNetworkArgs, never> = {
  addressSpace: "10.20.0.0/16",
  subnets: [
    { name: "agents", addressPrefix: "10.20.1.0/24" },
    { name: "endpoints", addressPrefix: "10.20.2.0/24" },
    // API Management v2 outbound VNet integration: delegated, and its platform traffic is not forced through the firewall.
    {
      name: "gateway",
      addressPrefix: "10.20.3.0/24",
      delegation: "Microsoft.Web/serverFarms",
      routeThroughFirewall: false,
    },
  ],
  firewall: true,
  peering: true,
  drill: true,
  privateDnsZones: ["privatelink.openai.azure.com", "privatelink.cognitiveservices.azure.com"],
};

/** One region of an existing network. */
export interface ExistingRegionalNetwork {
  virtualNetworkId: pulumi.Input<string>;
  subnetIds: Record<string, pulumi.Input<string>>;
  /** The agents' egress addresses (firewall or NAT gateway), exempted from Front Door's per-socket flood guard. */
  firewallPublicIps?: readonly pulumi.Input<string>[];
  /** The region's Azure Firewall, whose health, SNAT and latency the platform's alerts watch. @default - none */
  firewallId?: pulumi.Input<string>;
}

/** An existing network: the subnets the platform places its endpoints and gateways in. */
export interface ExistingNetwork {
  existing: {
    primary: ExistingRegionalNetwork;
    standby: ExistingRegionalNetwork;
    /**
     * The isolated drill VNet (Site Recovery's test failover network). With its `subnetIds` and the zones linked to
     * it alone (`privateDnsZoneIds`, never the production zones), the standby models get private endpoints there.
     */
    drill?: {
      virtualNetworkId: pulumi.Input<string>;
      subnetIds?: Record<string, pulumi.Input<string>>;
      privateDnsZoneIds?: Record<string, pulumi.Input<string>>;
    };
    /** Private DNS zone ids by zone name (`privatelink.openai.azure.com`). @default - none: no private endpoints */
    privateDnsZoneIds?: Record<string, pulumi.Input<string>>;
    /**
     * Opens HTTPS from the VNets to the platform's Front Door endpoint and gateways once they exist (a
     * MirroredNetwork's descriptor carries it when the network has a firewall). @default - not opened
     */
    allowHttpsEgress?: NetworkDescriptor["allowHttpsEgress"];
  };
  /** Subnet for private endpoints. @default "endpoints" */
  endpointsSubnet?: string;
  /** Subnet for the gateways' VNet integration. @default "gateway" */
  gatewaySubnet?: string;
}

/** Existing model accounts: the gateway routes to them; failover raises the standby deployments' capacity. */
export interface ExistingModels {
  existing: GatewayModelEndpoints & {
    standbyAccountId?: pulumi.Input<string>;
    standbyDeployments?: { id: pulumi.Input<string>; capacity: number }[];
  };
}

/** An existing Log Analytics workspace every part sends its diagnostics and flow logs' traffic analytics to. */
export interface ExistingLogs {
  existing: { workspaceId: pulumi.Input<string> };
}

/** Existing regional gateways: Front Door fronts them. */
export interface ExistingGateways {
  existing: PerRegion<{ hostName: pulumi.Input<string>; serviceId?: pulumi.Input<string> }>;
}

export interface WarmStandbyAiPlatformArgs {
  /**
   * How much of Microsoft's guidance the platform buys: `dev` (cheapest that still fails over), `production`
   * (Microsoft's reliability and security guidance) or `mission-critical` (everything, incl. DDoS Network
   * Protection). Each part's own settings override what the profile sets. @default "production"
   */
  profile?: PlatformProfile;
  /** The two regions, e.g. `{ primary: "eastus2", standby: "centralus" }`. */
  regions: RegionPairArgs | RegionPair;
  /** Resource groups. @default - one new group per region, `<name>-rg-<region code>` */
  resourceGroups?: ResourceGroupNames;
  /** MirroredNetwork settings, an existing network, or false for none. @default {@link defaultNetwork} */
  network?: Partial<Own<MirroredNetworkArgs, never>> | ExistingNetwork | false;
  /** RegionalOpenAi settings, or existing model accounts. @default - {@link defaultDeployments}, private endpoints in the network */
  models?: Partial<Own<RegionalOpenAiArgs, "privateEndpoints">> | ExistingModels;
  /**
   * AiGateway settings, existing gateways (Front Door fronts them), or false for no gateway (then Front Door,
   * which fronts the gateways, must be off too).
   * @default - StandardV2 per region, VNet-integrated when the network has a "gateway" subnet
   */
  gateway?: Partial<Own<AiGatewayArgs, "models" | "virtualNetwork" | "frontDoor">> | ExistingGateways | false;
  /** FrontDoorFailover settings, or false. @default - Premium, probing the gateways' health path */
  frontDoor?: Partial<Own<FrontDoorFailoverArgs, "origins" | "resourceGroupName">> | false;
  /** Site Recovery for these VMs (needs a network). @default - none */
  siteRecovery?: Own<SiteRecoveryArgs, "network">;
  /**
   * PostgresStandby settings, or false for none: the agents' state in a zone-redundant PostgreSQL flexible server
   * in the primary region with a read replica in the standby, reached through private endpoints in the endpoints
   * subnet, promoted by the failover runbook. Without `administrators`, the platform makes a user-assigned managed
   * identity (`databaseAdministrator`) the server's Microsoft Entra administrator: give it to the workloads that
   * set the database up, or name your own administrators.
   * @default - built when the network has an endpoints subnet: {@link defaultDatabaseHighAvailability} high
   *   availability, General Purpose `Standard_D4ds_v4`, 128 GiB, PostgreSQL 17, a virtual endpoint
   */
  database?: Partial<Own<PostgresStandbyArgs, "privateEndpoints">> | false;
  /**
   * Record the platform's recovery objectives as an Azure Resiliency goal over its two resource groups
   * (ResilienceGoals; **preview** APIs, and creating a service group needs tenant-level rights). The time objective
   * is Front Door's detection or the failover runbook's path, whichever is longer; the point objective is Site
   * Recovery's crash-consistent interval. @default - none
   */
  resilienceGoals?: Partial<Own<ResilienceGoalsArgs, "members" | "usagePlan">> & {
    /** The usage plan. @default - a Basic (free in preview) plan in the standby's group */
    usagePlan?: ResilienceGoalsArgs["usagePlan"];
    /**
     * Minutes the failover runbook's slowest step takes (Site Recovery's failover of the recovery plan), from your
     * drills: the plan cannot estimate it. Required with siteRecovery unless recoveryTimeObjectiveMinutes is given.
     * @default - 3 with a database and no Site Recovery (Microsoft puts a forced promotion at typically 1-3 minutes)
     */
    failoverMinutes?: number;
  };
  /** FailoverAutomation settings, or false. @default - Service Health alert for the primary, token-overload alerts */
  automation?:
    | (Partial<Own<FailoverAutomationArgs, "frontDoor" | "models" | "gateway" | "recovery">> & {
        /** Standby gateway scale units on failover. @default 2 (or the deployed units, if more) */
        gatewayCapacity?: number;
        /** Site Recovery recovery point of a failover. @default "LatestProcessed" */
        recoveryPoint?: RecoveryPointType;
        /** Fail multi-VM-sync VMs over to a common consistent point. @default - the replication policy's multiVmSync (on) */
        multiVmSyncPoint?: boolean;
      })
    | false;
  /**
   * OperationsAlerts settings, or false: the alerts the people who run the platform expect, apart from the one that
   * starts a failover. Service Health of every event type for both regions and Global, Resource Health on both
   * resource groups, and metric alerts on the firewalls, gateways (capacity), database servers and Front Door the
   * platform builds (or is given). Its operators' group also receives the failover automation's alerts (failed
   * runs, approvals awaited, overload), in place of a second e-mail group.
   * @default - on; e-mails `automation.alertEmails`, or the subscription's Owners when there are none
   */
  alerts?: false | PlatformAlerts;
  /**
   * PlatformLogs settings, an existing workspace, or false for none. The workspace's id is given as `diagnostics` to
   * every part the platform builds (each part's own `diagnostics` wins), and the network it builds gets VNet flow
   * logs with traffic analytics into it (its own `flowLogs` wins).
   * @default - a PlatformLogs workspace in the standby region's group, 90-day retention
   */
  observability?: Partial<Omit<PlatformLogsArgs, "regions" | "tags">> | ExistingLogs | false;
  /** Tags for every resource. @default - none */
  tags?: Record<string, string>;
}

/** The platform's alerts: who is told, which families are on (false turns one off), and their thresholds. */
export type PlatformAlerts = Pick<
  OperationsAlertsArgs,
  "emails" | "actionGroupIds" | "roleIds" | "serviceHealth" | "resourceHealth"
> & {
  /** Firewall health, SNAT and latency thresholds, or false. @default - AMBA's and APRL's */
  firewall?: false | FirewallAlertSettings;
  /** Gateway capacity threshold, or false. @default - Microsoft's scaling guidance (40 % with one unit, else 70 %) */
  gateway?: false | GatewayAlertSettings;
  /** Database thresholds, or false. @default - AMBA's */
  database?: false | DatabaseAlertSettings;
  /** Front Door thresholds, or false. @default - AMBA's */
  frontDoor?: false | FrontDoorAlertSettings;
  /**
   * Failed, suspended or stopped jobs of Site Recovery's agent-update Automation account, or false. (The failover
   * automation alerts on its own account's jobs, to the same operators.) @default true
   */
  runbookJobs?: boolean;
};

/** The OperationsAlerts args of the platform's settings, without the resources to watch. */
function ownAlertArgs(
  settings: PlatformAlerts,
  alertEmails: string[] | undefined,
): Pick<OperationsAlertsArgs, "emails" | "actionGroupIds" | "roleIds" | "serviceHealth" | "resourceHealth"> {
  return {
    emails: settings.emails ?? alertEmails,
    actionGroupIds: settings.actionGroupIds,
    roleIds: settings.roleIds,
    serviceHealth: settings.serviceHealth,
    resourceHealth: settings.resourceHealth,
  };
}

/** What a part's id or host will be once it is built: validators only check that one is given. */
const pending = "(known once built)";

/**
 * Validates the args of every part the platform will build, with the values wired between parts stood in for,
 * so that bad input anywhere fails before any resource is registered.
 */
function checkParts(
  name: string,
  pair: RegionPair,
  args: WarmStandbyAiPlatformArgs,
  publisherEmail: string,
  gatewayCapacity: number,
  automationArgs: Partial<FailoverAutomationArgs>,
  recoveryPoint?: RecoveryPointType,
): void {
  const building = <T>(part: T | false | undefined): part is T => part !== false && !isExisting(part);
  if (isExisting<ExistingLogs>(args.observability))
    checkDiagnostics(args.observability.existing, "observability.existing");
  else if (args.observability !== false)
    checkPlatformLogsArgs(name, { ...args.observability, regions: pair, resourceGroupName: pending });
  if (building(args.network)) {
    const network = networkArgsFor(args);
    checkMirroredNetworkArgs(name, { ...network, regions: pair, resourceGroups: args.resourceGroups });
    checkGatewaySubnet(args, network);
    const siteRecoveryZone = (network.privateDnsZones ?? []).indexOf(siteRecoveryPrivateDnsZone);
    if (args.siteRecovery && args.siteRecovery.privateEndpoints !== false && siteRecoveryZone >= 0) {
      fail(
        `network.privateDnsZones[${siteRecoveryZone}]`,
        `network.privateDnsZones[${siteRecoveryZone}] is "${siteRecoveryPrivateDnsZone}", which Site Recovery's vault endpoints create per region (each linked to its own VNet, as Site Recovery asks), and a VNet can be linked to one zone of a name: drop it from privateDnsZones.`,
      );
    }
  }
  if (building(args.models))
    checkRegionalOpenAiArgs(name, { deployments: defaultDeployments, ...args.models, regions: pair });
  const gateways = args.gateway !== false;
  const frontDoor = args.frontDoor !== false && gateways;
  let gatewayPlan: ReturnType<typeof checkAiGatewayArgs> | undefined;
  if (building(args.gateway)) {
    gatewayPlan = checkAiGatewayArgs(name, {
      ...args.gateway,
      callers: (args.gateway as Partial<AiGatewayArgs> | undefined)?.callers as AiGatewayArgs["callers"],
      regions: pair,
      publisherEmail,
      models: {
        primary: { endpoint: pending, accountId: pending },
        standby: { endpoint: pending, accountId: pending },
      },
      ...(frontDoor
        ? { frontDoor: { frontDoorId: pending, originResponseTimeoutSeconds: frontDoorTimeout(args) } }
        : {}),
    });
  }
  if (frontDoor) {
    checkFrontDoorFailoverArgs(name, {
      resourceGroupName: pending,
      probePath: gatewayHealthPath,
      ...(args.frontDoor || {}),
      // Host names are checked for their shape: stand-ins of the right shape.
      origins: [
        { name: pair.primary.name, hostName: "primary.gateway.invalid", region: pair.primary.name },
        { name: pair.standby.name, hostName: "standby.gateway.invalid", region: pair.standby.name },
      ],
    });
  }
  if (args.siteRecovery) {
    checkSiteRecoveryArgs(name, {
      ...(hasEndpointsSubnet(args)
        ? { privateEndpoints: { subnetIds: { primary: pending, standby: pending } } }
        : {}),
      ...args.siteRecovery,
      resourceGroups: args.resourceGroups,
      regions: pair,
      network: { primary: { virtualNetworkId: pending }, standby: { virtualNetworkId: pending } },
    });
  }
  const database = databaseWanted(args);
  if (args.database && args.network === false) {
    fail(
      "database",
      "database needs the platform's network for its private endpoints (public access is always off): drop network: false, give an existing network, or set database: false.",
    );
  }
  if (database) {
    if (!hasEndpointsSubnet(args)) {
      fail(
        "database",
        `database needs an "endpoints" subnet in both regions for its private endpoints${isExisting(args.network) ? " (network.endpointsSubnet names it)" : ""}: add one, or set database: false.`,
      );
    }
    if (
      isExisting<ExistingNetwork>(args.network) &&
      args.network.existing.privateDnsZoneIds?.[postgresPrivateDnsZone] === undefined
    ) {
      fail(
        "network.existing.privateDnsZoneIds",
        `network.existing.privateDnsZoneIds has no "${postgresPrivateDnsZone}" zone, which the database's private endpoints register in: add it (linked to both VNets), or set database: false.`,
      );
    }
    const settings = args.database || {};
    checkPostgresStandbyArgs(name, {
      highAvailability: defaultDatabaseHighAvailability(pair.primary),
      ...settings,
      administrators: settings.administrators ?? [
        {
          objectId: pulumi.output(pending),
          principalName: `${name}-pg-admin`,
          principalType: "servicePrincipal",
        },
      ],
      regions: pair,
      resourceGroups: args.resourceGroups,
      privateEndpoints: {
        subnetIds: { primary: pending, standby: pending },
        privateDnsZoneIds: { [postgresPrivateDnsZone]: pending },
      },
    });
  }
  const givenGatewayCapacity = args.automation ? args.automation.gatewayCapacity : undefined;
  if (gatewayPlan?.topology === "premium-multi-region" && givenGatewayCapacity !== undefined) {
    fail(
      "automation.gatewayCapacity",
      `automation.gatewayCapacity (${show(givenGatewayCapacity)}) cannot be used with gateway.topology "premium-multi-region": ` +
        "the standby is a location of the primary's service, whose management plane is down with the primary region, so " +
        "failover cannot scale it. Give the standby location the units it needs up front with gateway.capacity, and drop automation.gatewayCapacity.",
    );
  }
  const pinnedZones = gatewayPlan?.zones?.length;
  if (pinnedZones && givenGatewayCapacity !== undefined && givenGatewayCapacity % pinnedZones !== 0) {
    fail(
      "automation.gatewayCapacity",
      `automation.gatewayCapacity ${show(givenGatewayCapacity)} does not spread evenly over the gateway's ${pinnedZones} pinned ` +
        `availability zones, so Azure would reject the scaling mid-failover: use a multiple of ${pinnedZones}.`,
    );
  }
  if (args.automation !== false) {
    checkFailoverAutomationArgs(name, {
      ...automationArgs,
      regions: pair,
      frontDoor: frontDoor
        ? { profileId: pending, originGroupId: pending, primaryOriginId: pending, standbyOriginId: pending }
        : undefined,
      models: { standbyAccountId: pending, standbyDeployments: [] },
      gateway: gateways ? { standbyServiceId: pending, capacity: gatewayCapacity } : undefined,
      recovery: args.siteRecovery ? { vaultId: pending, recoveryPlanId: pending, recoveryPoint } : undefined,
      databases: database
        ? {
            postgres: {
              primaryServerId: pendingServer("primary"),
              replicaServerId: pendingServer("replica"),
            },
          }
        : undefined,
    });
  }
  if (args.alerts !== false) {
    const settings = args.alerts ?? {};
    const stand = pulumi.output(pending);
    checkOperationsAlertsArgs(name, {
      ...ownAlertArgs(settings, automationArgs.alertEmails),
      regions: pair,
      resourceGroups: args.resourceGroups,
      ...(settings.firewall === false
        ? {}
        : { firewalls: { ...settings.firewall, ids: { primary: stand } } }),
      ...(settings.gateway === false
        ? {}
        : { gateways: { ...settings.gateway, services: { primary: { id: stand, sku: "StandardV2" } } } }),
      ...(settings.database === false
        ? {}
        : { databases: { ...settings.database, serverIds: { primary: stand } } }),
      ...(settings.frontDoor === false
        ? {}
        : { frontDoors: { ...settings.frontDoor, profileIds: { profile: stand } } }),
    });
    if (settings.runbookJobs !== undefined && typeof settings.runbookJobs !== "boolean") {
      fail(
        "alerts.runbookJobs",
        `alerts.runbookJobs must be true or false, but got ${show(settings.runbookJobs)}.`,
      );
    }
  }
  if (args.resilienceGoals) {
    const { usagePlan, ...goals } = ownGoalArgs(args.resilienceGoals);
    checkResilienceGoalsArgs(name, {
      ...goals,
      ...goalObjectives(args, 0, args.siteRecovery ? 5 : undefined),
      usagePlan: usagePlan ?? { resourceGroupName: pending },
      members: { primary: pulumi.output(pending), standby: pulumi.output(pending) },
    });
  }
}

/** Whether the platform's network has an endpoints subnet in both regions (vault and database endpoints go there). */
function hasEndpointsSubnet(args: WarmStandbyAiPlatformArgs): boolean {
  if (args.network === false) return false;
  if (isExisting<ExistingNetwork>(args.network)) {
    const subnet = args.network.endpointsSubnet ?? "endpoints";
    return Boolean(
      args.network.existing.primary.subnetIds[subnet] && args.network.existing.standby.subnetIds[subnet],
    );
  }
  return networkArgsFor(args).subnets.some((s) => s.name === "endpoints");
}

/** The gateway tier the platform will build, or undefined when it builds none. */
function gatewaySku(args: WarmStandbyAiPlatformArgs): string | undefined {
  if (args.gateway === false || isExisting(args.gateway)) return undefined;
  const settings = args.gateway ?? {};
  return settings.sku ?? (settings.topology === "premium-multi-region" ? "Premium" : "StandardV2");
}

/**
 * The network the platform builds: the defaults, with the gateway subnet a classic tier needs (undelegated, its
 * NSG rules) in place of the v2 one when the gateway is Developer or Premium, and the settings given on top.
 */
function networkArgsFor(args: WarmStandbyAiPlatformArgs): Own<MirroredNetworkArgs, never> {
  const sku = gatewaySku(args);
  const subnets = defaultNetwork.subnets.map((subnet) =>
    subnet.name === "gateway" && sku && injectedTiers.includes(sku)
      ? injectedGatewaySubnet(subnet.name, subnet.addressPrefix)
      : subnet,
  );
  const network = {
    ...defaultNetwork,
    subnets,
    ...(args.network as Partial<Own<MirroredNetworkArgs, never>>),
  };
  // The database's endpoints register in the network's PostgreSQL zone: the platform adds the zone it needs.
  const zones = network.privateDnsZones ?? [];
  if (
    args.database !== false &&
    network.subnets.some((subnet) => subnet.name === "endpoints") &&
    !zones.includes(postgresPrivateDnsZone)
  ) {
    return { ...network, privateDnsZones: [...zones, postgresPrivateDnsZone] };
  }
  return network;
}

/**
 * Whether the platform builds the database: when asked to, or by default when its network has an endpoints
 * subnet (and, for an existing network, the PostgreSQL zone).
 */
function databaseWanted(args: WarmStandbyAiPlatformArgs): boolean {
  if (args.database === false) return false;
  if (args.database !== undefined) return true;
  if (args.network === false || !hasEndpointsSubnet(args)) return false;
  return (
    !isExisting<ExistingNetwork>(args.network) ||
    args.network.existing.privateDnsZoneIds?.[postgresPrivateDnsZone] !== undefined
  );
}

/**
 * The token-overload drill of a gateway per region: the primary service's model pool and its two regional model
 * backends, as AiGateway names them (`pool-models`, `models-<region code>`: the pool holds exactly those two;
 * extra providers have a pool of their own). None for one multi-region service, whose regions share the pool, nor
 * with a data boundary.
 */
function overloadDrillOf(
  gateway: AiGateway | undefined,
  pair: RegionPair,
  dataBoundary: unknown,
): FailoverAutomationArgs["overloadDrill"] {
  // With a data boundary, bounded callers are routed through a pool of their own (`pool-models-bounded`) that the
  // drill does not drain: it would report success having moved none of their traffic.
  if (!gateway || gateway.topology !== "gateway-per-region" || dataBoundary) return undefined;
  const service = gateway.primary.serviceId;
  return {
    poolId: pulumi.interpolate`${service}/backends/pool-models`,
    primaryBackendId: pulumi.interpolate`${service}/backends/models-${pair.primary.code}`,
    standbyBackendId: pulumi.interpolate`${service}/backends/models-${pair.standby.code}`,
  };
}

/** ResilienceGoals' own args among the platform's `resilienceGoals` settings. */
function ownGoalArgs(settings: NonNullable<WarmStandbyAiPlatformArgs["resilienceGoals"]>) {
  const goals = { ...settings };
  delete goals.failoverMinutes;
  return goals;
}

/** The stand-in ids of a database pair, in the shape FailoverAutomation checks. */
const pendingServer = (role: string) =>
  `/subscriptions/pending/resourceGroups/pending/providers/Microsoft.DBforPostgreSQL/flexibleServers/${role}`;

/** Recovery objectives of the platform's resilience goals, from what it builds (see `resilienceGoals`). */
function goalObjectives(
  args: WarmStandbyAiPlatformArgs,
  frontDoorDetectSeconds: number,
  recoveryPointIntervalMinutes: number | undefined,
): { recoveryTimeObjectiveMinutes: number; recoveryPointObjectiveMinutes?: number } {
  const goals = args.resilienceGoals!;
  const automation = args.automation !== false;
  let runbookMinutes = goals.failoverMinutes;
  if (runbookMinutes !== undefined && !(typeof runbookMinutes === "number" && runbookMinutes > 0)) {
    fail(
      "resilienceGoals.failoverMinutes",
      `resilienceGoals.failoverMinutes must be a number of minutes above 0, but got ${show(runbookMinutes)}.`,
    );
  }
  if (
    automation &&
    runbookMinutes === undefined &&
    args.siteRecovery &&
    goals.recoveryTimeObjectiveMinutes === undefined
  ) {
    fail(
      "resilienceGoals.failoverMinutes",
      "resilienceGoals.failoverMinutes is required with siteRecovery (the minutes Site Recovery's failover of your recovery plan takes, from a drill: the plan cannot estimate it), or give resilienceGoals.recoveryTimeObjectiveMinutes; got undefined.",
    );
  }
  if (
    automation &&
    (args.automation || {}).mode === "approval" &&
    goals.recoveryTimeObjectiveMinutes === undefined
  ) {
    fail(
      "resilienceGoals.recoveryTimeObjectiveMinutes",
      'resilienceGoals.recoveryTimeObjectiveMinutes is required with automation.mode "approval": the failover waits for a person, which the plan cannot time; got undefined.',
    );
  }
  // A forced promotion typically takes 1-3 minutes; the standby's capacity is raised one deployment at a time
  // meanwhile: 5 minutes in all, an estimate (give failoverMinutes from a drill).
  if (runbookMinutes === undefined && databaseWanted(args)) runbookMinutes = 5;
  const computed = recoveryObjectives({
    frontDoorDetectSeconds,
    // Service Health posting the incident and the runbook starting: the plan's budget counts ~5 minutes.
    ...(automation && runbookMinutes !== undefined ? { runbookStartSeconds: 300, runbookMinutes } : {}),
    ...(recoveryPointIntervalMinutes !== undefined ? { recoveryPointIntervalMinutes } : {}),
  });
  // A read replica's recovery point is "typically up to 5 minutes" (asynchronous replication,
  // https://learn.microsoft.com/azure/reliability/reliability-database-postgresql); the worse of it and Site Recovery's.
  const databaseRpo = databaseWanted(args) ? 5 : undefined;
  const computedRpo = [computed.recoveryPointObjectiveMinutes, databaseRpo].filter(
    (m): m is number => m !== undefined,
  );
  const rpo =
    goals.recoveryPointObjectiveMinutes ?? (computedRpo.length > 0 ? Math.max(...computedRpo) : undefined);
  return {
    recoveryTimeObjectiveMinutes: goals.recoveryTimeObjectiveMinutes ?? computed.recoveryTimeObjectiveMinutes,
    ...(rpo !== undefined ? { recoveryPointObjectiveMinutes: rpo } : {}),
  };
}

/** A classic gateway needs an undelegated subnet; a v2 one a subnet delegated to Microsoft.Web/serverFarms. */
function checkGatewaySubnet(args: WarmStandbyAiPlatformArgs, network: Own<MirroredNetworkArgs, never>): void {
  const sku = gatewaySku(args);
  const gatewaySubnet = "gateway";
  const i = network.subnets.findIndex((subnet) => subnet.name === gatewaySubnet);
  if (!sku || i < 0) return;
  const delegation = network.subnets[i].delegation;
  if (injectedTiers.includes(sku) && delegation !== undefined) {
    fail(
      `network.subnets[${i}].delegation`,
      `network.subnets[${i}] ("${gatewaySubnet}") is delegated to ${show(delegation)}, but a ${sku} gateway is injected into its subnet, which must have no delegation: ` +
        `use injectedGatewaySubnet("${gatewaySubnet}", "<prefix>") (no delegation, the NSG rules API Management requires).`,
    );
  }
  if (integratedTiers.includes(sku) && delegation !== "Microsoft.Web/serverFarms") {
    fail(
      `network.subnets[${i}].delegation`,
      `network.subnets[${i}] ("${gatewaySubnet}") must be delegated to "Microsoft.Web/serverFarms" for a ${sku} gateway's VNet integration, but got ${show(delegation)}.`,
    );
  }
}

/** Front Door's origin response timeout as the platform will set it: the gateway's timeouts must stay below it. */
const frontDoorTimeout = (args: WarmStandbyAiPlatformArgs) =>
  (args.frontDoor ? args.frontDoor.originResponseTimeoutSeconds : undefined) ??
  defaultOriginResponseTimeoutSeconds;

/** The drill VNet's endpoint subnet and its own zones, when the network has both for every zone used. */
function drillPlacement(
  descriptor: NetworkDescriptor | ExistingNetwork["existing"],
  subnet: string,
  zones: readonly string[],
): Pick<PrivateEndpointPlacement, "drill"> {
  // A built network names them drillPrivateDnsZoneIds; an existing one gives them with its drill VNet.
  const drillZones = (
    "drillPrivateDnsZoneIds" in descriptor
      ? descriptor.drillPrivateDnsZoneIds
      : (descriptor as ExistingNetwork["existing"]).drill?.privateDnsZoneIds
  ) as Record<string, pulumi.Input<string>> | undefined;
  const subnetId = (descriptor.drill?.subnetIds as Record<string, pulumi.Input<string>> | undefined)?.[
    subnet
  ];
  if (!subnetId || !drillZones || !zones.every((zone) => drillZones[zone])) return {};
  return {
    drill: { subnetId, privateDnsZoneIds: Object.fromEntries(zones.map((zone) => [zone, drillZones[zone]])) },
  };
}

const isExisting = <T extends { existing: unknown }>(value: unknown): value is T =>
  value !== null && typeof value === "object" && "existing" in (value as object);

/**
 * The whole warm-standby platform for AI agents from one args object: a mirrored network, the same model
 * deployments in both regions, an AI gateway per region, Front Door in front of the gateways, Site Recovery for
 * the VMs named, and failover automation started by Service Health. Every part can be switched off or replaced
 * by existing resources, and the parts are wired together (gateway health path -> Front Door probe, network ->
 * private endpoints and Site Recovery, resource ids -> runbook roles and configuration).
 */
export class WarmStandbyAiPlatform extends pulumi.ComponentResource {
  readonly network?: MirroredNetwork;
  readonly models?: RegionalOpenAi;
  readonly gateway?: AiGateway;
  readonly frontDoor?: FrontDoorFailover;
  readonly recovery?: SiteRecovery;
  readonly database?: PostgresStandby;
  /**
   * The user-assigned managed identity made the database's Microsoft Entra administrator when `database` names
   * none: assign it to the workload that creates the agents' schema and roles.
   */
  readonly databaseAdministrator?: managedidentity.UserAssignedIdentity;
  readonly automation?: FailoverAutomation;
  /** The operators' alerts, unless `alerts: false`. */
  readonly alerts?: OperationsAlerts;
  /** The platform's Log Analytics workspace, when `observability` builds one. */
  readonly logs?: PlatformLogs;
  /** Where every part sends its diagnostics, unless `observability` is false. */
  readonly diagnostics?: DiagnosticsArgs;
  /** The Azure Resiliency goal (preview), when `resilienceGoals` is given. */
  readonly resilienceGoals?: ResilienceGoals;
  /** The public URL agents call (Front Door), when Front Door is built. */
  readonly url?: pulumi.Output<string>;
  /** Per-region endpoints: gateway URL and model endpoint. */
  readonly endpoints: PerRegion<{
    gatewayUrl?: pulumi.Output<string>;
    modelEndpoint?: pulumi.Output<string>;
  }>;
  /** Front Door's estimated detection and restore times. */
  readonly failoverBudget?: FrontDoorFailoverBudget;
  /** Runbook names, when automation is built. */
  readonly runbookNames?: FailoverAutomation["runbookNames"];
  /** Findings of every part, for reports. */
  readonly notes: readonly string[];

  /** The profile the platform was built with. */
  readonly profile: PlatformProfile;

  constructor(name: string, given: WarmStandbyAiPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    // The profile's settings under the caller's: from here on, `args` is what the platform builds.
    const args = applyProfile(given);
    const { pair, tags } = checkRegionalArgs("WarmStandbyAiPlatform", name, args);
    if (args.siteRecovery && args.network === false) {
      fail(
        "siteRecovery",
        "siteRecovery needs a network to fail over into: drop network: false, or give an existing network.",
      );
    }
    if (args.gateway === false && args.frontDoor !== false && args.frontDoor !== undefined) {
      fail(
        "frontDoor",
        "frontDoor needs gateways to front: with gateway: false, set frontDoor: false too (or give existing gateways).",
      );
    }

    const {
      gatewayCapacity = 2,
      recoveryPoint,
      multiVmSyncPoint,
      ...automationArgs
    } = args.automation === false ? {} : (args.automation ?? {});
    const publisherEmail =
      (!isExisting(args.gateway) && args.gateway ? args.gateway.publisherEmail : undefined) ??
      `api-notifications@${name.toLowerCase().replace(/[^a-z0-9-]/g, "")}.invalid`;
    checkParts(name, pair, args, publisherEmail, gatewayCapacity, automationArgs, recoveryPoint);

    super("azure-ai-failover:platform:WarmStandbyAiPlatform", name, {}, opts);
    const parent = { parent: this };
    const groups = resourceGroupsFor(name, pair, args.resourceGroups, this, tags);
    const resourceGroups = { primary: groups.primary, standby: groups.standby };
    // Observability first: every part sends its diagnostics to the workspace (in the standby region's group).
    if (isExisting<ExistingLogs>(args.observability)) {
      this.diagnostics = { workspaceId: args.observability.existing.workspaceId };
    } else if (args.observability !== false) {
      this.logs = new PlatformLogs(
        name,
        { resourceGroupName: groups.standby, ...args.observability, regions: pair, tags },
        parent,
      );
      this.diagnostics = this.logs.diagnostics;
    }
    const diagnostics = this.diagnostics;
    const common = { regions: pair, resourceGroups, tags, ...(diagnostics ? { diagnostics } : {}) };
    const notes: string[] = [...pair.notes];

    // Network: built, existing, or none.
    let descriptor: NetworkDescriptor | ExistingNetwork["existing"] | undefined;
    let endpointsSubnet = "endpoints";
    let gatewaySubnet = "gateway";
    if (isExisting<ExistingNetwork>(args.network)) {
      descriptor = args.network.existing;
      endpointsSubnet = args.network.endpointsSubnet ?? endpointsSubnet;
      gatewaySubnet = args.network.gatewaySubnet ?? gatewaySubnet;
    } else if (args.network !== false) {
      this.network = new MirroredNetwork(
        name,
        {
          ...common,
          ...(diagnostics
            ? {
                flowLogs: {
                  workspaceId: diagnostics.workspaceId,
                  ...(this.logs
                    ? { workspace: { customerId: this.logs.customerId, region: this.logs.location } }
                    : {}),
                },
              }
            : {}),
          ...networkArgsFor(args),
        },
        parent,
      );
      descriptor = this.network.descriptor;
    }
    const hasSubnet = (subnet: string) =>
      descriptor !== undefined &&
      descriptor.primary.subnetIds[subnet] !== undefined &&
      descriptor.standby.subnetIds[subnet] !== undefined;
    const zoneIds = (descriptor?.privateDnsZoneIds ?? {}) as Record<string, pulumi.Input<string>>;

    // Models: built (private when the network has an endpoints subnet and an OpenAI DNS zone), or existing.
    let modelEndpoints: GatewayModelEndpoints | undefined;
    let standbyModels: FailoverAutomationArgs["models"];
    let overloadAccounts: pulumi.Input<string>[];
    let drillModelHosts: pulumi.Input<string>[] | undefined;
    if (isExisting<ExistingModels>(args.models)) {
      modelEndpoints = args.models.existing;
      const { standbyAccountId, standbyDeployments } = args.models.existing;
      if (standbyAccountId && standbyDeployments) standbyModels = { standbyAccountId, standbyDeployments };
      overloadAccounts = [args.models.existing.primary.accountId, args.models.existing.standby.accountId];
    } else {
      const settings = args.models ?? {};
      const zones = Object.keys(zoneIds).filter(
        (z) => z === "privatelink.openai.azure.com" || z === "privatelink.cognitiveservices.azure.com",
      );
      const privateEndpoints: PrivateEndpointPlacement | undefined =
        descriptor && hasSubnet(endpointsSubnet) && zones.length > 0
          ? {
              subnetIds: {
                primary: descriptor.primary.subnetIds[endpointsSubnet],
                standby: descriptor.standby.subnetIds[endpointsSubnet],
              },
              privateDnsZoneIds: Object.fromEntries(zones.map((z) => [z, zoneIds[z]])),
              ...drillPlacement(descriptor, endpointsSubnet, zones),
            }
          : undefined;
      this.models = new RegionalOpenAi(
        name,
        { ...common, deployments: defaultDeployments, ...settings, privateEndpoints },
        parent,
      );
      // The standby account has an endpoint in the drill VNet: scheduled drills probe it from a test VM there.
      if (privateEndpoints?.drill) {
        drillModelHosts = [this.models.standby.endpoint.apply((e) => new URL(e).hostname)];
      }
      modelEndpoints = this.models;
      const models = this.models;
      // On failover every standby deployment is raised to the primary's capacity.
      standbyModels = {
        standbyAccountId: models.standby.accountId,
        standbyDeployments: models.deployments.flatMap((d) => [
          ...(d.spillover
            ? [
                {
                  id: models.standby.deploymentIds[d.spillover.name],
                  capacity: d.spillover.primaryCapacity,
                  baseCapacity: d.spillover.standbyCapacity,
                },
              ]
            : []),
          {
            id: models.standby.deploymentIds[d.name],
            capacity: d.primaryCapacity,
            baseCapacity: d.standbyCapacity,
          },
        ]),
      };
      overloadAccounts = [models.primary.accountId, models.standby.accountId];
      notes.push(...models.notes);
    }

    // Gateways: built, existing, or none.
    let frontDoorId: pulumi.Output<string> | undefined;
    let resolveFrontDoorId: ((id: pulumi.Output<string>) => void) | undefined;
    let gatewayHosts: PerRegion<pulumi.Input<string>> | undefined;
    let standbyGateway: FailoverAutomationArgs["gateway"];
    if (isExisting<ExistingGateways>(args.gateway)) {
      gatewayHosts = {
        primary: args.gateway.existing.primary.hostName,
        standby: args.gateway.existing.standby.hostName,
      };
      const id = args.gateway.existing.standby.serviceId;
      if (id) standbyGateway = { standbyServiceId: id, capacity: gatewayCapacity };
    } else if (args.gateway !== false) {
      const settings = args.gateway ?? {};
      // The gateways admit only this Front Door's requests, whose id exists once the profile does: the policy
      // waits for it (no cycle: Front Door's origins need the gateways' services, not their policies).
      if (args.frontDoor !== false) [frontDoorId, resolveFrontDoorId] = pulumi.deferredOutput<string>();
      const publisherEmail =
        settings.publisherEmail ??
        `api-notifications@${name.toLowerCase().replace(/[^a-z0-9-]/g, "")}.invalid`;
      if (!settings.publisherEmail) {
        notes.push(
          `API Management notifications go to ${publisherEmail}, which does not exist: set gateway.publisherEmail to your team's address.`,
        );
      }
      this.gateway = new AiGateway(
        name,
        {
          ...common,
          ...settings,
          callers: settings.callers!,
          publisherEmail,
          models: modelEndpoints!,
          ...(frontDoorId
            ? { frontDoor: { frontDoorId, originResponseTimeoutSeconds: frontDoorTimeout(args) } }
            : {}),
          ...(descriptor && hasSubnet(gatewaySubnet)
            ? {
                virtualNetwork: {
                  subnetIds: {
                    primary: descriptor.primary.subnetIds[gatewaySubnet],
                    standby: descriptor.standby.subnetIds[gatewaySubnet],
                  },
                },
              }
            : {}),
        },
        parent,
      );
      gatewayHosts = { primary: this.gateway.primary.hostName, standby: this.gateway.standby.hostName };
      if (this.gateway.topology === "premium-multi-region") {
        // The runbook scales a service's own sku, which is the primary location's, and a multi-region service's
        // management plane "remain[s] hosted only in the primary region" and is unavailable while that region is
        // down; "Secondary regions require manual scaling adjustments": the standby location is sized up front.
        // https://learn.microsoft.com/azure/reliability/reliability-api-management
        notes.push(
          `Failover does not scale the standby gateway: it is a location of one premium-multi-region service, which cannot change while the primary region is down. The standby location keeps its ${this.gateway.capacity} unit(s): set gateway.capacity to what the standby must carry alone.`,
        );
      } else {
        standbyGateway = {
          standbyServiceId: this.gateway.standby.serviceId,
          capacity: Math.max(gatewayCapacity, this.gateway.capacity),
          baseCapacity: this.gateway.capacity,
          ...(this.gateway.zones ? { zoneCount: this.gateway.zones.length } : {}),
        };
      }
      notes.push(...this.gateway.notes);
    }

    // Front Door in front of the gateways, in the standby region's group: a region that is down cannot have its
    // resource groups written to, and the failover runbook must still be able to disable the primary's origin.
    if (args.frontDoor !== false && gatewayHosts) {
      this.frontDoor = new FrontDoorFailover(
        name,
        {
          resourceGroupName: groups.standby,
          probePath: gatewayHealthPath,
          ...(diagnostics ? { diagnostics } : {}),
          ...(args.frontDoor ?? {}),
          origins: [
            { name: pair.primary.name, hostName: gatewayHosts.primary, region: pair.primary.name },
            { name: pair.standby.name, hostName: gatewayHosts.standby, region: pair.standby.name },
          ],
          // The agents' egress through the firewalls is a few addresses for a whole fleet: the per-socket flood
          // guard must not count them (the gateway's token limit still holds each caller).
          rateLimitExemptAddresses: [
            ...(args.frontDoor ? (args.frontDoor.rateLimitExemptAddresses ?? []) : []),
            ...(descriptor?.primary.firewallPublicIps ?? []),
            ...(descriptor?.standby.firewallPublicIps ?? []),
          ],
          tags,
        },
        parent,
      );
    }
    // Agents behind the firewalls call the platform: through Front Door when it is built (the gateways then refuse
    // requests without its X-Azure-FDID), else the gateways directly.
    if (descriptor?.allowHttpsEgress && gatewayHosts) {
      descriptor.allowHttpsEgress(
        platformEndpointsGroupName,
        platformEndpointsGroupPriority,
        this.frontDoor ? [this.frontDoor.hostName] : [gatewayHosts.primary, gatewayHosts.standby],
      );
    }
    resolveFrontDoorId?.(this.frontDoor ? this.frontDoor.frontDoorId : pulumi.output(""));

    if (args.siteRecovery) {
      // The vault is reached through private endpoints in the endpoints subnets when the network has them.
      const vaultEndpoints: SiteRecoveryArgs["privateEndpoints"] = hasSubnet(endpointsSubnet)
        ? {
            subnetIds: {
              primary: descriptor!.primary.subnetIds[endpointsSubnet],
              standby: descriptor!.standby.subnetIds[endpointsSubnet],
            },
          }
        : undefined;
      this.recovery = new SiteRecovery(
        name,
        {
          ...common,
          ...(vaultEndpoints ? { privateEndpoints: vaultEndpoints } : {}),
          ...args.siteRecovery,
          network: descriptor!,
        },
        parent,
      );
    }

    if (databaseWanted(args)) {
      const settings = args.database || {};
      let administrators = settings.administrators;
      if (!administrators) {
        // In the standby region, which must keep working when the primary is down.
        const identityName = `${name}-pg-admin`;
        this.databaseAdministrator = new managedidentity.UserAssignedIdentity(
          childName(name, "pg-admin", pair.standby),
          {
            resourceGroupName: groups.standby,
            location: pair.standby.name,
            resourceName: identityName,
            tags,
          },
          parent,
        );
        administrators = [
          {
            objectId: this.databaseAdministrator.principalId,
            principalName: identityName,
            principalType: "servicePrincipal",
          },
        ];
      }
      const highAvailability = settings.highAvailability ?? defaultDatabaseHighAvailability(pair.primary);
      if (!settings.highAvailability && highAvailability === "SameZone") {
        notes.push(
          `PostgreSQL: Microsoft's region table does not offer new zone-redundant high availability in ${pair.primary.name}, so the primary's standby is in the same zone; set database.highAvailability: "ZoneRedundant" once it does.`,
        );
      }
      this.database = new PostgresStandby(
        name,
        {
          ...common,
          ...settings,
          highAvailability,
          administrators,
          privateEndpoints: {
            subnetIds: {
              primary: descriptor!.primary.subnetIds[endpointsSubnet],
              standby: descriptor!.standby.subnetIds[endpointsSubnet],
            },
            privateDnsZoneIds: { [postgresPrivateDnsZone]: zoneIds[postgresPrivateDnsZone] },
            ...drillPlacement(descriptor!, endpointsSubnet, [postgresPrivateDnsZone]),
          },
        },
        parent,
      );
      notes.push(...this.database.notes);
    }

    if (args.alerts !== false) {
      const settings = args.alerts ?? {};
      const keyed = <T>(entries: [string, T | undefined][]) => {
        const given = entries.filter((e): e is [string, T] => e[1] !== undefined);
        return given.length > 0 ? Object.fromEntries(given) : undefined;
      };
      const firewallIds = keyed<pulumi.Input<string>>([
        ["primary", descriptor?.primary.firewallId],
        ["standby", descriptor?.standby.firewallId],
      ]);
      // A gateway per region, or one multi-region service whose Capacity the alert splits by location.
      const gateway = this.gateway;
      const gatewayServices = gateway
        ? Object.fromEntries(
            (gateway.topology === "gateway-per-region"
              ? (["primary", "standby"] as const)
              : (["primary"] as const)
            ).map((role) => [
              role,
              { id: gateway[role].serviceId, sku: gateway.sku, units: gateway.capacity },
            ]),
          )
        : undefined;
      this.alerts = new OperationsAlerts(
        name,
        {
          ...common,
          ...ownAlertArgs(settings, automationArgs.alertEmails),
          ...(firewallIds && settings.firewall !== false
            ? { firewalls: { ...settings.firewall, ids: firewallIds } }
            : {}),
          ...(gatewayServices && settings.gateway !== false
            ? { gateways: { ...settings.gateway, services: gatewayServices } }
            : {}),
          ...(this.database && settings.database !== false
            ? {
                databases: {
                  ...settings.database,
                  serverIds: {
                    primary: this.database.primary.serverId,
                    replica: this.database.replica.serverId,
                  },
                },
              }
            : {}),
          ...(this.frontDoor && settings.frontDoor !== false
            ? { frontDoors: { ...settings.frontDoor, profileIds: { profile: this.frontDoor.profileId } } }
            : {}),
          ...(this.recovery?.agentUpdateAccountId && settings.runbookJobs !== false
            ? { automationAccounts: { ids: { "asr-agent-updates": this.recovery.agentUpdateAccountId } } }
            : {}),
        },
        parent,
      );
    }

    if (args.automation !== false) {
      const fd = this.frontDoor;
      this.automation = new FailoverAutomation(
        name,
        {
          ...common,
          tokenOverload: overloadAccounts.length > 0 ? { accountIds: overloadAccounts } : undefined,
          ...automationArgs,
          // With the operators' alerts, their group tells people what the automation's own e-mail group would have:
          // one e-mail per alert, not two.
          ...(this.alerts
            ? {
                alertEmails: undefined,
                notificationActionGroupIds: [
                  ...this.alerts.actionGroupIds,
                  ...(automationArgs.notificationActionGroupIds ?? []),
                ],
              }
            : {}),
          frontDoor: fd
            ? {
                profileId: fd.profileId,
                originGroupId: fd.originGroupId,
                primaryOriginId: fd.originIds[pair.primary.name],
                standbyOriginId: fd.originIds[pair.standby.name],
                ...(gatewayHosts ? { standbyOriginHostName: gatewayHosts.standby } : {}),
              }
            : undefined,
          models: standbyModels,
          gateway: standbyGateway,
          recovery: this.recovery
            ? {
                vaultId: this.recovery.vaultId,
                recoveryPlanId: this.recovery.recoveryPlanId,
                testFailoverNetworkId: this.recovery.testFailoverNetworkId,
                reprotect: this.recovery.reprotect,
                recoveryPoint,
                // Fail over to the consistent point the replication policy keeps, unless told otherwise.
                multiVmSyncPoint: multiVmSyncPoint ?? this.recovery.policy.multiVmSync,
              }
            : undefined,
          databases: this.database ? { postgres: this.database.failover } : undefined,
          // Drills are on with a drill network to fail over into; they probe the standby models from it.
          drills:
            automationArgs.drills === false || !this.recovery?.testFailoverNetworkId
              ? automationArgs.drills
              : {
                  ...(drillModelHosts ? { modelHosts: drillModelHosts } : {}),
                  ...(automationArgs.drills ?? {}),
                },
          overloadDrill:
            automationArgs.overloadDrill ??
            overloadDrillOf(
              this.gateway,
              pair,
              !isExisting(args.gateway) && args.gateway ? args.gateway.governance?.dataBoundary : undefined,
            ),
        },
        parent,
      );
    }

    if (args.resilienceGoals) {
      const { usagePlan, ...goals } = ownGoalArgs(args.resilienceGoals);
      const subscriptionId = authorization.getClientConfigOutput(parent).subscriptionId;
      const groupId = (group: pulumi.Input<string>) =>
        pulumi.interpolate`/subscriptions/${subscriptionId}/resourceGroups/${group}`;
      this.resilienceGoals = new ResilienceGoals(
        name,
        {
          ...goals,
          ...goalObjectives(
            args,
            this.frontDoor?.failoverBudget.detectSeconds ?? 0,
            this.recovery?.policy.crashConsistentFrequencyMinutes,
          ),
          usagePlan: usagePlan ?? { resourceGroupName: groups.standby },
          members: { primary: groupId(groups.primary), standby: groupId(groups.standby) },
          requireHighAvailability: goals.requireHighAvailability ?? true,
          tags,
        },
        {
          parent: this,
          // Azure assesses what the groups hold when the goal is assigned: after the platform's resources exist.
          dependsOn: [
            this.network,
            this.models,
            this.gateway,
            this.frontDoor,
            this.recovery,
            this.database,
            this.automation,
          ].filter((part): part is NonNullable<typeof part> => part !== undefined),
        },
      );
    }

    this.url = this.frontDoor?.url;
    this.endpoints = {
      primary: { gatewayUrl: this.gateway?.primary.gatewayUrl, modelEndpoint: this.models?.primary.endpoint },
      standby: { gatewayUrl: this.gateway?.standby.gatewayUrl, modelEndpoint: this.models?.standby.endpoint },
    };
    this.failoverBudget = this.frontDoor?.failoverBudget;
    this.runbookNames = this.automation?.runbookNames;
    this.notes = notes;
    this.profile = args.profile!;
    this.registerOutputs({
      profile: this.profile,
      url: this.url,
      endpoints: this.endpoints,
      failoverBudget: this.failoverBudget,
      runbookNames: this.runbookNames,
      notes,
    });
  }
}
