import { frontDoorFailoverBudget } from "../frontdoor/budget";
import { isoDurationSeconds } from "../gateway/policy";
import { apimPolicies, at, findElements, ofType } from "../policies/model";
import type { CheckedResource } from "../policies/model";
import type { Recording } from "../testing/harness";

/** One stage of a failover, with its estimated duration. */
export interface BudgetStage {
  readonly stage: string;
  /** Estimated seconds, or null when only a bound or a qualitative answer exists. */
  readonly seconds: number | null;
  /** The estimate in words (`~30 s`, `minutes`). */
  readonly estimate: string;
  /** Where the number comes from. */
  readonly basis: string;
}

/** The Front Door part of the failover budget, for one origin group. */
export interface OriginGroupBudget {
  originGroup: string;
  /** Estimated seconds to route around a dead origin, or null when the group has no health probe. */
  detectSeconds: number | null;
  restoreSeconds: number | null;
  explanation: string;
}

/**
 * The Front Door failover budget of every origin group in a recording, from its recorded probe and
 * load-balancing inputs: works on any stack, not only ours.
 */
export function originGroupBudgets(recording: Recording): OriginGroupBudget[] {
  return recording.ofType("azure-native:cdn:AFDOriginGroup").map((group) => {
    const probe = group.inputs.healthProbeSettings as { probeIntervalInSeconds?: number } | undefined;
    const lb = group.inputs.loadBalancingSettings as
      { sampleSize?: number; successfulSamplesRequired?: number } | undefined;
    if (!probe?.probeIntervalInSeconds || !lb?.sampleSize || !lb.successfulSamplesRequired) {
      return {
        originGroup: group.name,
        detectSeconds: null,
        restoreSeconds: null,
        explanation: "no health probe settings: Front Door cannot tell a dead origin from a live one",
      };
    }
    const budget = frontDoorFailoverBudget({
      probeIntervalSeconds: probe.probeIntervalInSeconds,
      sampleSize: lb.sampleSize,
      successfulSamplesRequired: lb.successfulSamplesRequired,
    });
    return {
      originGroup: group.name,
      detectSeconds: budget.detectSeconds,
      restoreSeconds: budget.restoreSeconds,
      explanation: budget.explanation,
    };
  });
}

/**
 * The failover-time budget of a stack, stage by stage, from its recorded settings: Front Door detection and
 * restore per origin group, the gateway's re-route on 429, alert to runbook start, and the recovery plan.
 */
