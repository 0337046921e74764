import type { ResilienceCheck } from "../model";

/** The compute checks, in the order the pack lists them. */
export const computeChecks: readonly ResilienceCheck[] = [];
