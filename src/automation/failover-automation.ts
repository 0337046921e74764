import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as automation from "@pulumi/azure-native/automation";
import * as monitor from "@pulumi/azure-native/monitor";
import * as storage from "@pulumi/azure-native/storage";
import { fail, show } from "../errors";
import { StaticMetricAlertArgs, checkActionGroupIds, staticMetricAlert } from "../internal/alerts";
import { DiagnosticsArgs, checkDiagnostics, sendDiagnostics } from "../observability/diagnostics";
import {
  ResourceGroupNames,
  checkRegionalArgs,
  resourceGroupScope,
  resourceGroupsFor,
} from "../internal/regional";
import { childName, globalName, uniqueName, uniqueSuffix, uniqueSuffixLength } from "../naming/names";
import type { AzureRegion } from "../regions/catalog";
import type { RegionPair, RegionPairArgs } from "../regions/pair";
import type { ReprotectSettings } from "../recovery/site-recovery";
import { WorkerAction, WorkerConfig, contentHash, renderEntry, renderWorker, workerActions } from "./content";
import { RunbookContent } from "./runbook-content";
import { WebhookUri } from "./webhook-uri";
import { ScheduleStart } from "./schedule-start";
import { createHash } from "crypto";

/**
 * Services whose service issues in the primary region fail the platform over, as Service Health names them (the
 * `supportedServices` list of the Resource Health metadata API, Metadata_List.json in azure-rest-api-specs'
 * resourcehealth spec: https://learn.microsoft.com/rest/api/resourcehealth/metadata/list). Former names are kept
 * next to current ones ("Storage" became "Storage Accounts", "Site Recovery" "Azure Site Recovery"), because
 * Microsoft's own alert samples still use former names.
 */
export const defaultWatchedServices = [
  "Azure OpenAI Service",
  "API Management",
  "Virtual Machines",
  "Virtual Network",
  "Azure Firewall",
  "Azure Private Link",
  "Key Vault",
  "Storage Accounts",
  "Storage",
  "Azure Site Recovery",
  "Site Recovery",
];

/**
 * Global services: an incident of theirs is reported with the region "Global" and is never a reason for a regional
 * failover (the standby uses the same Front Door and the same Entra ID), so it goes to people, not to the runbook.
 */
export const defaultGlobalServices = [
  "Azure Front Door",
  "Azure Frontdoor",
  "Microsoft Entra ID (formerly Azure AD)",
  "Azure Active Directory",
];

/**
 * Service issue levels that count, lowest first. Microsoft: Informational is "Issues impacting management operations
 * and/or latency, not impacting service availability"; Warning and Error are issues "accessing" services, a subset
 * or a broad set of customers (https://learn.microsoft.com/azure/service-health/service-health-notification-transitions);
 * the events API also has Critical, ranked above Error in its `priority`.
 */
export const serviceIssueLevels = ["Warning", "Error", "Critical"] as const;
export type ServiceIssueLevel = (typeof serviceIssueLevels)[number];

/** How the runbook acts on an incident. */
export const failoverModes = ["automatic", "approval"] as const;
export type FailoverMode = (typeof failoverModes)[number];

/** Site Recovery recovery points a failover may use (A2ARpRecoveryPointType). */
export const recoveryPointTypes = ["LatestProcessed", "Latest"] as const;
export type RecoveryPointType = (typeof recoveryPointTypes)[number];

/**
 * How a PostgreSQL read replica is promoted on failover. `Forced` "is designed for rapid recovery in scenarios such
 * as regional outages" and loses what had not replicated; `Planned` waits until every change is applied, which a
 * primary that is down can never confirm
 * (https://learn.microsoft.com/azure/postgresql/read-replica/concepts-read-replicas-promote). `Auto` takes Planned
 * when the primary answers Ready and replication is Active (an incident that left the database healthy), else
 * Forced, and goes on Forced if a planned promotion fails.
 */
export const databasePromoteOptions = ["Auto", "Forced", "Planned"] as const;
export type DatabasePromoteOption = (typeof databasePromoteOptions)[number];

/** A PostgreSQL flexible server and its read replica in the standby region (PostgresStandby's `failover` output). */
export interface DatabaseFailover {
  primaryServerId: pulumi.Input<string>;
  replicaServerId: pulumi.Input<string>;
  /**
   * The virtual endpoint on the primary. With it the replica is promoted to primary server (`Switchover`: roles
   * swap, the writer endpoint follows, failback switches back); without it, to an independent server (`Standalone`:
   * replication ends, clients must be pointed at it, failback is a rebuild).
   * https://learn.microsoft.com/azure/postgresql/read-replica/concepts-read-replicas-virtual-endpoints
   * @default - none: Standalone
   */
  virtualEndpointId?: pulumi.Input<string>;
  /**
   * The primary's high availability, turned back on by failback after the switch back (a promotion turns it off).
   * @default - none: failback leaves it to you
   */
  highAvailability?: "ZoneRedundant" | "SameZone";
}

/** Days of the week, as Automation's advanced schedules name them. */
export const weekDays = [
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
  "Sunday",
] as const;
export type WeekDay = (typeof weekDays)[number];

/** When the scheduled drill runs. Times are UTC: the schedule's time zone is UTC. */
export interface DrillSchedule {
  /** `Month` or `Week`. @default "Month" */
  frequency?: "Month" | "Week";
  /** Every this many months (or weeks). @default 1 */
  interval?: number;
  /** Day of the week the drill runs on: an ordinary working day. @default "Tuesday" */
  weekDay?: WeekDay;
  /** Monthly only: which such day of the month, 1 to 4, or -1 for the last. @default 1 (the first Tuesday) */
  weekOfMonth?: 1 | 2 | 3 | 4 | -1;
  /** Time of day, UTC, `HH:MM`. @default "06:00" */
  timeUtc?: string;
  /** Days without a successful drill before the overdue alert fires. @default - the period plus 5 days (36 monthly, 12 weekly) */
  overdueAfterDays?: number;
  /**
   * Host names of the standby model endpoints (e.g. `oai-cus.openai.azure.com`) that a test VM must reach through
   * the drill network: resolved by the drill network's DNS to a private address, and answering HTTPS. The standby
   * account needs a private endpoint in the drill VNet for this. @default - none: the probe step is skipped
   */
  modelHosts?: pulumi.Input<string>[];
  /**
   * Groups the test failover VMs are created in (the protected VMs' recovery groups in the standby region): the
   * drill reads them and runs its probe there. @default - recovery.reprotect.vmResourceGroupIds
   */
  testVmResourceGroupIds?: pulumi.Input<string>[];
}

/** The token-overload drill: the primary gateway's model pool runs without the primary's backend for a while. */
export interface OverloadDrillArgs {
  /** ARM id of the primary gateway's backend pool (`.../service/<apim>/backends/pool-models`). */
  poolId: pulumi.Input<string>;
  /** ARM id of the primary region's model backend in it (`.../backends/models-<primary code>`), priority 1. */
  primaryBackendId: pulumi.Input<string>;
  /** ARM id of the standby region's model backend in it (`.../backends/models-<standby code>`), priority 2. */
  standbyBackendId: pulumi.Input<string>;
  /** Minutes the primary stays out of the pool. @default 10 */
  durationMinutes?: number;
  /** Percent of gateway requests that may fail (5xx) before the drill stops early and fails. @default 1 */
  maxFailedPercent?: number;
}

