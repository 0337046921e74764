import type { ResilienceCheck } from "../model";
import { automationServiceHealthCoversTier1Regions } from "./service-health-covers-tier1-regions";

/** The automation checks, in the order the pack lists them. */
export const automationChecks: readonly ResilienceCheck[] = [automationServiceHealthCoversTier1Regions];