export function failoverBudget(recording: Recording, resources: readonly CheckedResource[]): BudgetStage[] {
  const stages: BudgetStage[] = [];
  for (const group of originGroupBudgets(recording)) {
    if (group.detectSeconds === null) {
      stages.push({
        stage: `Front Door detects a dead region (${group.originGroup})`,
        seconds: null,
        estimate: "never",
        basis: group.explanation,
      });
      continue;
    }
    stages.push({
      stage: `Front Door detects a dead region (${group.originGroup})`,
      seconds: group.detectSeconds,
      estimate: `~${group.detectSeconds} s`,
      basis: group.explanation,
    });
    stages.push({
      stage: `Front Door returns to a healed region (${group.originGroup})`,
      seconds: group.restoreSeconds,
      estimate: `~${group.restoreSeconds} s`,
      basis: "successful samples required x probe interval",
    });
  }

  const retries = apimPolicies(resources).flatMap((p) => findElements(p.xml, "retry"));
  const breakers = ofType(resources, "azure-native:apimanagement:Backend")
    .map((b) => ((at(b.props, "circuitBreaker.rules") as Record<string, unknown>[] | undefined) ?? [])[0])
    .filter((rule): rule is Record<string, unknown> => rule !== undefined);
  if (retries.length > 0 || breakers.length > 0) {
    const retry = retries[0];
    const fast = retry?.["first-fast-retry"] === "true";
    const breaker = breakers[0];
    const trip = breaker ? isoDurationSeconds(String(breaker.tripDuration ?? "")) : NaN;
    const count = Number(at(breaker, "failureCondition.count") ?? NaN);
    // The pool sends traffic elsewhere only once the breaker has tripped: with count 1 the very next attempt
    // moves on; with more, the attempts before it go back to the same overloaded backend.
    const movesAtOnce = retry !== undefined && count === 1;
    const seconds = !retry ? null : movesAtOnce ? (fast ? 0 : Number(retry.interval ?? 0)) : null;
    stages.push({
      stage: "Gateway moves a request off a backend answering 429",
      seconds,
      estimate: !retry
        ? "never within the request: no retry policy"
        : movesAtOnce
          ? seconds === 0
            ? "~0 s (the first 429 trips the breaker; the retry goes to the next backend at once)"
            : `~${seconds} s`
          : Number.isNaN(count)
            ? "only after the breaker trips"
            : `only after ${count} failures: until then retries return to the same backend`,
      basis:
        (retry
          ? `retry first-fast-retry=${retry["first-fast-retry"] ?? "false"}, interval ${retry.interval} s, max ${retry["max-interval"]} s; `
          : "no retry policy; ") +
        (breaker
          ? `circuit breaker trips after ${String(at(breaker, "failureCondition.count"))} failure(s) in ${String(at(breaker, "failureCondition.interval"))} and keeps the backend out ${Number.isNaN(trip) ? String(breaker.tripDuration) : `${trip} s`}${breaker.acceptRetryAfter ? " (or its Retry-After)" : ""}`
          : "no circuit breaker"),
    });
    const forwards = apimPolicies(resources).flatMap((p) => findElements(p.xml, "forward-request"));
    const timeout = forwards.length > 0 ? Number(forwards[0].timeout ?? 300) : NaN;
    if (retry && !Number.isNaN(timeout)) {
      stages.push({
        stage: "Gateway moves a request off a hung backend",
        seconds: timeout,
        estimate: `~${timeout} s`,
        basis:
          `forward-request timeout ${forwards[0].timeout ?? "300 (API Management's default)"} s, then the next backend; ` +
          "Azure does not document whether a timed-out attempt is retried inside <retry> or ends the request (then the caller gets a 503)",
      });
    }
  }

  const serviceHealth = ofType(resources, "azure-native:monitor:ActivityLogAlert").filter((a) =>
    ((at(a.props, "condition.allOf") as { field?: string; equals?: string }[] | undefined) ?? []).some(
      (c) => c.field === "category" && c.equals === "ServiceHealth",
    ),
  );
  const runbookGroups = ofType(resources, "azure-native:monitor:ActionGroup").filter(
    (g) => ((g.props.automationRunbookReceivers as unknown[] | undefined) ?? []).length > 0,
  );
  if (serviceHealth.length > 0) {
    stages.push({
      stage: "Service Health incident starts the failover runbook",
      seconds: runbookGroups.length > 0 ? 300 : null,
      estimate: runbookGroups.length > 0 ? "~5 min (not an SLA)" : "never: no runbook receiver",
      basis:
        "Service Health posts once Azure confirms an incident; the activity-log alert, action group, webhook and job start then take minutes",
    });
  }
  const plans = ofType(resources, "azure-native:recoveryservices:ReplicationRecoveryPlan");
  for (const plan of plans) {
    const items = (
      (at(plan.props, "properties.groups") as { replicationProtectedItems?: unknown[] }[] | undefined) ?? []
    ).reduce((n, g) => n + (g.replicationProtectedItems?.length ?? 0), 0);
    stages.push({
      stage: `Site Recovery fails over ${plan.name} (${items} VM${items === 1 ? "" : "s"})`,
      seconds: null,
      estimate: "minutes per boot group",
      basis:
        "the runbook starts it first, while standby capacity and Front Door are switched: unplanned failover to the latest processed recovery point (no processing time, low RTO), then commit; bounded by Site Recovery's RTO commitment in the Azure SLA",
    });
  }
  const servers = ofType(resources, "azure-native:dbforpostgresql:Server");
  for (const replica of servers.filter((s) => s.props.createMode === "Replica")) {
    stages.push({
      stage: `PostgreSQL promotes ${replica.name} to primary`,
      seconds: 180,
      estimate: "~1-3 min (forced, typically)",
      basis:
        "the runbook starts it right after Site Recovery and waits for it before Front Door moves traffic; Microsoft's reliability guide puts a forced promotion during a regional outage at typically 1-3 minutes, losing what had not replicated (https://learn.microsoft.com/azure/reliability/reliability-database-postgresql)",
    });
  }
  return stages;
}