export interface FailoverAutomationArgs {
  /** The two regions. The Automation account lives in the standby: it must run when the primary is down. */
  regions: RegionPairArgs | RegionPair;
  /** @default - one new group per region; only the standby's is used */
  resourceGroups?: ResourceGroupNames;
  /**
   * `automatic`: an active service issue in the primary region fails over at once. `approval`: the runbook reports
   * the steps it would take, the people on `alertEmails` are alerted, and nothing changes until a person starts the
   * failover runbook with a reason. @default "automatic"
   */
  mode?: FailoverMode;
  /**
   * Front Door of the platform: the runbook enables the standby's origin, waits until Front Door's probes find it
   * healthy, then disables the primary's (never the last enabled one).
   */
  frontDoor?: {
    profileId: pulumi.Input<string>;
    originGroupId: pulumi.Input<string>;
    primaryOriginId: pulumi.Input<string>;
    standbyOriginId: pulumi.Input<string>;
    /** The standby origin's host name, to find it in the OriginHealthPercentage metric. @default - its origin name */
    standbyOriginHostName?: pulumi.Input<string>;
    /** Standby health (percent of successful probes) needed before the primary is disabled. @default 50 */
    minStandbyHealthPercent?: number;
  };
  /** Standby model account, the capacity each deployment is raised to on failover, and back to on failback. */
  models?: {
    standbyAccountId: pulumi.Input<string>;
    standbyDeployments: { id: pulumi.Input<string>; capacity: number; baseCapacity?: number }[];
  };
  /**
   * Standby API Management service: the scale units it is raised to on failover, and back to on failback. A
   * service whose availability zones are pinned gives `zoneCount`: Azure takes only unit counts that "distribute
   * evenly across all of your selected availability zones"
   * (https://learn.microsoft.com/azure/reliability/reliability-api-management), so both counts must be multiples.
   * The runbook scales the service's own `sku`, which is its primary location's: give a service of its own per
   * region (AiGateway's gateway-per-region), not a Premium multi-region service's id.
   */
  gateway?: {
    standbyServiceId: pulumi.Input<string>;
    capacity: number;
    baseCapacity?: number;
    /** @default - zones not pinned (Azure places the units): any unit count */
    zoneCount?: number;
  };
  /** Site Recovery: the vault and the recovery plan failed over, the drill network, and how failback reprotects. */
  recovery?: {
    vaultId: pulumi.Input<string>;
    recoveryPlanId: pulumi.Input<string>;
    testFailoverNetworkId?: pulumi.Input<string>;
    /**
     * `LatestProcessed`: no time spent processing data, low recovery time; `Latest`: processes everything first,
     * lowest data loss (https://learn.microsoft.com/azure/site-recovery/azure-to-azure-tutorial-failback).
     * @default "LatestProcessed"
     */
    recoveryPoint?: RecoveryPointType;
    /**
     * Fail over multi-VM-sync VMs to a common, consistent recovery point. @default false (WarmStandbyAiPlatform: the
     * replication policy's `multiVmSync`, on by default)
     */
    multiVmSyncPoint?: boolean;
    /**
     * Recovery point of failback, when both regions are up and the standby VMs are shut down first.
     * @default "Latest" (every replicated write: "the lowest recovery point objective")
     */
    failbackRecoveryPoint?: RecoveryPointType;
    /**
     * Send each VM's availability zone when reprotecting (Premium SSD v2 needs zonal VMs). The API has the field, but
     * Az PowerShell does not send it yet ("TODO:: uncomment SRS service start supporting this"): turn it off if
     * Azure refuses it. @default true
     */
    reprotectWithZones?: boolean;
    /** Reprotect settings both ways (SiteRecovery's `reprotect`); without them failback stops before reprotect. */
    reprotect?: ReprotectSettings;
  };
  /**
   * PostgreSQL servers whose standby replica the failover promotes, by a stable key (step names and role
   * assignments use it). Failover starts each promotion right after Site Recovery's and waits for it before Front
   * Door sends traffic to the standby; failback switches a `Switchover` pair back (Planned) before traffic returns.
   * @default - none
   */
  databases?: Record<string, DatabaseFailover>;
  /** How replicas are promoted on failover. @default "Auto" (Planned when the primary is healthy, else Forced) */
  databasePromoteOption?: DatabasePromoteOption;
  /** Services whose active service issues in the primary region fail over. @default {@link defaultWatchedServices} */
  watchedServices?: string[];
  /** Global services: their incidents alert people and never fail over. @default {@link defaultGlobalServices} */
  globalServices?: string[];
  /** Lowest service issue level that fails over. @default "Warning" (Informational never does) */
  minimumLevel?: ServiceIssueLevel;
  /** People told of incidents, failed runs, approvals awaited and overloads, by e-mail (common alert schema). */
  alertEmails?: string[];
  /**
   * Existing action groups (ARM ids) told the same as `alertEmails`: the operators' group of an OperationsAlerts, a
   * pager. The alert that starts the failover calls them besides the runbook's group. @default - none
   */
  notificationActionGroupIds?: pulumi.Input<string>[];
  /**
   * Token-overload alerts on these model accounts (ARM ids), to people only: throttled (429) requests per 5 minutes,
   * and provisioned utilization (PTU deployments only). They never start a runbook.
   * @default - none
   */
  tokenOverload?: {
    accountIds: pulumi.Input<string>[];
    throttledRequestsPer5Minutes?: number;
    utilizationPercent?: number;
  };
  /**
   * Drills on an ordinary day. Drills are on when `recovery.testFailoverNetworkId` (the isolated drill network) is
   * given: the drill runbook then runs on an Automation schedule, a daily check publishes whether the last successful
   * drill is overdue, and failed or overdue drills alert the people on `alertEmails`. `false`: no schedule (the drill
   * runbook can still be started by hand).
   * @default - monthly, the first Tuesday at 06:00 UTC, when a drill network is given
   */
  drills?: false | DrillSchedule;
  /** The token-overload drill runbook (`<name>-overload-drill`, started by hand). @default - none */
  overloadDrill?: OverloadDrillArgs;
  /** Days the webhook stays valid; a failover path that expires silently is worse than none. @default 1825 (5 years) */
  webhookValidityDays?: number;
  /**
   * Days a deleted or overwritten blob (the lock, a run record: blob soft delete), a deleted container (container soft
   * delete) and a deleted blob version stay recoverable in the runbook storage account. 1 to 365, the range Azure
   * accepts (https://learn.microsoft.com/azure/storage/blobs/soft-delete-blob-overview).
   * @default 7
   */
  softDeleteRetentionDays?: number;
  /** Tags for every resource. @default - none */
  tags?: Record<string, string>;
  /**
   * Send the Automation account's job logs and streams (failed failover runs are visible there) and the runbook
   * storage's blob logs to a Log Analytics workspace. @default - none
   */
  diagnostics?: DiagnosticsArgs;
}

/** The built-in role the runbook identity gets. https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/monitor */
export const automationRoleIds = {
  /** On the account: each run publishes its outcome as a custom metric (data action Microsoft.Insights/Metrics/Write). */
  monitoringMetricsPublisher: "3913510d-42f4-4e42-8a64-420c390055eb",
} as const;

/**
 * The custom roles the runbook identity gets, each with the actions of the calls the runbooks make at its scope
 * (operation names: https://learn.microsoft.com/azure/role-based-access-control/permissions/) and the reads Azure
 * checks alongside them. The built-in roles are broader: Automation Job Operator manages every job and needs
 * Automation Runbook Operator besides to create one; CDN Profile Contributor, Cognitive Services Contributor and
 * API Management Service Contributor also delete and reconfigure; Site Recovery Operator also repairs, updates
 * agents and plans failovers.
 */
export const runbookPermissions = {
  /**
   * On the Automation account: the entry runbook creates the worker's job. Creating a job of a runbook needs the
   * runbook's read too ("Automation Runbook Operator ... Read Runbook properties - to be able to create Jobs of the
   * runbook", https://learn.microsoft.com/azure/automation/automation-role-based-access-control).
   */
  jobs: {
    actions: [
      "Microsoft.Automation/automationAccounts/jobs/write",
      "Microsoft.Automation/automationAccounts/runbooks/read",
    ],
    dataActions: [],
  },
  /** At the subscription: the worker reads Azure's record of Service Health events. */
  events: { actions: ["Microsoft.ResourceHealth/events/read"], dataActions: [] },
  /**
   * On the Front Door profile: origins read and switched; origin health read from Front Door's metrics, which also
   * needs read access to the resource ("Access to ... metrics for a resource requires that the user has read access
   * to the resource type and scope of that resource", https://learn.microsoft.com/azure/azure-monitor/roles-permissions-security).
   */
  frontDoor: {
    actions: [
      "Microsoft.Cdn/profiles/read",
      "Microsoft.Cdn/profiles/originGroups/origins/read",
      "Microsoft.Cdn/profiles/originGroups/origins/write",
      "Microsoft.Insights/metrics/read",
    ],
    dataActions: [],
  },
  /** On the standby model account: deployments read and resized. */
  models: {
    actions: [
      "Microsoft.CognitiveServices/accounts/deployments/read",
      "Microsoft.CognitiveServices/accounts/deployments/write",
    ],
    dataActions: [],
  },
  /**
   * On each PostgreSQL server pair: the replica read and promoted (a PATCH of `replica.promoteMode`, Servers -
   * Update, ServersPromoteReplicaAsForcedSwitchover.json in specification/postgresql/.../stable/2025-08-01), and
   * on failback the original primary, by then the replica, switched back. ARM checks a PATCH as the type's write
   * (https://learn.microsoft.com/azure/role-based-access-control/permissions/databases#microsoftdbforpostgresql).
   */
  databases: {
    actions: [
      "Microsoft.DBforPostgreSQL/flexibleServers/read",
      "Microsoft.DBforPostgreSQL/flexibleServers/write",
    ],
    dataActions: [],
  },
  /** On the standby gateway: the service read and rescaled. */
  gateway: {
    actions: ["Microsoft.ApiManagement/service/read", "Microsoft.ApiManagement/service/write"],
    dataActions: [],
  },
  /** On the vault: the recovery plan's operations, their jobs, and reprotect per protected item. */
  recovery: {
    actions: [
      "Microsoft.RecoveryServices/vaults/replicationRecoveryPlans/read",
      "Microsoft.RecoveryServices/vaults/replicationRecoveryPlans/unplannedFailover/action",
      "Microsoft.RecoveryServices/vaults/replicationRecoveryPlans/failoverCommit/action",
      "Microsoft.RecoveryServices/vaults/replicationRecoveryPlans/testFailover/action",
      "Microsoft.RecoveryServices/vaults/replicationRecoveryPlans/testFailoverCleanup/action",
      "Microsoft.RecoveryServices/vaults/replicationJobs/read",
      "Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/replicationProtectedItems/read",
      "Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/switchprotection/action",
      // Switch protection names a policy and a container: the reads Site Recovery Operator carries for them.
      "Microsoft.RecoveryServices/vaults/replicationPolicies/read",
      "Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/read",
    ],
    dataActions: [],
  },
  /**
   * On the networks and cache accounts Site Recovery is handed (the drill network of a test failover, the caches and
   * networks of reprotect): Site Recovery checks "that the user has the required permissions to use the Azure
   * resources provided" (https://learn.microsoft.com/azure/site-recovery/site-recovery-role-based-linked-access-control),
   * and these are the reads Site Recovery Operator, Microsoft's role for failover and failback, carries.
   */
  recoveryLinks: {
    actions: ["Microsoft.Network/virtualNetworks/read", "Microsoft.Storage/storageAccounts/read"],
    dataActions: [],
  },
  /** On the groups the protected VMs run in: reprotect reads the running VM's disks, as Az PowerShell does. */
  virtualMachines: {
    actions: [
      "Microsoft.Compute/virtualMachines/read",
      "Microsoft.Resources/subscriptions/resourceGroups/read",
    ],
    dataActions: [],
  },
  /**
   * On the groups test failover VMs are created in: the drill reads each test VM with its instance view and runs its
   * probe as a managed run command on one (VirtualMachineRunCommands - Create Or Update / Get), which stays under the
   * VM's scope; the cleanup deletes the VM and its run commands.
   */
  drillVms: {
    actions: [
      "Microsoft.Compute/virtualMachines/read",
      "Microsoft.Compute/virtualMachines/runCommands/read",
      "Microsoft.Compute/virtualMachines/runCommands/write",
    ],
    dataActions: [],
  },
  /** On the records container: the daily overdue check reads the last successful drill's record (Get Blob). */
  records: {
    actions: [],
    dataActions: ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"],
  },
  /** On the primary gateway's backend pool only: the overload drill reads it and changes its members (Backend - Update). */
  gatewayPool: {
    actions: [
      "Microsoft.ApiManagement/service/backends/read",
      "Microsoft.ApiManagement/service/backends/write",
    ],
    dataActions: [],
  },
  /** On the primary gateway: the overload drill reads its Requests metric (metrics need read access to the resource). */
  gatewayMetrics: {
    actions: ["Microsoft.ApiManagement/service/read", "Microsoft.Insights/metrics/read"],
    dataActions: [],
  },
  /** On the lock and records containers: the lease (Lease Blob) and the run records (Put Blob). */
  blobs: {
    actions: [],
    dataActions: [
      "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write",
      "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action",
    ],
  },
} as const;
export type RunbookPermission = keyof typeof runbookPermissions;

