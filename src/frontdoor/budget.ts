/**
 * How long Front Door takes to notice a dead origin and to send traffic back to it, from the origin
 * group's health-probe and load-balancing settings.
 *
 * Every edge location (POP) probes each origin on its own and keeps the last `sampleSize` results; an origin
 * is healthy while at least `successfulSamplesRequired` of them succeeded (only HTTP 200 counts). So it turns
 * unhealthy after `sampleSize - successfulSamplesRequired + 1` failed probes in a row, and healthy again after
 * `successfulSamplesRequired` good ones. https://learn.microsoft.com/azure/frontdoor/health-probes
 *
 * An estimate, per edge location: POPs flip at slightly different times, add the probe timeout to the last
 * probe, and POPs without real traffic probe less often than configured.
 */
export interface FrontDoorProbeSettings {
  probeIntervalSeconds: number;
  sampleSize: number;
  successfulSamplesRequired: number;
}

export interface FrontDoorFailoverBudget {
  /** Failed probes in a row before an origin is taken out. */
  readonly failedProbesToDetect: number;
  /** Seconds from an origin's failure to Front Door routing around it (per edge location, estimated). */
  readonly detectSeconds: number;
  /** Good probes in a row before a recovered origin gets traffic again. */
  readonly successfulProbesToRestore: number;
  /** Seconds from an origin's recovery to traffic returning to it (estimated). */
  readonly restoreSeconds: number;
  /** The arithmetic in words, for reports. */
  readonly explanation: string;
}

export function frontDoorFailoverBudget(settings: FrontDoorProbeSettings): FrontDoorFailoverBudget {
  const { probeIntervalSeconds: interval, sampleSize: n, successfulSamplesRequired: x } = settings;
  const failed = n - x + 1;
  return {
    failedProbesToDetect: failed,
    detectSeconds: failed * interval,
    successfulProbesToRestore: x,
    restoreSeconds: x * interval,
    explanation:
      `an origin is out after ${failed} failed probe${failed === 1 ? "" : "s"} in a row ` +
      `(sample size ${n} - ${x} successful required + 1) x ${interval} s = ${failed * interval} s; ` +
      `back in after ${x} good probe${x === 1 ? "" : "s"} x ${interval} s = ${x * interval} s (estimate, per edge location)`,
  };
}
