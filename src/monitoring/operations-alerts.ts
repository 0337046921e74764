import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as monitor from "@pulumi/azure-native/monitor";
import type * as inputs from "@pulumi/azure-native/types/input";
import { fail, show } from "../errors";
import { checkActionGroupIds, staticMetricAlert } from "../internal/alerts";
import { RegionalArgs, checkRegionalArgs, resourceGroupsFor } from "../internal/regional";
import {
  MetricRule,
  ServiceHealthEventType,
  databaseDefaults,
  databaseRules,
  defaultGatewayCapacityPercent,
  firewallDefaults,
  firewallRules,
  frontDoorDefaults,
  frontDoorRules,
  gatewayCapacityRules,
  gatewayTiers,
  ownerRoleId,
  resourceHealthStatuses,
  runbookJobRule,
  serviceHealthEventTypes,
} from "./spec";

/** Service Health notifications to the operators. */
export interface ServiceHealthAlertSettings {
  /** Event types, one alert each. @default - all five: Incident, Maintenance, Informational, ActionRequired, Security */
  eventTypes?: ServiceHealthEventType[];
  /**
   * Service Health service names to narrow to (e.g. `"API Management"`). A misspelt name never matches, and Microsoft
   * publishes no fixed list (names come from the Resource Health metadata API), so by default every service the
   * subscription uses is covered. @default - every service
   */
  services?: string[];
  /**
   * Every region, not only the platform's two and "Global": for events that name no region of the platform.
   * @default false
   */
  allRegions?: boolean;
}

/** Thresholds of the firewall alerts. */
export interface FirewallAlertSettings {
  /** FirewallHealth (percent) below which severity 0 fires. @default 90 (AMBA) */
  healthPercent?: number;
  /** SNATPortUtilization (percent) above which severity 1 fires. @default 80 (AMBA) */
  snatPortUtilizationPercent?: number;
  /** FirewallLatencyPng (ms, 15-minute average) above which severity 2 fires. @default 30 (APRL: "sustained latency over 30ms") */
  latencyMs?: number;
}

/** Threshold of the gateway capacity alerts. */
export interface GatewayAlertSettings {
  /**
   * Capacity (classic tiers) or gateway CPU and memory (v2 tiers), percent averaged over 30 minutes.
   * @default - 40 for a one-unit gateway, else 70 (Microsoft's scaling guidance)
   */
  capacityPercent?: number;
}

/** Thresholds of the database alerts (AMBA). is_db_alive always alerts below 1. */
export interface DatabaseAlertSettings {
  /** @default 90 */
  cpuPercent?: number;
  /** @default 90 */
  memoryPercent?: number;
  /** @default 90 */
  storagePercent?: number;
}

/** Thresholds of the Front Door alerts (AMBA). */
export interface FrontDoorAlertSettings {
  /** OriginHealthPercentage below which the alert fires. @default 95 */
  originHealthPercent?: number;
  /** Percentage5XX above which the alert fires. @default 10 */
  percent5xx?: number;
}

/** An API Management service to watch: its tier decides which capacity metrics it has. */
export interface WatchedGateway {
  id: pulumi.Input<string>;
  /** The tier (`StandardV2`, `Premium`...). Consumption has no capacity metric. */
  sku: string;
  /** Scale units. @default 1 */
  units?: number;
}

