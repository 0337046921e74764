import { frontDoorFailoverBudget } from "../../frontdoor/budget";
import { ResilienceCheck, at, num } from "../model";
import { frontDoorSources, isEnabled, originsByGroup } from "./helpers";

/**
 * The estimated time for Front Door to route around a dead origin is within the objective: an origin is taken out
 * after (sampleSize - successfulSamplesRequired + 1) failed probes, "the last n health probe responses. If at least
 * x are healthy, the origin is considered healthy" (https://learn.microsoft.com/azure/frontdoor/health-probes).
 * Only groups with two or more enabled origins fail over; a single origin has nowhere to go.
 */
export const frontdoorFailoverBudgetWithinObjective: ResilienceCheck = {
  name: "frontdoor-failover-budget-within-objective",
  area: "frontdoor",
  description:
    "In origin groups with two or more enabled origins, Front Door's estimated time to detect a dead origin, (sampleSize - successfulSamplesRequired + 1) x probe interval, is within the objective.",
  severity: "medium",
  enforcementLevel: "mandatory",
  remediation:
    "Probe more often (healthProbeSettings.probeIntervalInSeconds) or need fewer failed samples (raise loadBalancingSettings.successfulSamplesRequired or lower sampleSize).",
  libraryRemediation:
    "Lower FrontDoorFailover's `probeIntervalSeconds` (default 10), or raise `successfulSamplesRequired` / lower `sampleSize` (defaults 2 of 4).",
  sources: [frontDoorSources.healthProbes],
  config: {
    maximumDetectionSeconds: {
      type: "number",
      default: 60,
      description: "Objective for detecting a dead origin, seconds.",
    },
  },
  resourceTypes: ["azure-native:cdn:AFDOriginGroup"],
  validateStack(resources, config, report) {
    const objective = num(config, "maximumDetectionSeconds", 60);
    for (const [group, origins] of originsByGroup(resources)) {
      if (origins.filter((o) => isEnabled(o.props)).length < 2) continue;
      const interval = at(group.props, "healthProbeSettings.probeIntervalInSeconds");
      const n = at(group.props, "loadBalancingSettings.sampleSize");
      const x = at(group.props, "loadBalancingSettings.successfulSamplesRequired");
      if (typeof interval !== "number" || typeof n !== "number" || typeof x !== "number") continue;
      const budget = frontDoorFailoverBudget({
        probeIntervalSeconds: interval,
        sampleSize: n,
        successfulSamplesRequired: x,
      });
      if (budget.detectSeconds > objective) {
        report(
          `detecting a dead origin takes ~${budget.detectSeconds} s (${budget.explanation}), over the ${objective} s objective.`,
          group.urn,
        );
      }
    }
  },
};
