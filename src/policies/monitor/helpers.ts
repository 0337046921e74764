import { CheckedResource, at, is, ofType } from "../model";

/** Shared readers for the monitor checks (not a check). */

/** The receiver lists of an action group (azure-native monitor.ActionGroup inputs). */
export const receiverKinds = [
  "emailReceivers",
  "smsReceivers",
  "voiceReceivers",
  "azureAppPushReceivers",
  "webhookReceivers",
  "automationRunbookReceivers",
  "azureFunctionReceivers",
  "logicAppReceivers",
  "eventHubReceivers",
  "itsmReceivers",
  "armRoleReceivers",
  "incidentReceivers",
] as const;

/** How many receivers an action group notifies or starts. */
export const receiverCount = (group: CheckedResource) =>
  receiverKinds.reduce((n, kind) => {
    const list = group.props[kind];
    return n + (Array.isArray(list) ? list.length : 0);
  }, 0);

export type Clause = { field?: string; equals?: string; containsAny?: string[]; anyOf?: Clause[] };

/** The top-level `condition.allOf` clauses of an activity log alert. */
export const clauses = (alert: CheckedResource) =>
  (at(alert.props, "condition.allOf") as Clause[] | undefined) ?? [];

/** The activity log category an alert listens to (`ServiceHealth`, `ResourceHealth`, `Administrative`...). */
export const categoryOf = (alert: CheckedResource) =>
  clauses(alert).find((c) => is(c.field, "category"))?.equals;

/** Action group ids an activity log alert calls. */
export const actionGroupIds = (alert: CheckedResource) =>
  ((at(alert.props, "actions.actionGroups") as { actionGroupId?: unknown }[] | undefined) ?? []).filter(
    (a) => a && a.actionGroupId !== undefined && a.actionGroupId !== "",
  );

/** Enabled activity log alerts of a category that call at least one action group. */
export const workingAlerts = (resources: readonly CheckedResource[], category: string) =>
  ofType(resources, "azure-native:monitor:ActivityLogAlert").filter(
    (a) => a.props.enabled !== false && is(categoryOf(a), category) && actionGroupIds(a).length > 0,
  );

/** Whether the stack sets up alerting at all: it declares an action group or an activity log alert. */
export const hasAlerting = (resources: readonly CheckedResource[]) =>
  resources.some(
    (r) =>
      r.type === "azure-native:monitor:ActionGroup" || r.type === "azure-native:monitor:ActivityLogAlert",
  );

/**
 * Metric names of the enabled metric alerts that watch `target`: scoped to its id, or (when ids are not known yet)
 * depending on it. Lower-case, as ARM compares metric names.
 */
export function alertedMetrics(resources: readonly CheckedResource[], target: CheckedResource): Set<string> {
  const index = metricAlertIndex(resources);
  const id = typeof target.props.id === "string" ? target.props.id.toLowerCase() : undefined;
  return new Set([...(index.get(`urn:${target.urn}`) ?? []), ...(id ? (index.get(`id:${id}`) ?? []) : [])]);
}

/**
 * The metric names enabled metric alerts watch, by what they watch (`id:<scope, lower-case>` and `urn:<dependency>`),
 * built once per stack: a check asking for every firewall or gateway then costs what the stack's alerts cost.
 */
const metricAlertIndexes = new WeakMap<readonly CheckedResource[], Map<string, Set<string>>>();
function metricAlertIndex(resources: readonly CheckedResource[]): Map<string, Set<string>> {
  let index = metricAlertIndexes.get(resources);
  if (index) return index;
  index = new Map();
  const add = (key: string, names: string[]) => {
    const set = index!.get(key) ?? new Set<string>();
    names.forEach((n) => set.add(n));
    index!.set(key, set);
  };
  for (const alert of ofType(resources, "azure-native:monitor:MetricAlert")) {
    if (alert.props.enabled === false) continue;
    const names = ((at(alert.props, "criteria.allOf") as { metricName?: unknown }[] | undefined) ?? [])
      .map((c) => c?.metricName)
      .filter((n): n is string => typeof n === "string")
      .map((n) => n.toLowerCase());
    const scopes = Array.isArray(alert.props.scopes) ? (alert.props.scopes as unknown[]) : [];
    for (const scope of scopes) if (typeof scope === "string") add(`id:${scope.toLowerCase()}`, names);
    for (const dependency of alert.dependencies) add(`urn:${dependency}`, names);
  }
  metricAlertIndexes.set(resources, index);
  return index;
}
