import { ResilienceCheck, at } from "../model";
import { gatewayServices, poolMembers } from "./service-backends";

/** Every pool member trips on 429 and honours Retry-After, so an overloaded deployment gets time to recover. */
export const gatewayBackendRequireCircuitBreaker: ResilienceCheck = {
  name: "gateway-backend-require-circuit-breaker",
  area: "gateway",
  description: "Every backend-pool member has a circuit breaker that trips on 429 and honours Retry-After.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Give each backend circuitBreaker.rules[0] with statusCodeRanges including 429 (and 500-599), a tripDuration, and acceptRetryAfter: true.",
  libraryRemediation:
    "AiGateway gives every pool member a breaker that trips on 429 and 5xx; keep `circuitBreaker.acceptRetryAfter` true (the default).",
  sources: ["https://learn.microsoft.com/azure/api-management/backends"],
  resourceTypes: ["azure-native:apimanagement:Backend"],
  validateStack(resources, _config, report) {
    for (const { pools, singles } of gatewayServices(resources)) {
      for (const pool of pools) {
        for (const member of poolMembers(pool, singles, resources)) {
          const rule = ((at(member.props, "circuitBreaker.rules") as Record<string, unknown>[] | undefined) ??
            [])[0];
          if (!rule) {
            report(
              `backend ${member.name} in pool ${pool.name} has no circuit breaker: traffic keeps flowing to it while it answers 429.`,
              member.urn,
            );
            continue;
          }
          const ranges =
            (at(rule, "failureCondition.statusCodeRanges") as { min?: number; max?: number }[] | undefined) ??
            [];
          if (!ranges.some((r) => (r.min ?? 0) <= 429 && (r.max ?? 0) >= 429)) {
            report(
              `backend ${member.name}'s circuit breaker does not trip on 429 (token overload).`,
              member.urn,
            );
          }
          if (rule.acceptRetryAfter !== true) {
            report(
              `backend ${member.name}'s circuit breaker ignores Retry-After: it may send traffic back before the quota resets.`,
              member.urn,
            );
          }
        }
      }
    }
  },
};
