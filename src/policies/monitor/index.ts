import type { ResilienceCheck } from "../model";

/** The monitor checks, in the order the pack lists them. */
export const monitorChecks: readonly ResilienceCheck[] = [];