const emailPattern = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * Validates FailoverAutomation's args and works out what it builds from them, registering nothing: its constructor calls
 * it first, and WarmStandbyAiPlatform calls it for every part before building any.
 *
 * @throws InvalidArgumentError naming the argument, the value received and the fix.
 */
export function checkFailoverAutomationArgs(name: string, args: FailoverAutomationArgs) {
  const { pair, tags } = checkRegionalArgs("FailoverAutomation", name, args);
  if ((args as { incidentTypes?: unknown }).incidentTypes !== undefined) {
    fail(
      "incidentTypes",
      `incidentTypes was removed: only an active service issue (incident) in Azure's own Service Health record fails over, never maintenance, security or advisory events, but got ${show((args as { incidentTypes?: unknown }).incidentTypes)}. Remove it; set minimumLevel to choose how severe an incident must be.`,
    );
  }
  const mode = args.mode ?? "automatic";
  if (!failoverModes.includes(mode)) {
    fail("mode", `mode must be one of ${failoverModes.join(", ")}, but got ${show(mode)}.`);
  }
  const level = args.minimumLevel ?? "Warning";
  if (!serviceIssueLevels.includes(level)) {
    fail(
      "minimumLevel",
      `minimumLevel must be one of ${serviceIssueLevels.join(", ")} (Informational service issues do not affect availability), but got ${show(level)}.`,
    );
  }
  const serviceList = (argument: string, value: unknown, fallback: string[]): string[] => {
    const list = value ?? fallback;
    if (!Array.isArray(list) || list.some((s) => typeof s !== "string" || s.trim() === "")) {
      fail(
        argument,
        `${argument} must list Service Health service names (e.g. "Azure OpenAI Service"), but got ${show(list)}.`,
      );
    }
    return list as string[];
  };
  const services = serviceList("watchedServices", args.watchedServices, defaultWatchedServices);
  if (services.length === 0) {
    fail("watchedServices", "watchedServices must name at least one service, but got [].");
  }
  const globalServices = serviceList("globalServices", args.globalServices, defaultGlobalServices);
  const both = services.filter((s) => globalServices.some((g) => g.toLowerCase() === s.toLowerCase()));
  if (both.length > 0) {
    fail(
      "watchedServices",
      `watchedServices and globalServices must not share a service, but both name ${show(both)}: a global service's incident never fails over one region. Keep it in globalServices only.`,
    );
  }
  (args.alertEmails ?? []).forEach((address, i) => {
    if (typeof address !== "string" || !emailPattern.test(address)) {
      fail(`alertEmails[${i}]`, `alertEmails[${i}] must be an e-mail address, but got ${show(address)}.`);
    }
  });
  checkActionGroupIds("notificationActionGroupIds", args.notificationActionGroupIds ?? []);
  const validityDays = args.webhookValidityDays ?? 1825;
  if (!Number.isInteger(validityDays) || validityDays < 30 || validityDays > 3650) {
    fail(
      "webhookValidityDays",
      `webhookValidityDays must be a whole number of days from 30 to 3650, but got ${show(validityDays)}.`,
    );
  }
  const softDeleteDays = args.softDeleteRetentionDays ?? 7;
  if (!Number.isInteger(softDeleteDays) || softDeleteDays < 1 || softDeleteDays > 365) {
    fail(
      "softDeleteRetentionDays",
      `softDeleteRetentionDays must be a whole number of days from 1 to 365 (what blob and container soft delete accept), but got ${show(softDeleteDays)}.`,
    );
  }
  const wholeUnits = (argument: string, value: unknown, what: string) => {
    if (value !== undefined && (!Number.isInteger(value) || (value as number) < 1)) {
      fail(argument, `${argument} must be a positive whole number of ${what}, but got ${show(value)}.`);
    }
  };
  for (const [i, d] of (args.models?.standbyDeployments ?? []).entries()) {
    if (d.id === undefined || d.id === null || d.id === "") {
      fail(
        `models.standbyDeployments[${i}].id`,
        `models.standbyDeployments[${i}].id must be a deployment's ARM id, but got ${show(d.id)}.`,
      );
    }
    wholeUnits(`models.standbyDeployments[${i}].capacity`, d.capacity ?? null, "capacity units");
    wholeUnits(`models.standbyDeployments[${i}].baseCapacity`, d.baseCapacity, "capacity units");
  }
  if (args.gateway) {
    wholeUnits("gateway.capacity", args.gateway.capacity ?? null, "scale units");
    wholeUnits("gateway.baseCapacity", args.gateway.baseCapacity, "scale units");
    const zoneCount = args.gateway.zoneCount;
    if (zoneCount !== undefined) {
      if (!Number.isInteger(zoneCount) || zoneCount < 1 || zoneCount > 3) {
        fail(
          "gateway.zoneCount",
          `gateway.zoneCount must be the number of zones pinned on the standby gateway (1 to 3), but got ${show(zoneCount)}.`,
        );
      }
      for (const key of ["capacity", "baseCapacity"] as const) {
        const units = args.gateway[key];
        if (units !== undefined && units % zoneCount !== 0) {
          fail(
            `gateway.${key}`,
            `gateway.${key} ${units} does not spread evenly over the standby gateway's ${zoneCount} pinned availability zones, ` +
              `so Azure would reject the scaling mid-failover: use a multiple of ${zoneCount}.`,
          );
        }
      }
    }
  }
  const required = (argument: string, value: unknown, what: string) => {
    if (value === undefined || value === null || value === "") {
      fail(argument, `${argument} must be ${what}, but got ${show(value)}.`);
    }
  };
  if (args.frontDoor) {
    for (const key of ["profileId", "originGroupId", "primaryOriginId", "standbyOriginId"] as const) {
      required(`frontDoor.${key}`, args.frontDoor[key], "an ARM id (FrontDoorFailover's outputs give them)");
    }
    const health = args.frontDoor.minStandbyHealthPercent ?? 50;
    if (typeof health !== "number" || !(health > 0 && health <= 100)) {
      fail(
        "frontDoor.minStandbyHealthPercent",
        `frontDoor.minStandbyHealthPercent must be above 0 and at most 100, but got ${show(health)}.`,
      );
    }
  }
  if (args.models)
    required("models.standbyAccountId", args.models.standbyAccountId, "the standby account's ARM id");
  if (args.gateway)
    required("gateway.standbyServiceId", args.gateway.standbyServiceId, "the standby service's ARM id");
  if (args.recovery) {
    required("recovery.vaultId", args.recovery.vaultId, "the vault's ARM id");
    required("recovery.recoveryPlanId", args.recovery.recoveryPlanId, "the recovery plan's ARM id");
    const reprotect = args.recovery.reprotect;
    if (reprotect !== undefined) {
      for (const direction of ["toPrimary", "toStandby"] as const) {
        const at = `recovery.reprotect.${direction}`;
        const settings = reprotect?.[direction];
        for (const key of ["policyId", "recoveryContainerId", "stagingStorageAccountId"] as const) {
          required(
            `${at}.${key}`,
            settings?.[key],
            "an ARM id (SiteRecovery's `reprotect` output gives them)",
          );
        }
        const groups = settings?.recoveryResourceGroupIds;
        if (!groups || typeof groups !== "object" || Object.keys(groups).length === 0) {
          fail(
            `${at}.recoveryResourceGroupIds`,
            `${at}.recoveryResourceGroupIds must map protected item names (or "*") to resource group ids, but got ${show(groups)}.`,
          );
        }
      }
      for (const key of ["vmResourceGroupIds", "networkIds"] as const) {
        if (!Array.isArray(reprotect[key]) || reprotect[key].length === 0) {
          fail(
            `recovery.reprotect.${key}`,
            `recovery.reprotect.${key} must list ARM ids (SiteRecovery's \`reprotect\` output gives them), but got ${show(reprotect[key])}.`,
          );
        }
      }
    }
    for (const key of ["recoveryPoint", "failbackRecoveryPoint"] as const) {
      const point = args.recovery[key];
      if (point !== undefined && !recoveryPointTypes.includes(point)) {
        fail(
          `recovery.${key}`,
          `recovery.${key} must be one of ${recoveryPointTypes.join(", ")}, but got ${show(point)}.`,
        );
      }
    }
  }
  const overload = args.tokenOverload;
  if (overload) {
    const threshold = overload.throttledRequestsPer5Minutes ?? 10;
    if (!Number.isInteger(threshold) || threshold < 1) {
      fail(
        "tokenOverload.throttledRequestsPer5Minutes",
        `tokenOverload.throttledRequestsPer5Minutes must be a positive whole number, but got ${show(threshold)}.`,
      );
    }
    if (
      overload.utilizationPercent !== undefined &&
      !(overload.utilizationPercent > 0 && overload.utilizationPercent <= 100)
    ) {
      fail(
        "tokenOverload.utilizationPercent",
        `tokenOverload.utilizationPercent must be above 0 and at most 100, but got ${show(overload.utilizationPercent)}.`,
      );
    }
  }
  const drills = checkDrills(args);
  const overloadDrill = checkOverloadDrill(args.overloadDrill);
  const databases = Object.entries(args.databases ?? {});
  if (args.databases !== undefined && (typeof args.databases !== "object" || Array.isArray(args.databases))) {
    fail(
      "databases",
      `databases must map a stable key to a server pair ({ orders: postgres.failover }), but got ${show(args.databases)}.`,
    );
  }
  for (const [key, pair] of databases) {
    if (!/^[a-z][a-z0-9-]{0,23}$/.test(key)) {
      fail(
        `databases.${key}`,
        `databases keys name steps and role assignments: use 1-24 lower-case letters, digits and hyphens starting with a letter, but got ${show(key)}.`,
      );
    }
    for (const field of ["primaryServerId", "replicaServerId"] as const) {
      const id = pair?.[field];
      required(`databases.${key}.${field}`, id, "a PostgreSQL flexible server's ARM id");
      if (
        typeof id === "string" &&
        !/\/providers\/Microsoft\.DBforPostgreSQL\/flexibleServers\/[^/]+$/i.test(id)
      ) {
        fail(
          `databases.${key}.${field}`,
          `databases.${key}.${field} must be a PostgreSQL flexible server's ARM id (.../providers/Microsoft.DBforPostgreSQL/flexibleServers/<name>), but got ${show(id)}.`,
        );
      }
    }
    if (typeof pair.primaryServerId === "string" && pair.primaryServerId === pair.replicaServerId) {
      fail(
        `databases.${key}.replicaServerId`,
        `databases.${key}.replicaServerId must be the replica in the standby region, not the primary itself, but both are ${show(pair.primaryServerId)}.`,
      );
    }
  }
  const promoteOption = args.databasePromoteOption ?? "Auto";
  if (!databasePromoteOptions.includes(promoteOption)) {
    fail(
      "databasePromoteOption",
      `databasePromoteOption must be one of ${databasePromoteOptions.join(", ")}, but got ${show(promoteOption)}.`,
    );
  }
  if (!args.frontDoor && !args.models && !args.gateway && !args.recovery && databases.length === 0) {
    fail(
      "frontDoor",
      "FailoverAutomation needs something to fail over: give at least one of frontDoor, models, gateway, recovery and databases.",
    );
  }
  checkDiagnostics(args.diagnostics);
  globalName("storageAccount", `${name}runbooks`, "x".repeat(uniqueSuffixLength), "name");
  return {
    pair,
    tags,
    mode,
    level,
    services,
    globalServices,
    validityDays,
    softDeleteDays,
    overload,
    promoteOption,
    drills,
    overloadDrill,
  };
}