export interface OperationsAlertsArgs extends RegionalArgs {
  /** People told, by e-mail (common alert schema). @default - none */
  emails?: string[];
  /** Existing action groups (ARM ids) every alert also calls (a pager, an ITSM connector). @default - none */
  actionGroupIds?: pulumi.Input<string>[];
  /**
   * Built-in roles (ids) whose members at the subscription scope are e-mailed.
   * @default - Owner, when neither emails nor actionGroupIds are given: an alert that reaches nobody is worse than none
   */
  roleIds?: string[];
  /** Service Health notifications, or false. @default - every event type, the platform's regions and Global */
  serviceHealth?: false | ServiceHealthAlertSettings;
  /**
   * Resource Health alert on everything in these groups (ARM ids), or false.
   * @default - the primary and standby resource groups
   */
  resourceHealth?: false | { resourceGroupIds?: pulumi.Input<string>[] };
  /** Azure Firewalls (ARM ids by a stable key): health, SNAT port utilization and latency. @default - none */
  firewalls?: FirewallAlertSettings & { ids: Record<string, pulumi.Input<string>> };
  /** API Management services by a stable key: capacity. @default - none */
  gateways?: GatewayAlertSettings & { services: Record<string, WatchedGateway> };
  /** PostgreSQL flexible servers (ARM ids by a stable key): alive, CPU, memory, storage. @default - none */
  databases?: DatabaseAlertSettings & { serverIds: Record<string, pulumi.Input<string>> };
  /** Front Door profiles (ARM ids by a stable key): origin health and 5XX. @default - none */
  frontDoors?: FrontDoorAlertSettings & { profileIds: Record<string, pulumi.Input<string>> };
  /**
   * Automation accounts (ARM ids by a stable key): runbook jobs that failed, were suspended or stopped. (A
   * FailoverAutomation alerts on its own account already: give it `notificationActionGroupIds` instead.)
   * @default - none
   */
  automationAccounts?: { ids: Record<string, pulumi.Input<string>> };
}

const emailPattern = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const keyPattern = /^[a-z0-9][a-z0-9-]{0,30}$/;

/** A percent in (0, 100], or undefined. */
function percent(argument: string, value: unknown): void {
  if (value !== undefined && (typeof value !== "number" || !(value > 0 && value <= 100))) {
    fail(argument, `${argument} must be a percent above 0 and at most 100, but got ${show(value)}.`);
  }
}

/** Checks ARM ids known now (Outputs are checked by ARM): a string naming the expected resource type. */
function resourceIds(argument: string, ids: unknown, type: string): void {
  if (ids === null || typeof ids !== "object" || Array.isArray(ids) || Object.keys(ids).length === 0) {
    fail(argument, `${argument} must map stable keys to ${type} ARM ids, but got ${show(ids)}.`);
  }
  for (const [key, id] of Object.entries(ids as Record<string, unknown>)) {
    if (!keyPattern.test(key)) {
      fail(
        `${argument}.${key}`,
        `${argument} keys name child resources: lower-case letters, digits and hyphens, up to 31, but got ${show(key)}.`,
      );
    }
    if (
      typeof id === "string" &&
      !new RegExp(`^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/${type}/[^/]+$`, "i").test(id)
    ) {
      fail(`${argument}.${key}`, `${argument}.${key} must be the ARM id of a ${type}, but got ${show(id)}.`);
    }
    if (id === undefined || id === null || id === "") {
      fail(`${argument}.${key}`, `${argument}.${key} must be the ARM id of a ${type}, but got ${show(id)}.`);
    }
  }
}

/**
 * Validates OperationsAlerts' args, registering nothing: its constructor calls it first, and WarmStandbyAiPlatform
 * calls it before building any part.
 *
 * @throws InvalidArgumentError naming the argument, the value received and the fix.
 */
