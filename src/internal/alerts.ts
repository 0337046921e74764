import * as pulumi from "@pulumi/pulumi";
import * as monitor from "@pulumi/azure-native/monitor";
import type * as inputs from "@pulumi/azure-native/types/input";
import { fail, show } from "../errors";

const actionGroupIdPattern =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/microsoft\.insights\/actionGroups\/[^/]+$/i;

/** Fails on any string of `ids` that is not an action group's ARM id (Outputs pass: they are known at deploy). */
export function checkActionGroupIds(argument: string, ids: readonly unknown[]): void {
  ids.forEach((id, i) => {
    if (typeof id === "string" && !actionGroupIdPattern.test(id)) {
      fail(
        `${argument}[${i}]`,
        `${argument}[${i}] must be the ARM id of an action group (/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Insights/actionGroups/<name>), but got ${show(id)}.`,
      );
    }
  });
}

/** What differs between the platform's metric alerts; the rest is {@link staticMetricAlert}'s. */
export interface StaticMetricAlertArgs {
  resourceGroupName: pulumi.Input<string>;
  /** The one resource the rule watches. */
  scope: pulumi.Input<string>;
  severity: number;
  evaluationFrequency: string;
  windowSize: string;
  description: string;
  /** The static-threshold criterion, without its `criterionType`. */
  criterion: Omit<inputs.monitor.MetricCriteriaArgs, "criterionType">;
  actionGroupIds: pulumi.Input<string>[];
  tags: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * A single-resource metric alert with one static threshold, enabled and stateful: it fires once, then resolves when
 * the condition is no longer met, instead of firing on every evaluation
 * (https://learn.microsoft.com/azure/azure-monitor/alerts/alerts-create-metric-alert-rule).
 */
export function staticMetricAlert(
  name: string,
  args: StaticMetricAlertArgs,
  opts: pulumi.CustomResourceOptions,
): monitor.MetricAlert {
  return new monitor.MetricAlert(
    name,
    {
      resourceGroupName: args.resourceGroupName,
      location: "global",
      scopes: [args.scope],
      severity: args.severity,
      enabled: true,
      evaluationFrequency: args.evaluationFrequency,
      windowSize: args.windowSize,
      autoMitigate: true,
      description: args.description,
      criteria: {
        odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
        allOf: [{ criterionType: "StaticThresholdCriterion", ...args.criterion }],
      },
      actions: args.actionGroupIds.map((actionGroupId) => ({ actionGroupId })),
      tags: args.tags,
    },
    opts,
  );
}
