import { lookupRegion } from "../../regions/catalog";
import {
  CheckedResource,
  ResilienceCheck,
  at,
  dependenciesOf,
  is,
  isTierOne,
  locationOf,
  ofType,
  referenced,
} from "../model";

type Clause = { field?: string; equals?: string; containsAny?: string[]; anyOf?: Clause[] };

/** A Service Health alert that covers every region where tier-1 resources live and reaches a runbook. */
export const automationServiceHealthCoversTier1Regions: ResilienceCheck = {
  name: "automation-service-health-covers-tier1-regions",
  area: "automation",
  description:
    "Every region with tier-1 resources is covered by an enabled Service Health alert whose enabled action group starts a runbook.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Add an activity-log alert (category ServiceHealth, impacted region = the region's display name) with an action group holding an Automation runbook receiver. Resources on the standby side are exempt when they, or their resource group, carry the tag failover-role: standby (or drill): the groups the library's components create do.",
  libraryRemediation:
    "FailoverAutomation creates this alert for regions.primary, with a runbook receiver: give tier-1 resources of another region a FailoverAutomation of their own (or tag the standby side failover-role: standby); WarmStandbyAiPlatform creates one unless automation: false.",
  sources: [
    "https://learn.microsoft.com/azure/service-health/alerts-activity-log-service-notifications-portal",
    "https://learn.microsoft.com/azure/azure-monitor/alerts/action-groups",
    "https://azure.github.io/Azure-Proactive-Resiliency-Library-v2/azure-resources/Insights/activityLogAlerts/",
  ],
  resourceTypes: ["azure-native:monitor:ActivityLogAlert", "azure-native:monitor:ActionGroup"],
  validateStack(resources, _config, report) {
    // A resource on the standby side (tagged failover-role: standby or drill, itself or through its resource
    // group) is where a failover goes, not what it starts from: it calls for no alert of its own. A region is
    // exempt only through its resources, so one tagged group cannot hide the primaries beside it.
    const role = (r: CheckedResource | undefined) =>
      String(((r?.props.tags ?? {}) as Record<string, unknown>)["failover-role"] ?? "");
    const standbyGroups = new Set(
      ofType(resources, "azure-native:resources:ResourceGroup")
        .filter((g) => role(g) === "standby" || role(g) === "drill")
        .map((g) => String(g.props.name ?? g.props.resourceGroupName ?? "").toLowerCase()),
    );
    const onStandbySide = (r: CheckedResource) =>
      role(r) === "standby" ||
      role(r) === "drill" ||
      (r.type !== "azure-native:resources:ResourceGroup" &&
        standbyGroups.has(String(r.props.resourceGroupName ?? "").toLowerCase()));
    const regions = new Set(
      resources
        .filter((r) => isTierOne(r) && !onStandbySide(r))
        .map(locationOf)
        .filter((l): l is string => l !== undefined && l !== "global"),
    );
    if (regions.size === 0) return;
    const groups = ofType(resources, "azure-native:monitor:ActionGroup");
    const startsRunbook = (group: CheckedResource | undefined) =>
      group !== undefined &&
      group.props.enabled !== false &&
      ((group.props.automationRunbookReceivers as unknown[] | undefined) ?? []).length > 0;
    const alerts = ofType(resources, "azure-native:monitor:ActivityLogAlert").filter((alert) => {
      const allOf = (at(alert.props, "condition.allOf") as Clause[] | undefined) ?? [];
      const serviceHealth = allOf.some((c) => is(c.field, "category") && is(c.equals, "ServiceHealth"));
      const actions = (
        (at(alert.props, "actions.actionGroups") as { actionGroupId?: string }[] | undefined) ?? []
      ).map((a) => referenced(resources, a.actionGroupId, ["azure-native:monitor:ActionGroup"]));
      const reaches =
        actions.some(startsRunbook) ||
        dependenciesOf(resources, alert, "azure-native:monitor:ActionGroup").some(startsRunbook);
      return alert.props.enabled !== false && serviceHealth && reaches && groups.length > 0;
    });
    for (const region of regions) {
      const display = lookupRegion(region)?.displayName ?? region;
      const covered = alerts.some((alert) => {
        const allOf = (at(alert.props, "condition.allOf") as Clause[] | undefined) ?? [];
        const regionClause = allOf.find((c) =>
          is(c.field, "properties.impactedServices[*].ImpactedRegions[*].RegionName"),
        );
        // Region names are matched as Azure Monitor matches them: case-insensitively.
        return (
          !regionClause ||
          (regionClause.containsAny ?? [regionClause.equals]).some((name) => is(name, display, region))
        );
      });
      if (!covered)
        report(
          `tier-1 resources run in ${display}, but no enabled Service Health alert for it starts a failover runbook.`,
        );
    }
  },
};