export function checkOperationsAlertsArgs(name: string, args: OperationsAlertsArgs) {
  const { pair, tags } = checkRegionalArgs("OperationsAlerts", name, args);
  const emails = args.emails ?? [];
  if (!Array.isArray(emails))
    fail("emails", `emails must be a list of e-mail addresses, but got ${show(emails)}.`);
  emails.forEach((address, i) => {
    if (typeof address !== "string" || !emailPattern.test(address)) {
      fail(`emails[${i}]`, `emails[${i}] must be an e-mail address, but got ${show(address)}.`);
    }
  });
  const actionGroupIds = args.actionGroupIds ?? [];
  if (!Array.isArray(actionGroupIds)) {
    fail(
      "actionGroupIds",
      `actionGroupIds must be a list of action group ARM ids, but got ${show(actionGroupIds)}.`,
    );
  }
  checkActionGroupIds("actionGroupIds", actionGroupIds);
  const roleIds = args.roleIds ?? (emails.length === 0 && actionGroupIds.length === 0 ? [ownerRoleId] : []);
  if (!Array.isArray(roleIds))
    fail("roleIds", `roleIds must be a list of built-in role ids, but got ${show(roleIds)}.`);
  roleIds.forEach((id, i) => {
    if (typeof id !== "string" || !guidPattern.test(id)) {
      fail(
        `roleIds[${i}]`,
        `roleIds[${i}] must be a built-in role id (a GUID such as the Owner role's "${ownerRoleId}"), but got ${show(id)}.`,
      );
    }
  });
  if (emails.length === 0 && actionGroupIds.length === 0 && roleIds.length === 0) {
    fail(
      "roleIds",
      "roleIds is [] with no emails and no actionGroupIds: every alert would reach nobody. Give emails, actionGroupIds or roleIds, or leave roleIds out to e-mail the subscription's Owners.",
    );
  }

  let serviceHealth:
    { eventTypes: ServiceHealthEventType[]; services?: string[]; allRegions: boolean } | undefined;
  if (args.serviceHealth !== false) {
    const settings = args.serviceHealth ?? {};
    const eventTypes = settings.eventTypes ?? [...serviceHealthEventTypes];
    if (
      !Array.isArray(eventTypes) ||
      eventTypes.length === 0 ||
      eventTypes.some((t) => !(serviceHealthEventTypes as readonly string[]).includes(t)) ||
      new Set(eventTypes).size !== eventTypes.length
    ) {
      fail(
        "serviceHealth.eventTypes",
        `serviceHealth.eventTypes must list distinct Service Health event types among ${serviceHealthEventTypes.join(", ")} (or set serviceHealth: false), but got ${show(eventTypes)}.`,
      );
    }
    const services = settings.services;
    if (
      services !== undefined &&
      (!Array.isArray(services) ||
        services.length === 0 ||
        services.some((s) => typeof s !== "string" || s.trim() === ""))
    ) {
      fail(
        "serviceHealth.services",
        `serviceHealth.services must list Service Health service names (e.g. "API Management"), or be left out to cover every service, but got ${show(services)}.`,
      );
    }
    if (settings.allRegions !== undefined && typeof settings.allRegions !== "boolean") {
      fail(
        "serviceHealth.allRegions",
        `serviceHealth.allRegions must be true or false, but got ${show(settings.allRegions)}.`,
      );
    }
    serviceHealth = { eventTypes, services, allRegions: settings.allRegions ?? false };
  }
  if (args.resourceHealth !== false && args.resourceHealth?.resourceGroupIds !== undefined) {
    const groups = args.resourceHealth.resourceGroupIds;
    if (!Array.isArray(groups) || groups.length === 0) {
      fail(
        "resourceHealth.resourceGroupIds",
        `resourceHealth.resourceGroupIds must list resource group ARM ids, or be left out for the primary and standby groups, but got ${show(groups)}.`,
      );
    }
    groups.forEach((id, i) => {
      if (typeof id === "string" && !/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+$/i.test(id)) {
        fail(
          `resourceHealth.resourceGroupIds[${i}]`,
          `resourceHealth.resourceGroupIds[${i}] must be a resource group ARM id (/subscriptions/<id>/resourceGroups/<name>), but got ${show(id)}.`,
        );
      }
    });
  }
  if (args.firewalls) {
    resourceIds("firewalls.ids", args.firewalls.ids, "Microsoft.Network/azureFirewalls");
    percent("firewalls.healthPercent", args.firewalls.healthPercent);
    percent("firewalls.snatPortUtilizationPercent", args.firewalls.snatPortUtilizationPercent);
    const latency = args.firewalls.latencyMs;
    if (latency !== undefined && (typeof latency !== "number" || !(latency > 0))) {
      fail(
        "firewalls.latencyMs",
        `firewalls.latencyMs must be a number of milliseconds above 0, but got ${show(latency)}.`,
      );
    }
  }
  if (args.gateways) {
    const services = args.gateways.services;
    resourceIds(
      "gateways.services",
      services && typeof services === "object"
        ? Object.fromEntries(Object.entries(services).map(([k, s]) => [k, s?.id]))
        : services,
      "Microsoft.ApiManagement/service",
    );
    for (const [key, service] of Object.entries(services)) {
      if (!gatewayTiers.includes(service.sku)) {
        fail(
          `gateways.services.${key}.sku`,
          `gateways.services.${key}.sku must be a tier with capacity metrics (${gatewayTiers.join(", ")}; Consumption has none), but got ${show(service.sku)}.`,
        );
      }
      if (service.units !== undefined && (!Number.isInteger(service.units) || service.units < 1)) {
        fail(
          `gateways.services.${key}.units`,
          `gateways.services.${key}.units must be a whole number of scale units from 1, but got ${show(service.units)}.`,
        );
      }
    }
    percent("gateways.capacityPercent", args.gateways.capacityPercent);
  }
  if (args.databases) {
    resourceIds("databases.serverIds", args.databases.serverIds, "Microsoft.DBforPostgreSQL/flexibleServers");
    percent("databases.cpuPercent", args.databases.cpuPercent);
    percent("databases.memoryPercent", args.databases.memoryPercent);
    percent("databases.storagePercent", args.databases.storagePercent);
  }
  if (args.frontDoors) {
    resourceIds("frontDoors.profileIds", args.frontDoors.profileIds, "Microsoft.Cdn/profiles");
    percent("frontDoors.originHealthPercent", args.frontDoors.originHealthPercent);
    percent("frontDoors.percent5xx", args.frontDoors.percent5xx);
  }
  if (args.automationAccounts) {
    resourceIds(
      "automationAccounts.ids",
      args.automationAccounts.ids,
      "Microsoft.Automation/automationAccounts",
    );
  }
  return { pair, tags, emails, actionGroupIds, roleIds, serviceHealth };
}

