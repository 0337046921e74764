/**
 * What OperationsAlerts watches and the numbers it uses, each with the Microsoft source it comes from. Pure: no
 * resources, tested alone.
 */

/**
 * Service Health event types (`properties.incidentType` of a ServiceHealth activity log event): "ActionRequired,
 * Informational, Incident, Maintenance, Security"
 * (https://learn.microsoft.com/azure/service-health/service-health-notifications-properties).
 */
export const serviceHealthEventTypes = [
  "Incident",
  "Maintenance",
  "Informational",
  "ActionRequired",
  "Security",
] as const;
export type ServiceHealthEventType = (typeof serviceHealthEventTypes)[number];

/**
 * Resource Health filter: the resource became `Degraded` or `Unavailable`. Whether the platform or a user caused it
 * is not filtered on: Microsoft warns that "it is possible for the cause field to be null in some events. That is, a
 * health transition takes place (e.g. available to unavailable) and the event is logged immediately to prevent
 * notification delays", so a `properties.cause` clause (as Azure Monitor Baseline Alerts' "Resource Health Unhealthy"
 * alert has, services/Resources/subscriptions/alerts.yaml) would drop exactly that first event
 * (https://learn.microsoft.com/azure/service-health/resource-health-alert-arm-template-guide).
 */
export const resourceHealthStatuses = ["Degraded", "Unavailable"] as const;

/**
 * Built-in role whose members (users and groups assigned at the subscription) get the alerts when no e-mail address
 * or action group is given: Owner, 8e3af657-a8ff-443c-a75c-2fe8c4bcb635
 * (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/privileged#owner). The "Email Azure
 * Resource Manager Role" action "only looks at Azure Resource Manager role assignments that are at the subscription
 * scope and of type User or Group" (https://learn.microsoft.com/azure/azure-monitor/alerts/alerts-troubleshoot).
 */
export const ownerRoleId = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";

/** One metric alert rule as the sources give it. */
export interface MetricRule {
  readonly metricNamespace: string;
  readonly metricName: string;
  readonly operator: "GreaterThan" | "LessThan";
  readonly timeAggregation: "Average" | "Maximum" | "Total";
  readonly severity: 0 | 1 | 2 | 3 | 4;
  readonly windowSize: string;
  readonly evaluationFrequency: string;
  readonly dimensions?: readonly { name: string; operator: "Include" | "Exclude"; values: string[] }[];
}

/**
 * Azure Firewall (Microsoft.Network/azureFirewalls). Metric names, units and aggregations:
 * https://learn.microsoft.com/azure/firewall/monitor-firewall-reference.
 */
export const firewallRules = {
  /**
   * `FirewallHealth` (Percent, Average) below 90 over 5 minutes, every minute, severity 0: Azure Monitor Baseline
   * Alerts (AMBA), services/Network/azureFirewalls/alerts.yaml.
   */
  health: {
    metricNamespace: "Microsoft.Network/azureFirewalls",
    metricName: "FirewallHealth",
    operator: "LessThan",
    timeAggregation: "Average",
    severity: 0,
    windowSize: "PT5M",
    evaluationFrequency: "PT1M",
  },
  /** `SNATPortUtilization` (Percent, Average) above 80 over 5 minutes, every minute, severity 1: AMBA (same file). */
  snat: {
    metricNamespace: "Microsoft.Network/azureFirewalls",
    metricName: "SNATPortUtilization",
    operator: "GreaterThan",
    timeAggregation: "Average",
    severity: 1,
    windowSize: "PT5M",
    evaluationFrequency: "PT1M",
  },
  /**
   * `FirewallLatencyPng` (Milliseconds, Average): "monitor sustained latency over 30ms (accounting for normal spikes)"
   * (Azure Proactive Resiliency Library, azureFirewalls recommendation 8faace2d-a36e-425c-aa58-2ad99e3e0b7a). No
   * Microsoft source gives its window or severity: 15 minutes evaluated every 5 (the window AMBA uses for Front Door
   * origin health) so that the probe's normal spikes are averaged out, severity 2 (a warning, not an outage).
   */
  latency: {
    metricNamespace: "Microsoft.Network/azureFirewalls",
    metricName: "FirewallLatencyPng",
    operator: "GreaterThan",
    timeAggregation: "Average",
    severity: 2,
    windowSize: "PT15M",
    evaluationFrequency: "PT5M",
  },
} as const satisfies Record<string, MetricRule>;
export const firewallDefaults = { healthPercent: 90, snatPortUtilizationPercent: 80, latencyMs: 30 };

/**
 * API Management tiers and their capacity metrics. Classic tiers (Developer, Basic, Standard, Premium) emit
 * `Capacity`; the v2 tiers emit `CpuPercent_Gateway` and `MemoryPercent_Gateway` instead ("Capacity ... isn't
 * supported for use in the v2 tiers and shows a value of 0"); Consumption has no capacity metric
 * (https://learn.microsoft.com/azure/api-management/api-management-capacity,
 * https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-apimanagement-service-metrics).
 */
export const classicGatewayTiers = ["Developer", "Basic", "Standard", "Premium"] as const;
export const v2GatewayTiers = ["BasicV2", "StandardV2", "PremiumV2"] as const;
export const gatewayTiers: readonly string[] = [...classicGatewayTiers, ...v2GatewayTiers];

