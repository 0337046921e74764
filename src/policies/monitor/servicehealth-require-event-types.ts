import { ResilienceCheck, is } from "../model";
import { Clause, clauses, hasAlerting, workingAlerts } from "./helpers";

const field = "properties.incidentType";

/** The Service Health event types (properties.incidentType) an alert listens to; undefined means all of them. */
function eventTypes(allOf: Clause[]): string[] | undefined {
  const direct = allOf.find((c) => is(c.field, field));
  if (direct) return direct.containsAny ?? (direct.equals ? [direct.equals] : undefined);
  const anyOf = allOf.find((c) => (c.anyOf ?? []).some((leaf) => is(leaf.field, field)));
  if (anyOf)
    return (anyOf.anyOf ?? [])
      .filter((leaf) => is(leaf.field, field))
      .flatMap((leaf) => leaf.containsAny ?? (leaf.equals ? [leaf.equals] : []));
  return undefined;
}

/**
 * A stack that sets up alerting has Service Health alerts, enabled and calling an action group, for service issues,
 * planned maintenance, security advisories and health advisories that need action.
 */
export const monitorServicehealthRequireEventTypes: ResilienceCheck = {
  name: "monitor-servicehealth-require-event-types",
  area: "monitor",
  description:
    "Enabled Service Health alerts with an action group cover the event types Incident, Maintenance, Security and ActionRequired (when the stack declares alerting at all).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    'Add activity log alerts (location "Global", scopes: [subscription id]) with condition.allOf [{ field: "category", equals: "ServiceHealth" }, { field: "properties.incidentType", equals: <type> }] for each missing type, or one alert without an incidentType clause, calling an action group that reaches people.',
  libraryRemediation:
    "FailoverAutomation's Service Health alert listens to incidents only (the events that start a failover); add activity log alerts for Maintenance, Security and ActionRequired calling its notificationActionGroupId (set alertEmails).",
  sources: [
    "https://azure.github.io/Azure-Proactive-Resiliency-Library-v2/azure-resources/Insights/activityLogAlerts/",
    "https://learn.microsoft.com/azure/service-health/service-health-notifications-properties",
    "https://github.com/Azure/azure-monitor-baseline-alerts/blob/main/services/Resources/subscriptions/Deploy-ActivityLog-ServiceHealth-Incident.json",
  ],
  config: {
    eventTypes: {
      type: "array",
      default: ["Incident", "Maintenance", "Security", "ActionRequired"],
      description:
        "Service Health event types (properties.incidentType) that must each reach an action group.",
    },
  },
  resourceTypes: ["azure-native:monitor:ActivityLogAlert", "azure-native:monitor:ActionGroup"],
  validateStack(resources, config, report) {
    if (!hasAlerting(resources)) return;
    const required = Array.isArray(config.eventTypes)
      ? (config.eventTypes as string[])
      : ["Incident", "Maintenance", "Security", "ActionRequired"];
    const covered = new Set<string>();
    for (const alert of workingAlerts(resources, "ServiceHealth")) {
      const types = eventTypes(clauses(alert));
      for (const t of types ?? required) covered.add(t.toLowerCase());
    }
    const missing = required.filter((t) => !covered.has(t.toLowerCase()));
    if (missing.length > 0)
      report(
        `no enabled Service Health alert with an action group covers ${missing.join(", ")}: those Azure notices about your subscription reach nobody.`,
      );
  },
};