/**
 * The alerts the people who run the platform expect, apart from the one that starts a failover: an action group for
 * the operators; Service Health notifications of every event type for the platform's regions; a Resource Health alert
 * on its resource groups; and metric alerts, scoped to exactly the resources given, on firewalls (health, SNAT ports,
 * latency), gateways (capacity), PostgreSQL servers, Front Door and runbook jobs, with Microsoft's thresholds.
 * Everything lives in the standby region's group, which must outlive a primary outage.
 */
export class OperationsAlerts extends pulumi.ComponentResource {
  /** The operators' action group: give it to FailoverAutomation's `notificationActionGroupIds`. */
  readonly actionGroupId: pulumi.Output<string>;
  /** Every action group the alerts call: the operators' group and `actionGroupIds`. */
  readonly actionGroupIds: pulumi.Output<string>[];
  /** Service Health alert ids by event type. */
  readonly serviceHealthAlertIds: Readonly<Partial<Record<ServiceHealthEventType, pulumi.Output<string>>>>;
  /** The Resource Health alert, unless `resourceHealth: false`. */
  readonly resourceHealthAlertId?: pulumi.Output<string>;
  /** Metric alert ids by `<family>-<metric>-<key>` (e.g. `firewall-health-primary`). */
  readonly metricAlertIds: Readonly<Record<string, pulumi.Output<string>>>;

