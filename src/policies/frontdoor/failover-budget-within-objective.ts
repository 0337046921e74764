import { frontDoorFailoverBudget } from "../../frontdoor/budget";
import { ResilienceCheck, at, num } from "../model";

/** The estimated time for Front Door to route around a dead origin is within the objective. */
export const frontdoorFailoverBudgetWithinObjective: ResilienceCheck = {
  name: "frontdoor-failover-budget-within-objective",
  area: "frontdoor",
  description:
    "Front Door's estimated time to detect a dead origin, (sampleSize - successfulSamplesRequired + 1) x probe interval, is within the objective.",
  severity: "medium",
  enforcementLevel: "mandatory",
  remediation:
    "Probe more often (probeIntervalInSeconds) or need fewer failed samples (raise successfulSamplesRequired or lower sampleSize).",
  config: {
    maximumDetectionSeconds: {
      type: "number",
      default: 60,
      description: "Objective for detecting a dead origin, seconds.",
    },
  },
  resourceTypes: ["azure-native:cdn:AFDOriginGroup"],
  validateResource(resource, config, report) {
    const interval = at(resource.props, "healthProbeSettings.probeIntervalInSeconds");
    const n = at(resource.props, "loadBalancingSettings.sampleSize");
    const x = at(resource.props, "loadBalancingSettings.successfulSamplesRequired");
    if (typeof interval !== "number" || typeof n !== "number" || typeof x !== "number") return;
    const budget = frontDoorFailoverBudget({
      probeIntervalSeconds: interval,
      sampleSize: n,
      successfulSamplesRequired: x,
    });
    const objective = num(config, "maximumDetectionSeconds", 60);
    if (budget.detectSeconds > objective) {
      report(
        `detecting a dead origin takes ~${budget.detectSeconds} s (${budget.explanation}), over the ${objective} s objective.`,
      );
    }
  },
};
