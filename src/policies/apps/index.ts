import type { ResilienceCheck } from "../model";

/** The apps checks, in the order the pack lists them. */
export const appsChecks: readonly ResilienceCheck[] = [];