  constructor(name: string, args: OperationsAlertsArgs, opts?: pulumi.ComponentResourceOptions) {
    const { pair, tags, emails, actionGroupIds, roleIds, serviceHealth } = checkOperationsAlertsArgs(
      name,
      args,
    );
    super("azure-ai-failover:monitoring:OperationsAlerts", name, {}, opts);
    const groups = resourceGroupsFor(name, pair, args.resourceGroups, this, tags);
    const rg = groups.standby;
    const client = authorization.getClientConfigOutput({ parent: this });
    const subscription = pulumi.interpolate`/subscriptions/${client.subscriptionId}`;

    // Action groups are global; the short name (up to 12 characters) heads e-mail subjects and SMS.
    // https://learn.microsoft.com/azure/azure-monitor/alerts/action-groups
    const operators = new monitor.ActionGroup(
      `${name}-ops`,
      {
        resourceGroupName: rg,
        location: "Global",
        enabled: true,
        groupShortName: `${name.replace(/[^A-Za-z0-9]/g, "").slice(0, 8)}-ops`,
        emailReceivers: emails.map((emailAddress, i) => ({
          name: `operator-${i + 1}`,
          emailAddress,
          useCommonAlertSchema: true,
        })),
        armRoleReceivers: roleIds.map((roleId, i) => ({
          name: `role-${i + 1}`,
          roleId,
          useCommonAlertSchema: true,
        })),
        tags,
      },
      { parent: this },
    );
    const groupIds: pulumi.Output<string>[] = [
      operators.id,
      ...actionGroupIds.map((id) => pulumi.output(id)),
    ];
    const actions = { actionGroups: groupIds.map((actionGroupId) => ({ actionGroupId })) };

    const activityLogAlert = (
      alertName: string,
      description: string,
      scopes: pulumi.Input<pulumi.Input<string>[]>,
      allOf: inputs.monitor.AlertRuleAnyOfOrLeafConditionArgs[],
    ) =>
      new monitor.ActivityLogAlert(
        alertName,
        {
          resourceGroupName: rg,
          // Activity log alerts are global (https://learn.microsoft.com/azure/azure-monitor/alerts/resource-manager-alerts-service-health).
          location: "Global",
          scopes,
          enabled: true,
          description,
          condition: { allOf },
          actions,
          tags,
        },
        { parent: this },
      );

    const serviceHealthAlertIds: Partial<Record<ServiceHealthEventType, pulumi.Output<string>>> = {};
    if (serviceHealth) {
      // Region clauses use display names, and global services report the region "Global"
      // (https://learn.microsoft.com/azure/azure-monitor/alerts/resource-manager-alerts-service-health).
      const regions = [pair.primary.displayName, pair.standby.displayName, "Global"];
      for (const eventType of serviceHealth.eventTypes) {
        const alert = activityLogAlert(
          `${name}-ops-service-health-${eventType.toLowerCase()}`,
          `Azure Service Health ${eventType} events for ${serviceHealth.allRegions ? "every region" : regions.join(", ")}, to the platform's operators (separate from the alert that starts a failover).`,
          // Service Health alerts take the subscription as their one scope.
          [subscription],
          [
            { field: "category", equals: "ServiceHealth" },
            { field: "properties.incidentType", equals: eventType },
            ...(serviceHealth.services
              ? [{ field: "properties.impactedServices[*].ServiceName", containsAny: serviceHealth.services }]
              : []),
            ...(serviceHealth.allRegions
              ? []
              : [
                  {
                    field: "properties.impactedServices[*].ImpactedRegions[*].RegionName",
                    containsAny: regions,
                  },
                ]),
          ],
        );
        serviceHealthAlertIds[eventType] = alert.id;
      }
    }

    let resourceHealthAlertId: pulumi.Output<string> | undefined;
    if (args.resourceHealth !== false) {
      // Scoped to resource groups (https://learn.microsoft.com/azure/service-health/resource-health-alert-arm-template-guide):
      // every resource in them, including ones added later. No properties.cause clause: the event logged at the
      // moment of the transition may have no cause yet (see resourceHealthStatuses).
      const scopes = args.resourceHealth?.resourceGroupIds ?? [
        pulumi.interpolate`${subscription}/resourceGroups/${groups.primary}`,
        pulumi.interpolate`${subscription}/resourceGroups/${groups.standby}`,
      ];
      resourceHealthAlertId = activityLogAlert(
        `${name}-ops-resource-health`,
        "A resource of the platform became degraded or unavailable (Azure Resource Health).",
        scopes,
        [
          { field: "category", equals: "ResourceHealth" },
          {
            anyOf: resourceHealthStatuses.map((status) => ({
              field: "properties.currentHealthStatus",
              equals: status,
            })),
          },
        ],
      ).id;
    }

    const metricAlertIds: Record<string, pulumi.Output<string>> = {};
    const metricAlert = (
      key: string,
      scope: pulumi.Input<string>,
      rule: MetricRule,
      threshold: number,
      description: string,
    ) => {
      const alert = staticMetricAlert(
        `${name}-ops-${key}`,
        {
          resourceGroupName: rg,
          scope,
          severity: rule.severity,
          evaluationFrequency: rule.evaluationFrequency,
          windowSize: rule.windowSize,
          description,
          criterion: {
            name: rule.metricName,
            metricNamespace: rule.metricNamespace,
            metricName: rule.metricName,
            operator: rule.operator,
            timeAggregation: rule.timeAggregation,
            threshold,
            ...(rule.dimensions
              ? { dimensions: rule.dimensions.map((d) => ({ ...d, values: [...d.values] })) }
              : {}),
          },
          actionGroupIds: groupIds,
          tags,
        },
        { parent: this },
      );
      metricAlertIds[key] = alert.id;
    };

    if (args.firewalls) {
      const f = { ...firewallDefaults, ...args.firewalls };
      for (const [key, id] of Object.entries(args.firewalls.ids)) {
        metricAlert(
          `firewall-health-${key}`,
          id,
          firewallRules.health,
          f.healthPercent,
          `Firewall ${key}: health below ${f.healthPercent} % (SNAT ports exhausted or instances unhealthy); new connections may fail.`,
        );
        metricAlert(
          `firewall-snat-${key}`,
          id,
          firewallRules.snat,
          f.snatPortUtilizationPercent,
          `Firewall ${key}: more than ${f.snatPortUtilizationPercent} % of outbound SNAT ports in use; add public IPs before they run out.`,
        );
        metricAlert(
          `firewall-latency-${key}`,
          id,
          firewallRules.latency,
          f.latencyMs,
          `Firewall ${key}: latency probe above ${f.latencyMs} ms for 15 minutes (expected about 1 ms); the firewall may be under CPU stress.`,
        );
      }
    }
    if (args.gateways) {
      for (const [key, service] of Object.entries(args.gateways.services)) {
        const threshold = args.gateways.capacityPercent ?? defaultGatewayCapacityPercent(service.units ?? 1);
        for (const { key: metric, rule } of gatewayCapacityRules(service.sku)) {
          metricAlert(
            `gateway-${metric}-${key}`,
            service.id,
            rule,
            threshold,
            `Gateway ${key} (${service.sku}): ${rule.metricName} above ${threshold} % for 30 minutes; scale out or up before latency and timeouts grow.`,
          );
        }
      }
    }
    if (args.databases) {
      const d = { ...databaseDefaults, ...args.databases };
      for (const [key, id] of Object.entries(args.databases.serverIds)) {
        metricAlert(
          `database-alive-${key}`,
          id,
          databaseRules.alive,
          1,
          `PostgreSQL ${key}: the server is not answering (is_db_alive).`,
        );
        metricAlert(
          `database-cpu-${key}`,
          id,
          databaseRules.cpu,
          d.cpuPercent,
          `PostgreSQL ${key}: CPU above ${d.cpuPercent} %.`,
        );
        metricAlert(
          `database-memory-${key}`,
          id,
          databaseRules.memory,
          d.memoryPercent,
          `PostgreSQL ${key}: memory above ${d.memoryPercent} %.`,
        );
        metricAlert(
          `database-storage-${key}`,
          id,
          databaseRules.storage,
          d.storagePercent,
          `PostgreSQL ${key}: storage above ${d.storagePercent} % used.`,
        );
      }
    }
    if (args.frontDoors) {
      const fd = { ...frontDoorDefaults, ...args.frontDoors };
      for (const [key, id] of Object.entries(args.frontDoors.profileIds)) {
        metricAlert(
          `frontdoor-origin-health-${key}`,
          id,
          frontDoorRules.originHealth,
          fd.originHealthPercent,
          `Front Door ${key}: origin health below ${fd.originHealthPercent} % of probes.`,
        );
        metricAlert(
          `frontdoor-5xx-${key}`,
          id,
          frontDoorRules.errors,
          fd.percent5xx,
          `Front Door ${key}: more than ${fd.percent5xx} % of responses are 5XX.`,
        );
      }
    }
    if (args.automationAccounts) {
      for (const [key, id] of Object.entries(args.automationAccounts.ids)) {
        metricAlert(
          `runbook-jobs-${key}`,
          id,
          runbookJobRule,
          0,
          `Automation account ${key}: a runbook job failed, was suspended or was stopped.`,
        );
      }
    }

    this.actionGroupId = operators.id;
    this.actionGroupIds = groupIds;
    this.serviceHealthAlertIds = serviceHealthAlertIds;
    this.resourceHealthAlertId = resourceHealthAlertId;
    this.metricAlertIds = metricAlertIds;
    this.registerOutputs({
      actionGroupId: operators.id,
      serviceHealthAlertIds,
      resourceHealthAlertId,
      metricAlertIds,
    });
  }
}