/**
 * The runbook storage account's redundancy: the run records (what failover did, when the last drill passed) should
 * outlive a zone and a region (APRL "Ensure that storage accounts are zone or region redundant",
 * https://azure.github.io/Azure-Proactive-Resiliency-Library-v2/azure-resources/Storage/storageAccounts/). Zones and
 * a copy in the secondary region (GZRS) where the region has both; the secondary copy of GRS/GZRS goes to the paired
 * region (https://learn.microsoft.com/azure/storage/common/storage-redundancy), so a region without a pair keeps ZRS
 * (or LRS without zones).
 */
export function runbookStorageSku(region: Pick<AzureRegion, "availabilityZones" | "pairedRegion">) {
  if (region.availabilityZones) return region.pairedRegion ? "Standard_GZRS" : "Standard_ZRS";
  return region.pairedRegion ? "Standard_GRS" : "Standard_LRS";
}

/** The drill schedule as resolved, or undefined when drills are off. */
export interface ResolvedDrills {
  frequency: "Month" | "Week";
  interval: number;
  weekDay: WeekDay;
  weekOfMonth: 1 | 2 | 3 | 4 | -1;
  timeUtc: string;
  overdueAfterDays: number;
  modelHosts: pulumi.Input<string>[];
  testVmResourceGroupIds: pulumi.Input<string>[];
}

function checkDrills(args: FailoverAutomationArgs): ResolvedDrills | undefined {
  if (args.drills === false) return undefined;
  const given = args.drills;
  if (!args.recovery?.testFailoverNetworkId) {
    if (given !== undefined) {
      fail(
        "drills",
        `drills need a drill network to fail over into, but recovery.testFailoverNetworkId is ${show(args.recovery?.testFailoverNetworkId)}. Give recovery.testFailoverNetworkId (MirroredNetwork's drill VNet), or set drills to false.`,
      );
    }
    return undefined;
  }
  const d = given ?? {};
  const frequency = d.frequency ?? "Month";
  if (frequency !== "Month" && frequency !== "Week") {
    fail("drills.frequency", `drills.frequency must be "Month" or "Week", but got ${show(frequency)}.`);
  }
  const interval = d.interval ?? 1;
  if (!Number.isInteger(interval) || interval < 1 || interval > (frequency === "Month" ? 12 : 52)) {
    fail(
      "drills.interval",
      `drills.interval must be a whole number from 1 to ${frequency === "Month" ? 12 : 52}, but got ${show(interval)}.`,
    );
  }
  const weekDay = d.weekDay ?? "Tuesday";
  if (!weekDays.includes(weekDay)) {
    fail("drills.weekDay", `drills.weekDay must be one of ${weekDays.join(", ")}, but got ${show(weekDay)}.`);
  }
  const weekOfMonth = d.weekOfMonth ?? 1;
  if (![1, 2, 3, 4, -1].includes(weekOfMonth)) {
    fail(
      "drills.weekOfMonth",
      `drills.weekOfMonth must be 1, 2, 3, 4 or -1 (the last), but got ${show(weekOfMonth)}.`,
    );
  }
  const timeUtc = d.timeUtc ?? "06:00";
  if (typeof timeUtc !== "string" || !/^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(timeUtc)) {
    fail("drills.timeUtc", `drills.timeUtc must be a UTC time of day "HH:MM", but got ${show(timeUtc)}.`);
  }
  const period = frequency === "Month" ? 31 * interval : 7 * interval;
  const overdueAfterDays = d.overdueAfterDays ?? period + 5;
  if (!Number.isInteger(overdueAfterDays) || overdueAfterDays <= period) {
    fail(
      "drills.overdueAfterDays",
      `drills.overdueAfterDays must be a whole number of days longer than the drills' period (${period} days), but got ${show(overdueAfterDays)}.`,
    );
  }
  const testVmResourceGroupIds = d.testVmResourceGroupIds ?? args.recovery.reprotect?.vmResourceGroupIds;
  if (!Array.isArray(testVmResourceGroupIds) || testVmResourceGroupIds.length === 0) {
    fail(
      "drills.testVmResourceGroupIds",
      `drills.testVmResourceGroupIds must list the groups test failover VMs are created in (the drill checks them there), but got ${show(testVmResourceGroupIds)}. Give them, or recovery.reprotect.`,
    );
  }
  return {
    frequency,
    interval,
    weekDay,
    weekOfMonth,
    timeUtc,
    overdueAfterDays,
    modelHosts: d.modelHosts ?? [],
    testVmResourceGroupIds: testVmResourceGroupIds as pulumi.Input<string>[],
  };
}

