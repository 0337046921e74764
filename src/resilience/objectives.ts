import { fail, show } from "../errors";

/**
 * Recovery objectives from the failover budget, in the ISO 8601 durations Azure Resiliency's goal template
 * takes (`regionalRecoveryTimeObjective` / `regionalRecoveryPointObjective`: "eg, PT15M for 15 minutes",
 * https://github.com/Azure/azure-rest-api-specs/blob/main/specification/azureresiliencemanagement/resource-manager/Microsoft.AzureResilienceManagement/AzureResilienceManagement/models/goals/goalTemplate.tsp).
 * Pure: no Pulumi, no Azure.
 */

/** The failover budget's numbers a recovery objective needs. */
export interface FailoverBudgetFigures {
  /**
   * Seconds until Front Door routes around a dead region: `FrontDoorFailover.failoverBudget.detectSeconds`
   * (the plan's "Front Door detects a dead region" stage).
   */
  frontDoorDetectSeconds: number;
  /**
   * Seconds from a confirmed incident to the failover runbook running, when a runbook fails over (the plan's
   * "Service Health incident starts the failover runbook" stage counts ~300 s, not an SLA).
   * @default - no runbook: Front Door's detection is the whole failover
   */
  runbookStartSeconds?: number;
  /**
   * Minutes the runbook's slowest step takes (Site Recovery failing the VMs over: the plan's budget says only
   * "minutes per boot group", so take it from a drill). Required with `runbookStartSeconds`.
   */
  runbookMinutes?: number;
  /**
   * Minutes between the recovery points a failover can use: Site Recovery's crash-consistent frequency
   * (`replicationPolicy.crashConsistentFrequencyMinutes`, 5 by default). This is the recovery point objective.
   * @default - no recovery point objective (nothing stateful is replicated)
   */
  recoveryPointIntervalMinutes?: number;
}

/** Recovery objectives in whole minutes, ready for `ResilienceGoals`. */
export interface RecoveryObjectives {
  readonly recoveryTimeObjectiveMinutes: number;
  readonly recoveryPointObjectiveMinutes?: number;
  /** The arithmetic in words, for reports. */
  readonly explanation: string;
}

const nonNegative = (argument: string, value: unknown): number => {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    fail(argument, `${argument} must be a number of 0 or more, but got ${show(value)}.`);
  }
  return value;
};

/**
 * The recovery time and point objectives a failover budget supports. Front Door's detection and the runbook
 * run side by side (the runbook starts the slowest step first), so the time objective is the longer of the
 * two paths, rounded up to whole minutes (at least 1). The point objective is the recovery-point interval.
 */
export function recoveryObjectives(figures: FailoverBudgetFigures): RecoveryObjectives {
  const detect = nonNegative("frontDoorDetectSeconds", figures.frontDoorDetectSeconds);
  const paths = [{ seconds: detect, words: `Front Door detection ${detect} s` }];
  if (figures.runbookStartSeconds !== undefined || figures.runbookMinutes !== undefined) {
    if (figures.runbookStartSeconds === undefined || figures.runbookMinutes === undefined) {
      fail(
        figures.runbookMinutes === undefined ? "runbookMinutes" : "runbookStartSeconds",
        `runbookStartSeconds and runbookMinutes go together (the runbook path is its start plus its slowest step), ` +
          `but got runbookStartSeconds ${show(figures.runbookStartSeconds)} and runbookMinutes ${show(figures.runbookMinutes)}.`,
      );
    }
    const start = nonNegative("runbookStartSeconds", figures.runbookStartSeconds);
    const run = nonNegative("runbookMinutes", figures.runbookMinutes);
    paths.push({ seconds: start + run * 60, words: `runbook start ${start} s + slowest step ${run} min` });
  }
  const longest = paths.reduce((a, b) => (b.seconds > a.seconds ? b : a));
  const rto = Math.max(1, Math.ceil(longest.seconds / 60));
  let rpo: number | undefined;
  if (figures.recoveryPointIntervalMinutes !== undefined) {
    rpo = Math.max(
      1,
      Math.ceil(nonNegative("recoveryPointIntervalMinutes", figures.recoveryPointIntervalMinutes)),
    );
  }
  return {
    recoveryTimeObjectiveMinutes: rto,
    ...(rpo === undefined ? {} : { recoveryPointObjectiveMinutes: rpo }),
    explanation:
      `RTO ${rto} min: the longest of ${paths.map((p) => p.words).join(" and ")}, rounded up to whole minutes` +
      (rpo === undefined ? "; no RPO (nothing replicated)" : `; RPO ${rpo} min: one recovery-point interval`),
  };
}

/**
 * Whole minutes as an ISO 8601 duration: `PT15M`, or `PT1H` / `PT4H` / `PT24H` for whole hours, the forms
 * Azure Resiliency's own `IsoDuration` values use
 * (https://github.com/Azure/azure-rest-api-specs/blob/main/specification/azureresiliencemanagement/resource-manager/Microsoft.AzureResilienceManagement/AzureResilienceManagement/models/common/common.tsp).
 */
export function isoMinutes(minutes: number): string {
  if (!Number.isInteger(minutes) || minutes < 1) {
    throw new RangeError(`isoMinutes takes a whole number of minutes from 1, but got ${show(minutes)}`);
  }
  return minutes % 60 === 0 ? `PT${minutes / 60}H` : `PT${minutes}M`;
}
