import type { ResilienceCheck } from "../model";
import { frontdoorEndpointRequireWafPrevention } from "./endpoint-require-waf-prevention";
import { frontdoorFailoverBudgetWithinObjective } from "./failover-budget-within-objective";
import { frontdoorOriginGroupRequireHealthProbe } from "./origin-group-require-health-probe";
import { frontdoorOriginGroupRequireTwoRegions } from "./origin-group-require-two-regions";
import { frontdoorProfileRequireStandardPremium } from "./profile-require-standard-premium";
import { frontdoorRouteRequireHttpsRedirect } from "./route-require-https-redirect";

/** The frontdoor checks, in the order the pack lists them. */
export const frontdoorChecks: readonly ResilienceCheck[] = [
  frontdoorProfileRequireStandardPremium,
  frontdoorOriginGroupRequireHealthProbe,
  frontdoorOriginGroupRequireTwoRegions,
  frontdoorRouteRequireHttpsRedirect,
  frontdoorEndpointRequireWafPrevention,
  frontdoorFailoverBudgetWithinObjective,
];