function checkOverloadDrill(drill: OverloadDrillArgs | undefined) {
  if (drill === undefined) return undefined;
  for (const key of ["poolId", "primaryBackendId", "standbyBackendId"] as const) {
    if (drill[key] === undefined || drill[key] === null || drill[key] === "") {
      fail(
        `overloadDrill.${key}`,
        `overloadDrill.${key} must be an ARM id (AiGateway's backends), but got ${show(drill[key])}.`,
      );
    }
  }
  const minutes = drill.durationMinutes ?? 10;
  // Bounded: the pool must never stay changed for long; a run must also end well inside Automation's 3 hours.
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 60) {
    fail(
      "overloadDrill.durationMinutes",
      `overloadDrill.durationMinutes must be a whole number from 1 to 60, but got ${show(minutes)}.`,
    );
  }
  const maxFailedPercent = drill.maxFailedPercent ?? 1;
  if (typeof maxFailedPercent !== "number" || !(maxFailedPercent >= 0 && maxFailedPercent < 100)) {
    fail(
      "overloadDrill.maxFailedPercent",
      `overloadDrill.maxFailedPercent must be at least 0 and below 100, but got ${show(maxFailedPercent)}.`,
    );
  }
  return { ...drill, seconds: minutes * 60, maxFailedPercent };
}