/**
 * Microsoft: "upgrade or scale your instance when a capacity metric value exceeds 60% - 70% for a long period of time
 * (for example, 30 minutes)", and with one unit "when a capacity metric value exceeds 40% for a long period", to keep
 * room for guest OS updates (api-management-capacity, above). Severity 3 as AMBA's Capacity alert
 * (services/ApiManagement/service/alerts.yaml); evaluated every 5 minutes over 30 (AMBA's PT30M/PT5M pair, used for
 * Front Door's ByteHitRatio). Classic tiers split by `Location`, as Microsoft advises for multi-region instances
 * ("look at a capacity metric breakdown per location"); `*` selects every location, current and future, as in Azure
 * PowerShell's Add-AzMetricAlertRuleV2 help (example 4, `-ValuesToInclude "*"` on a location dimension).
 */
const capacity = (metricName: string, split: boolean): MetricRule => ({
  metricNamespace: "Microsoft.ApiManagement/service",
  metricName,
  operator: "GreaterThan",
  timeAggregation: "Average",
  severity: 3,
  windowSize: "PT30M",
  evaluationFrequency: "PT5M",
  ...(split ? { dimensions: [{ name: "Location", operator: "Include", values: ["*"] }] } : {}),
});
export const gatewayRules = {
  capacity: capacity("Capacity", true),
  cpu: capacity("CpuPercent_Gateway", false),
  memory: capacity("MemoryPercent_Gateway", false),
} as const;
/** The capacity percent Microsoft advises scaling at: 40 with one unit, else 70 (the top of 60-70). */
export const defaultGatewayCapacityPercent = (units: number) => (units <= 1 ? 40 : 70);

/** The capacity metrics a gateway of this tier emits (none for Consumption). */
export function gatewayCapacityRules(sku: string): { key: string; rule: MetricRule }[] {
  if ((classicGatewayTiers as readonly string[]).includes(sku))
    return [{ key: "capacity", rule: gatewayRules.capacity }];
  if ((v2GatewayTiers as readonly string[]).includes(sku))
    return [
      { key: "cpu", rule: gatewayRules.cpu },
      { key: "memory", rule: gatewayRules.memory },
    ];
  return [];
}

/**
 * PostgreSQL flexible server, from AMBA (services/DBforPostgreSQL/flexibleServers/alerts.yaml); metric names and
 * units: https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-monitoring.
 */
const postgres = (
  metricName: string,
  operator: MetricRule["operator"],
  timeAggregation: MetricRule["timeAggregation"],
  severity: MetricRule["severity"],
  windowSize = "PT5M",
  evaluationFrequency = "PT1M",
): MetricRule => ({
  metricNamespace: "Microsoft.DBforPostgreSQL/flexibleServers",
  metricName,
  operator,
  timeAggregation,
  severity,
  windowSize,
  evaluationFrequency,
});
export const databaseRules = {
  /** `is_db_alive` Maximum below 1 over 15 minutes, every 15, severity 1. */
  alive: postgres("is_db_alive", "LessThan", "Maximum", 1, "PT15M", "PT15M"),
  /** `cpu_percent` Average above 90 over 5 minutes, every minute, severity 2. */
  cpu: postgres("cpu_percent", "GreaterThan", "Average", 2),
  /** `memory_percent` Average above 90, as cpu. */
  memory: postgres("memory_percent", "GreaterThan", "Average", 2),
  /** `storage_percent` Average above 90, as cpu. */
  storage: postgres("storage_percent", "GreaterThan", "Average", 2),
} as const;
export const databaseDefaults = { cpuPercent: 90, memoryPercent: 90, storagePercent: 90 };

/**
 * Front Door Standard/Premium (Microsoft.Cdn/profiles), from AMBA (services/Cdn/profiles/alerts.yaml): origin health
 * below 95 % (Average, 15 minutes every 5, severity 2) and 5XX responses above 10 % (Average, 5 minutes every 5,
 * severity 2). AMBA's TotalLatency (above 100 ms), ByteHitRatio and RequestCount alerts are left out: model answers
 * take seconds, the route does not cache, and a request count is traffic, not health.
 */
export const frontDoorRules = {
  originHealth: {
    metricNamespace: "Microsoft.Cdn/profiles",
    metricName: "OriginHealthPercentage",
    operator: "LessThan",
    timeAggregation: "Average",
    severity: 2,
    windowSize: "PT15M",
    evaluationFrequency: "PT5M",
  },
  errors: {
    metricNamespace: "Microsoft.Cdn/profiles",
    metricName: "Percentage5XX",
    operator: "GreaterThan",
    timeAggregation: "Average",
    severity: 2,
    windowSize: "PT5M",
    evaluationFrequency: "PT5M",
  },
} as const satisfies Record<string, MetricRule>;
export const frontDoorDefaults = { originHealthPercent: 95, percent5xx: 10 };

/**
 * Runbook jobs that did not complete: the Automation account's `TotalJob` metric (Count, Total) by `Status`
 * (https://learn.microsoft.com/azure/automation/automation-alert-metric). The values are the job statuses of
 * https://learn.microsoft.com/azure/automation/automation-runbook-execution#job-statuses that end a job without
 * completing it. AMBA's curated rule excludes `Completed` instead (which also counts running and queued jobs), severity
 * 2, 5 minutes every minute (services/Automation/automationAccounts/alerts.yaml).
 */
export const runbookJobRule: MetricRule = {
  metricNamespace: "Microsoft.Automation/automationAccounts",
  metricName: "TotalJob",
  operator: "GreaterThan",
  timeAggregation: "Total",
  severity: 2,
  windowSize: "PT5M",
  evaluationFrequency: "PT1M",
  dimensions: [{ name: "Status", operator: "Include", values: ["Failed", "Suspended", "Stopped"] }],
};