/** A stable job schedule id (a GUID) from what the job schedule links: a new schedule start gives a new id. */
export function jobScheduleGuid(...parts: string[]): string {
  const h = createHash("sha256").update(parts.join("|")).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Failover that starts itself: an Automation account in the standby region whose identity holds custom roles with
 * exactly the actions its runbooks call, a PowerShell entry runbook behind a webhook that starts the Python worker
 * (failover, failback, drill are published from the package's files), an action group that only wakes the runbook,
 * a Service Health alert for the primary region, and alerts to people (global incidents, failed or blocked runs,
 * approvals awaited, token overload) through a separate action group.
 */
export class FailoverAutomation extends pulumi.ComponentResource {
  readonly automationAccountId: pulumi.Output<string>;
  readonly automationAccountName: pulumi.Output<string>;
  /** Principal id of the account's managed identity (the runbooks run as it). */
  readonly principalId: pulumi.Output<string>;
  /** Runbook names: the webhook's entry and the three workers. */
  readonly runbookNames: {
    readonly entry: string;
    readonly failover: string;
    readonly failback: string;
    readonly drill: string;
    /** The daily overdue check, when drills are scheduled. */
    readonly drillWatch?: string;
    /** The token-overload drill, when `overloadDrill` is given: start it by hand. */
    readonly overloadDrill?: string;
  };
  /** The drill's Automation schedule, when drills are scheduled. */
  readonly drillScheduleName?: string;
  /** When the first scheduled drill runs (UTC), when drills are scheduled. */
  readonly firstDrillAt?: pulumi.Output<string>;
  readonly webhookId: pulumi.Output<string>;
  /** When the webhook stops working: replace `<name>-webhook-uri` before then. */
  readonly webhookExpiresAt: pulumi.Output<string>;
  /** The action group that starts the failover runbook: only the Service Health alert uses it. */
  readonly actionGroupId: pulumi.Output<string>;
  /** The action group that tells people (e-mail), when `alertEmails` are given. */
  readonly notificationActionGroupId?: pulumi.Output<string>;
  readonly serviceHealthAlertId: pulumi.Output<string>;
  /** Where each run's JSON report is kept: `<container url>/<started at>-<action>.json`. */
  readonly runRecordsUrl: pulumi.Output<string>;

  constructor(name: string, args: FailoverAutomationArgs, opts?: pulumi.ComponentResourceOptions) {
    const {
      pair,
      tags,
      mode,
      level,
      services,
      globalServices,
      validityDays,
      softDeleteDays,
      overload,
      drills,
      overloadDrill,
      promoteOption,
    } = checkFailoverAutomationArgs(name, args);
    super("azure-ai-failover:automation:FailoverAutomation", name, {}, opts);
    const groups = resourceGroupsFor(name, pair, args.resourceGroups, this, tags);
    const rg = groups.standby;
    const region = pair.standby;
    const client = authorization.getClientConfigOutput({ parent: this });
    const subscription = pulumi.interpolate`/subscriptions/${client.subscriptionId}`;

    const account = new automation.AutomationAccount(
      childName(name, "aa", region),
      {
        resourceGroupName: rg,
        location: region.name,
        sku: { name: "Basic" },
        identity: { type: "SystemAssigned" },
        // Local auth must stay on: "Starting a runbook using a webhook" is what disabling it prevents, and the only
        // documented alternative (a job created through ARM with Entra ID) has no documented alert trigger.
        // https://learn.microsoft.com/azure/automation/disable-local-authentication
        disableLocalAuth: false,
        // Public access must stay on too: "Azure alert (metric, log, and activity log) can't be used to trigger an
        // Automation webhook when the Automation account is configured with Public access set to Disable", and a
        // private endpoint would not help cloud jobs ("does not support cloud jobs").
        // https://learn.microsoft.com/azure/automation/how-to/private-link-security
        publicNetworkAccess: true,
        tags,
      },
      { parent: this },
    );
    sendDiagnostics(
      childName(name, "aa", region),
      "Microsoft.Automation/automationAccounts",
      account,
      args.diagnostics,
      this,
    );
    const principalId = account.identity.apply((i) => i?.principalId ?? "");
    const suffix = uniqueSuffix(name, this);

    const assign = (
      what: string,
      scope: pulumi.Input<string>,
      roleDefinitionId: pulumi.Input<string>,
      description: string,
    ) =>
      new authorization.RoleAssignment(
        `${name}-role-${what}`,
        { principalId, principalType: "ServicePrincipal", roleDefinitionId, scope, description },
        { parent: this },
      );
    const builtIn = (role: string) =>
      pulumi.interpolate`${subscription}/providers/Microsoft.Authorization/roleDefinitions/${role}`;
    /**
     * A custom role with exactly one concern's actions, assignable where it is assigned (the groups of its scopes:
     * custom roles are assignable at subscription or group scope, https://learn.microsoft.com/azure/role-based-access-control/custom-roles),
     * and one assignment per scope. Role names are unique in the tenant, hence the stack's random suffix.
     */
    const customRole = (
      concern: RunbookPermission,
      scopes: { key: string; scope: pulumi.Input<string> }[],
      description: string,
      atSubscription = false,
    ) => {
      const permissions = runbookPermissions[concern];
      const assignable = pulumi
        .all(scopes.map((s) => s.scope))
        .apply((ids) => [...new Set(ids.map((id) => (atSubscription ? id : resourceGroupScope(id))))]);
      const definition = new authorization.RoleDefinition(
        `${name}-roledef-${concern}`,
        {
          scope: assignable.apply((a) => a[0]),
          roleName: pulumi.interpolate`azure-ai-failover ${name} ${concern} ${suffix.result}`,
          description: `azure-ai-failover runbooks of ${name}: ${description}`,
          roleType: "CustomRole",
          permissions: [
            {
              actions: [...permissions.actions],
              notActions: [],
              dataActions: [...permissions.dataActions],
              notDataActions: [],
            },
          ],
          assignableScopes: assignable,
        },
        { parent: this },
      );
      return scopes.map((s) =>
        assign(`${concern}${s.key ? `-${s.key}` : ""}`, s.scope, definition.id, description),
      );
    };

    // The lock blob and the run records live in a storage account in the standby region, reached with Entra ID only.
    const content = new storage.StorageAccount(
      childName(name, "runbooks", region),
      {
        resourceGroupName: rg,
        location: region.name,
        accountName: uniqueName("storageAccount", `${name}runbooks`, suffix.result),
        kind: "StorageV2",
        sku: { name: runbookStorageSku(region) },
        minimumTlsVersion: "TLS1_2",
        enableHttpsTrafficOnly: true,
        allowBlobPublicAccess: false,
        // Entra ID only: the runbooks use their managed identity's token for https://storage.azure.com/ (worker.py),
        // and runbook content is published through ARM, not through SAS links.
        // https://learn.microsoft.com/azure/storage/common/shared-key-authorization-prevent
        allowSharedKeyAccess: false,
        defaultToOAuthAuthentication: true,
        // Public network access stays on: cloud runbook jobs run in Azure's sandboxes, not in a VNet, and "cloud jobs
        // cannot access Azure resources that are secured using private endpoint"
        // (https://learn.microsoft.com/azure/automation/how-to/private-link-security); Azure Automation is not among
        // the trusted services a storage firewall can let through
        // (https://learn.microsoft.com/azure/storage/common/storage-network-security-trusted-azure-services).
        publicNetworkAccess: "Enabled",
        tags: { ...tags, purpose: "failover-runbooks" },
      },
      { parent: this },
    );
    sendDiagnostics(
      childName(name, "runbooks", region),
      "Microsoft.Storage/storageAccounts/blobServices",
      content,
      args.diagnostics,
      this,
      "blobServices/default",
    );
    // Blob soft delete, container soft delete and versioning: a deleted or overwritten run record or lock comes back
    // (APRL "Enable soft delete to protect your data" and "Enable versioning for accidental modification",
    // https://azure.github.io/Azure-Proactive-Resiliency-Library-v2/azure-resources/Storage/storageAccounts/;
    // https://learn.microsoft.com/azure/storage/blobs/soft-delete-blob-overview,
    // https://learn.microsoft.com/azure/storage/blobs/soft-delete-container-overview,
    // https://learn.microsoft.com/azure/storage/blobs/versioning-overview).
    const blobService = new storage.BlobServiceProperties(
      `${name}-runbooks-blob-service`,
      {
        resourceGroupName: rg,
        accountName: content.name,
        blobServicesName: "default",
        deleteRetentionPolicy: { enabled: true, days: softDeleteDays },
        containerDeleteRetentionPolicy: { enabled: true, days: softDeleteDays },
        isVersioningEnabled: true,
      },
      { parent: this },
    );
    const container = (role: string) =>
      new storage.BlobContainer(
        `${name}-${role}`,
        { resourceGroupName: rg, accountName: content.name, containerName: role, publicAccess: "None" },
        { parent: this, dependsOn: [blobService] },
      );
    const lockContainer = container("locks");
    const runsContainer = container("runs");
    const containerScope = (c: storage.BlobContainer) =>
      pulumi.interpolate`${content.id}/blobServices/default/containers/${c.name}`;

    const grants: pulumi.Resource[] = [
      ...customRole(
        "blobs",
        [
          { key: "locks", scope: containerScope(lockContainer) },
          { key: "runs", scope: containerScope(runsContainer) },
        ],
        "one run at a time holds a lease on the lock blob; each run stores its report.",
      ),
      ...customRole(
        "events",
        [{ key: "", scope: subscription }],
        "the worker reads the subscription's Service Health events: Azure's record decides, not the request.",
        true,
      ),
      ...customRole(
        "jobs",
        [{ key: "", scope: account.id }],
        "the entry runbook creates the failover worker's job.",
      ),
      assign(
        "metrics",
        account.id,
        builtIn(automationRoleIds.monitoringMetricsPublisher),
        "Each run publishes its outcome as a custom metric the alerts read.",
      ),
    ];
    if (args.frontDoor)
      grants.push(
        ...customRole(
          "frontDoor",
          [{ key: "", scope: args.frontDoor.profileId }],
          "failover enables the standby origin, reads its health and disables the primary origin.",
        ),
      );
    if (args.models)
      grants.push(
        ...customRole(
          "models",
          [{ key: "", scope: args.models.standbyAccountId }],
          "failover raises standby deployment capacity; failback lowers it.",
        ),
      );
    if (args.gateway)
      grants.push(
        ...customRole(
          "gateway",
          [{ key: "", scope: args.gateway.standbyServiceId }],
          "failover scales the standby gateway; failback scales it back.",
        ),
      );
    const databases = Object.entries(args.databases ?? {});
    if (databases.length > 0)
      grants.push(
        ...customRole(
          "databases",
          databases.flatMap(([key, pair]) => [
            { key: `${key}-replica`, scope: pair.replicaServerId },
            { key: `${key}-primary`, scope: pair.primaryServerId },
          ]),
          "failover promotes each standby PostgreSQL replica; failback switches the original primary back.",
        ),
      );
    const reprotect = args.recovery?.reprotect;
    if (args.recovery) {
      grants.push(
        ...customRole(
          "recovery",
          [{ key: "", scope: args.recovery.vaultId }],
          "failover, failback and drills run the recovery plan and reprotect its items.",
        ),
      );
      const links: { key: string; scope: pulumi.Input<string> }[] = [];
      if (args.recovery.testFailoverNetworkId)
        links.push({ key: "drill", scope: args.recovery.testFailoverNetworkId });
      if (reprotect) {
        links.push(
          { key: "cache-standby", scope: reprotect.toPrimary.stagingStorageAccountId },
          { key: "cache-primary", scope: reprotect.toStandby.stagingStorageAccountId },
          ...reprotect.networkIds.map((scope, i) => ({ key: `network-${i + 1}`, scope })),
        );
      }
      if (links.length > 0)
        grants.push(
          ...customRole(
            "recoveryLinks",
            links,
            "Site Recovery checks the runbooks may read the networks and caches it is given.",
          ),
        );
      if (reprotect) {
        // The VMs run in these groups before a reprotect: it reads the running VM's disks there.
        grants.push(
          ...customRole(
            "virtualMachines",
            reprotect.vmResourceGroupIds.map((scope, i) => ({ key: i === 0 ? "" : `${i + 1}`, scope })),
            "reprotect reads the disks of the VMs it replicates.",
          ),
        );
      }
    }

    // Drills: the test VMs' groups, the records the overdue check reads, and the overload drill's pool and metrics.
    if (drills) {
      grants.push(
        ...customRole(
          "drillVms",
          drills.testVmResourceGroupIds.map((scope, i) => ({ key: i === 0 ? "" : `${i + 1}`, scope })),
          "drills check the test VMs run and probe the standby models from one of them.",
        ),
        ...customRole(
          "records",
          [{ key: "", scope: containerScope(runsContainer) }],
          "the daily overdue check reads the last successful drill's record.",
        ),
      );
    }
    if (overloadDrill) {
      grants.push(
        ...customRole(
          "gatewayPool",
          [{ key: "", scope: overloadDrill.poolId }],
          "the overload drill takes the primary backend out of this pool for a bounded time and restores it.",
        ),
        ...customRole(
          "gatewayMetrics",
          [{ key: "", scope: pulumi.output(overloadDrill.poolId).apply((id) => id.split("/backends/")[0]) }],
          "the overload drill reads the gateway's Requests metric.",
        ),
      );
    }

    const names = {
      entry: `${name}-alert-entry`,
      failover: `${name}-failover`,
      failback: `${name}-failback`,
      drill: `${name}-drill`,
      "drill-watch": `${name}-drill-watch`,
      "overload-drill": `${name}-overload-drill`,
    };
    // The first scheduled drill: kept in state, so later runs of `pulumi up` leave the schedule alone.
    const recurrence = drills
      ? `${drills.frequency}/${drills.interval}/${drills.weekDay}/${drills.frequency === "Month" ? drills.weekOfMonth : "-"}`
      : "";
    const drillStart = drills
      ? new ScheduleStart(`${name}-drill-start`, { timeUtc: drills.timeUtc, recurrence }, { parent: this })
      : undefined;
    const blobUrl = (c: storage.BlobContainer) =>
      pulumi.interpolate`https://${content.name}.blob.core.windows.net/${c.name}`;
    const runRecordsUrl = blobUrl(runsContainer);
    const directions = (r: ReprotectSettings) =>
      pulumi.output({ toPrimary: r.toPrimary, toStandby: r.toStandby });
    const workerConfig: pulumi.Output<WorkerConfig> = pulumi
      .output({
        subscriptionId: client.subscriptionId,
        frontDoor: args.frontDoor,
        models: args.models,
        gateway: args.gateway,
        recovery: args.recovery
          ? {
              vaultId: args.recovery.vaultId,
              recoveryPlanId: args.recovery.recoveryPlanId,
              testFailoverNetworkId: args.recovery.testFailoverNetworkId,
              reprotect: reprotect ? directions(reprotect) : undefined,
            }
          : undefined,
        databases: databases.map(([key, pair]) =>
          pulumi.output(pair).apply((p) => ({
            key,
            primaryServerId: p.primaryServerId,
            replicaServerId: p.replicaServerId,
            promoteMode: p.virtualEndpointId ? ("Switchover" as const) : ("Standalone" as const),
            promoteOption,
            ...(p.highAvailability ? { highAvailability: p.highAvailability } : {}),
          })),
        ),
        lockUrl: pulumi.interpolate`${blobUrl(lockContainer)}/failover.lock`,
        runRecordsUrl,
        accountId: account.id,
        drillHosts: drills ? pulumi.all(drills.modelHosts) : undefined,
        firstDrillAt: drillStart?.startTime,
        overloadIds: overloadDrill
          ? pulumi.all([overloadDrill.poolId, overloadDrill.primaryBackendId, overloadDrill.standbyBackendId])
          : undefined,
      })
      .apply(
        ({
          subscriptionId,
          frontDoor,
          models,
          gateway,
          recovery,
          databases: servers,
          lockUrl,
          runRecordsUrl: runsUrl,
          accountId,
          drillHosts,
          firstDrillAt,
          overloadIds,
        }) => ({
          mode,
          watch: {
            subscriptionId,
            primaryRegion: { name: pair.primary.name, displayName: pair.primary.displayName },
            services,
            globalServices,
            minLevel: level,
          },
          ...(frontDoor
            ? {
                frontDoor: {
                  profileId: frontDoor.profileId,
                  originGroupId: frontDoor.originGroupId,
                  primaryOriginId: frontDoor.primaryOriginId,
                  standbyOriginId: frontDoor.standbyOriginId,
                  ...(frontDoor.standbyOriginHostName
                    ? { standbyOriginHost: frontDoor.standbyOriginHostName }
                    : {}),
                  minHealthPercent: frontDoor.minStandbyHealthPercent ?? 50,
                },
              }
            : {}),
          ...(models
            ? {
                standbyDeployments: models.standbyDeployments.map((d) => ({
                  id: d.id,
                  capacity: d.capacity,
                  ...(d.baseCapacity ? { baseCapacity: d.baseCapacity } : {}),
                })),
              }
            : {}),
          ...(gateway
            ? {
                standbyGateway: {
                  id: gateway.standbyServiceId,
                  capacity: gateway.capacity,
                  ...(gateway.baseCapacity ? { baseCapacity: gateway.baseCapacity } : {}),
                },
              }
            : {}),
          ...(recovery
            ? {
                recovery: {
                  vaultId: recovery.vaultId,
                  planId: recovery.recoveryPlanId,
                  ...(recovery.testFailoverNetworkId
                    ? { drillNetworkId: recovery.testFailoverNetworkId }
                    : {}),
                  recoveryPointType: args.recovery?.recoveryPoint ?? "LatestProcessed",
                  failbackRecoveryPointType: args.recovery?.failbackRecoveryPoint ?? "Latest",
                  multiVmSyncPoint: args.recovery?.multiVmSyncPoint ?? false,
                  ...(recovery.reprotect
                    ? {
                        reprotect: {
                          toPrimary: {
                            ...recovery.reprotect.toPrimary,
                            sendZone: args.recovery?.reprotectWithZones ?? true,
                          },
                          toStandby: {
                            ...recovery.reprotect.toStandby,
                            sendZone: args.recovery?.reprotectWithZones ?? true,
                          },
                        },
                      }
                    : {}),
                },
              }
            : {}),
          ...(servers.length > 0 ? { databases: servers } : {}),
          ...(drills
            ? {
                drill: {
                  modelHosts: drillHosts ?? [],
                  overdueAfterDays: drills.overdueAfterDays,
                  ...(firstDrillAt ? { firstDrillAt } : {}),
                },
              }
            : {}),
          ...(overloadDrill && overloadIds
            ? {
                overloadDrill: {
                  poolId: overloadIds[0],
                  primaryBackendId: overloadIds[1],
                  // The pool as AiGateway builds it: the local region's models first, the other region's second.
                  members: [
                    { id: overloadIds[1], priority: 1 },
                    { id: overloadIds[2], priority: 2 },
                  ],
                  seconds: overloadDrill.seconds,
                  maxFailedPercent: overloadDrill.maxFailedPercent,
                },
              }
            : {}),
          lock: { blobUrl: lockUrl },
          records: { containerUrl: runsUrl },
          // Custom metrics go to the regional endpoint of the resource's region.
          // https://learn.microsoft.com/azure/azure-monitor/metrics/metrics-store-custom-rest-api
          metrics: { url: `https://${region.name}.monitoring.azure.com${accountId}/metrics` },
        }),
      );

    // The deploying identity's ARM token: the runbook content and the webhook URI go through ARM with Entra ID. Taken
    // only once what the call waits for exists: a token taken when the program starts (60-90 minutes of life,
    // https://learn.microsoft.com/entra/identity-platform/access-tokens#token-lifetime) can expire while the first
    // deployment waits for API Management ("15 to 45 minutes") before the runbooks' grants on it exist.
    const tokenAfter = (dependsOn: pulumi.Resource[]) =>
      authorization.getClientTokenOutput({}, { parent: this, dependsOn }).token;
    /** What each runbook's published content is, by key: a job may start only after its runbook is published. */
    const contents: Record<string, RunbookContent> = {};
    /**
     * Creates a runbook and publishes its content through ARM (draft content, then publish) with the deploying
     * identity's Entra token: no storage account, SAS or account key is involved, so the storage account can refuse
     * shared keys. A changed file (its SHA-256) publishes again.
     */
    const publish = (
      key: string,
      runbookName: string,
      text: pulumi.Output<string>,
      type: "PowerShell" | "Python",
    ) => {
      const runbook = new automation.Runbook(
        `${name}-runbook-${key}-${region.code}`,
        {
          resourceGroupName: rg,
          automationAccountName: account.name,
          runbookName,
          location: region.name,
          runbookType: type,
          // Python 3.10 runs in the system runtime environment of that name (3.8 is out of support).
          // https://learn.microsoft.com/azure/automation/runtime-environment-overview
          // The entry pins PowerShell 5.1, which Microsoft's webhook guide uses; both are system runtime environments.
          runtimeEnvironment: type === "Python" ? "Python-3.10" : "PowerShell-5.1",
          logProgress: false,
          logVerbose: false,
          description: `azure-ai-failover ${key} runbook`,
          // Created as a draft, as createRunbookAsDraft.json does (automation spec 2024-10-23); the content follows.
          draft: {},
          tags,
        },
        { parent: this },
      );
      contents[key] = new RunbookContent(
        `${name}-runbook-content-${key}`,
        {
          runbookId: runbook.id,
          content: text,
          contentHash: text.apply(contentHash),
          runbookRevision: runbook.lastModifiedTime.apply((t) => t ?? ""),
          token: tokenAfter([runbook, ...grants]),
        },
        // A runbook must not run before its identity may do what it does.
        { parent: this, dependsOn: [runbook, ...grants] },
      );
      return runbook;
    };
    const workers = {} as Partial<Record<WorkerAction, automation.Runbook>>;
    const published = workerActions.filter(
      (a) => (a !== "drill-watch" || drills) && (a !== "overload-drill" || overloadDrill),
    );
    for (const action of published) {
      workers[action] = publish(
        action,
        names[action],
        workerConfig.apply((c) => renderWorker(action, c)),
        "Python",
      );
    }
    const entryText = account.id.apply((accountId) =>
      renderEntry({ automationAccountId: accountId, workerRunbookName: names.failover }),
    );
    const entry = publish("entry", names.entry, entryText, "PowerShell");

    // Scheduled drills: the drill on its recurrence, the overdue check daily, both in UTC. A schedule starts a Python
    // runbook with no parameters: the action is written into each runbook, and a drill needs no reason.
    // Schedule_CreateOrUpdate answers 409 for a schedule that exists (createOrUpdateSchedule.json in the automation
    // spec, 2024-10-23) and a start in the past is refused, so any change replaces the schedule, with a new start.
    let drillScheduleName: string | undefined;
    if (drills && drillStart) {
      const schedule = (
        key: string,
        scheduleName: string,
        props: Partial<automation.ScheduleArgs>,
        runbook: string,
      ) => {
        const created = new automation.Schedule(
          `${name}-schedule-${key}`,
          {
            resourceGroupName: rg,
            automationAccountName: account.name,
            scheduleName,
            name: scheduleName,
            startTime: drillStart.startTime,
            timeZone: "UTC",
            frequency: "Day",
            ...props,
          },
          { parent: this, replaceOnChanges: ["*"], deleteBeforeReplace: true },
        );
        // Job_Schedule has no update (createJobSchedule.json): its id follows the schedule's start, so a new schedule
        // gets a new link.
        new automation.JobSchedule(
          `${name}-jobschedule-${key}`,
          {
            resourceGroupName: rg,
            automationAccountName: account.name,
            jobScheduleId: drillStart.startTime.apply((start) => jobScheduleGuid(name, key, runbook, start)),
            runbook: { name: runbook },
            schedule: { name: created.name },
          },
          { parent: this, replaceOnChanges: ["*"], dependsOn: [contents[key]!] },
        );
        return created;
      };
      drillScheduleName = "azure-ai-failover-drill";
      schedule(
        "drill",
        drillScheduleName,
        {
          description: `azure-ai-failover: the ${names.drill} drill, ${recurrence} at ${drills.timeUtc} UTC`,
          frequency: drills.frequency,
          interval: drills.interval,
          // Monthly: the n-th weekday (monthlyOccurrences); weekly: the weekday.
          // https://learn.microsoft.com/azure/automation/shared-resources/schedules
          advancedSchedule:
            drills.frequency === "Month"
              ? { monthlyOccurrences: [{ occurrence: drills.weekOfMonth, day: drills.weekDay }] }
              : { weekDays: [drills.weekDay] },
        },
        names.drill,
      );
      schedule(
        "drill-watch",
        "azure-ai-failover-drill-watch",
        {
          // Only what the start's replace keys (time of day, recurrence) cover may vary here: a replaced schedule
          // keeps its first start, which is then in the past, and Azure refuses a start in the past.
          description: "azure-ai-failover: daily check that a drill succeeded recently enough",
          frequency: "Day",
          interval: 1,
        },
        names["drill-watch"],
      );
    }

    const uri = new WebhookUri(
      `${name}-webhook-uri`,
      {
        automationAccountId: account.id,
        webhookName: "alert-to-failover",
        validityDays,
        token: tokenAfter([contents.entry!]),
      },
      { parent: this, dependsOn: [contents.entry!] },
    );
    const webhook = new automation.Webhook(
      `${name}-webhook`,
      {
        resourceGroupName: rg,
        automationAccountName: account.name,
        webhookName: "alert-to-failover",
        name: "alert-to-failover",
        runbook: { name: entry.name },
        isEnabled: true,
        expiryTime: uri.expiryTime,
        uri: uri.uri,
      },
      { parent: this, dependsOn: [contents.entry!, contents.failover!] },
    );

    const shortName = name.replace(/[^A-Za-z0-9]/g, "").slice(0, 8);
    // Only the Service Health alert starts the runbook; a forged or stale call changes nothing anyway, since the
    // worker reads Azure's record itself.
    const actionGroup = new monitor.ActionGroup(
      `${name}-ag`,
      {
        resourceGroupName: rg,
        location: "Global",
        enabled: true,
        // Up to 12 characters; shown in SMS and e-mail subjects.
        groupShortName: `${shortName}-dr`,
        automationRunbookReceivers: [
          {
            name: "start-failover",
            automationAccountId: account.id,
            runbookName: entry.name,
            webhookResourceId: webhook.id,
            isGlobalRunbook: false,
            serviceUri: uri.uri,
            useCommonAlertSchema: true,
          },
        ],
        tags,
      },
      { parent: this },
    );
    const notify =
      (args.alertEmails ?? []).length > 0
        ? new monitor.ActionGroup(
            `${name}-people`,
            {
              resourceGroupName: rg,
              location: "Global",
              enabled: true,
              groupShortName: `${shortName}-ops`,
              emailReceivers: (args.alertEmails ?? []).map((emailAddress, i) => ({
                name: `person-${i + 1}`,
                emailAddress,
                useCommonAlertSchema: true,
              })),
              tags,
            },
            { parent: this },
          )
        : undefined;
    const peopleGroupIds: pulumi.Input<string>[] = [
      ...(notify ? [notify.id] : []),
      ...(args.notificationActionGroupIds ?? []),
    ];

    const serviceHealthAlert = (
      alertName: string,
      description: string,
      serviceNames: string[],
      regions: string[],
      groupIds: pulumi.Input<string>[],
    ) =>
      new monitor.ActivityLogAlert(
        alertName,
        {
          resourceGroupName: rg,
          // Activity log alerts are global; Service Health needs the subscription as scope.
          location: "Global",
          scopes: [subscription],
          enabled: true,
          description,
          condition: {
            allOf: [
              { field: "category", equals: "ServiceHealth" },
              { field: "properties.incidentType", equals: "Incident" },
              { field: "properties.impactedServices[*].ServiceName", containsAny: serviceNames },
              { field: "properties.impactedServices[*].ImpactedRegions[*].RegionName", containsAny: regions },
            ],
          },
          actions: { actionGroups: groupIds.map((actionGroupId) => ({ actionGroupId })) },
          tags,
        },
        { parent: this },
      );
    const serviceHealth = serviceHealthAlert(
      `${name}-service-health`,
      `A service issue in ${pair.primary.displayName} wakes the failover runbook, which acts on Azure's own record of it (${mode}).`,
      services,
      [pair.primary.displayName],
      [actionGroup.id, ...peopleGroupIds],
    );
    if (globalServices.length > 0) {
      serviceHealthAlert(
        `${name}-global-health`,
        "A service issue of a global service the platform depends on: a regional failover does not help, people decide.",
        globalServices,
        ["Global"],
        peopleGroupIds,
      );
    }

    const metricAlert = (
      alertName: string,
      scope: pulumi.Input<string>,
      severity: number,
      description: string,
      criterion: Record<string, unknown>,
      windowSize = "PT5M",
      evaluationFrequency = "PT1M",
    ) =>
      staticMetricAlert(
        alertName,
        {
          resourceGroupName: rg,
          scope,
          severity,
          evaluationFrequency,
          windowSize,
          description,
          criterion: { operator: "GreaterThan", ...criterion } as StaticMetricAlertArgs["criterion"],
          actionGroupIds: peopleGroupIds,
          tags,
        },
        { parent: this },
      );
    // Runbook jobs that fail, are suspended or stopped: the Automation account's TotalJob metric by Status.
    // https://learn.microsoft.com/azure/automation/automation-alert-metric
    metricAlert(
      `${name}-job-failed`,
      account.id,
      1,
      "A failover, failback or drill runbook job failed, was suspended or was stopped.",
      {
        name: "jobs-not-completed",
        metricNamespace: "Microsoft.Automation/automationAccounts",
        metricName: "TotalJob",
        dimensions: [{ name: "Status", operator: "Include", values: ["Failed", "Suspended", "Stopped"] }],
        threshold: 0,
        timeAggregation: "Total",
      },
    );
    // Each run's outcome, published by the worker (custom metric azure-ai-failover/Runs, dimensions Action, Result).
    // The metric exists only once a run has published it, hence skipMetricValidation.
    const outcome = (key: string, severity: number, results: string[], description: string) =>
      metricAlert(
        `${name}-run-${key}`,
        account.id,
        severity,
        description,
        {
          name: `runs-${key}`,
          metricNamespace: "azure-ai-failover",
          metricName: "Runs",
          dimensions: [{ name: "Result", operator: "Include", values: results }],
          threshold: 0,
          timeAggregation: "Total",
          skipMetricValidation: true,
        },
        "PT15M",
      );
    outcome(
      "failed",
      1,
      ["failed", "lock-lost", "in-progress"],
      "A runbook run failed, lost its lock, or stopped with Azure still working (start it again to resume): read its report in the job output or the runs container.",
    );
    outcome(
      "approval",
      0,
      ["awaiting-approval"],
      `A service issue in ${pair.primary.displayName} calls for failover and awaits approval: read the planned steps in the job output, then start ${names.failover} with --reason (and --operator).`,
    );
    outcome(
      "global",
      1,
      ["global-incident"],
      "A global service the platform depends on has an active service issue: a regional failover does not help.",
    );

    if (drills || overloadDrill) {
      // A drill that failed: its report (runs container, `<started>-drill.json`) says which step and why.
      metricAlert(
        `${name}-drill-failed`,
        account.id,
        1,
        "A drill failed: read its report in the runs container (each step, how long it took, what failed). Test VMs were cleaned up; an overload drill restored the pool unless its report says POOL NOT RESTORED.",
        {
          name: "drill-failed",
          metricNamespace: "azure-ai-failover",
          metricName: "Runs",
          dimensions: [
            { name: "Action", operator: "Include", values: ["drill", "overload-drill"] },
            { name: "Result", operator: "Include", values: ["failed", "lock-lost", "in-progress"] },
          ],
          threshold: 0,
          timeAggregation: "Total",
          skipMetricValidation: true,
        },
        "PT15M",
      );
    }
    if (drills) {
      // Overdue: metric alerts look back at most a day (windowSize up to P1D), and no Microsoft source describes a
      // metric alert firing on the absence of data, so the daily drill-watch run publishes Result=overdue instead.
      metricAlert(
        `${name}-drill-overdue`,
        account.id,
        2,
        `No drill succeeded in ${drills.overdueAfterDays} days: start ${names.drill} (and check the azure-ai-failover-drill schedule).`,
        {
          name: "drill-overdue",
          metricNamespace: "azure-ai-failover",
          metricName: "Runs",
          dimensions: [
            { name: "Action", operator: "Include", values: ["drill-watch"] },
            { name: "Result", operator: "Include", values: ["overdue"] },
          ],
          threshold: 0,
          timeAggregation: "Total",
          skipMetricValidation: true,
        },
        "P1D",
        "PT1H",
      );
    }

    if (overload) {
      // Metric names: https://learn.microsoft.com/azure/ai-foundry/openai/monitor-openai-reference
      overload.accountIds.forEach((accountId, i) => {
        const key = i === 0 ? "primary" : i === 1 ? "standby" : `account${i + 1}`;
        metricAlert(
          `${name}-throttling-${key}`,
          accountId,
          2,
          "Model deployments answer 429: token quota exhausted, callers are being throttled.",
          {
            name: "throttled-requests",
            metricNamespace: "Microsoft.CognitiveServices/accounts",
            metricName: "AzureOpenAIRequests",
            dimensions: [{ name: "StatusCode", operator: "Include", values: ["429"] }],
            threshold: overload.throttledRequestsPer5Minutes ?? 10,
            timeAggregation: "Total",
          },
        );
        if (overload.utilizationPercent !== undefined) {
          metricAlert(
            `${name}-utilization-${key}`,
            accountId,
            2,
            "Provisioned deployments are close to full: requests will soon get 429.",
            {
              name: "ptu-utilization",
              metricNamespace: "Microsoft.CognitiveServices/accounts",
              metricName: "AzureOpenAIProvisionedManagedUtilizationV2",
              threshold: overload.utilizationPercent,
              timeAggregation: "Average",
            },
          );
        }
      });
    }

    this.automationAccountId = account.id;
    this.automationAccountName = account.name;
    this.principalId = principalId;
    this.runbookNames = {
      entry: names.entry,
      failover: names.failover,
      failback: names.failback,
      drill: names.drill,
      ...(drills ? { drillWatch: names["drill-watch"] } : {}),
      ...(overloadDrill ? { overloadDrill: names["overload-drill"] } : {}),
    };
    this.drillScheduleName = drillScheduleName;
    this.firstDrillAt = drillStart?.startTime;
    this.webhookId = webhook.id;
    this.webhookExpiresAt = uri.expiryTime;
    this.actionGroupId = actionGroup.id;
    this.notificationActionGroupId = notify?.id;
    this.serviceHealthAlertId = serviceHealth.id;
    this.runRecordsUrl = runRecordsUrl;
    this.registerOutputs({
      automationAccountId: account.id,
      runbookNames: this.runbookNames,
      drillScheduleName,
      firstDrillAt: drillStart?.startTime,
      webhookExpiresAt: uri.expiryTime,
      actionGroupId: actionGroup.id,
      serviceHealthAlertId: serviceHealth.id,
      runRecordsUrl,
    });
  }
}
