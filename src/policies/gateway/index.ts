import type { ResilienceCheck } from "../model";
import { gatewayBackendRequireCircuitBreaker } from "./backend-require-circuit-breaker";
import { gatewayBackendsRequirePool } from "./backends-require-pool";
import { gatewayRequireTokenLimit } from "./require-token-limit";
import { gatewayRetryRequireExponentialBackoff } from "./retry-require-exponential-backoff";

/** The gateway checks, in the order the pack lists them. */
export const gatewayChecks: readonly ResilienceCheck[] = [
  gatewayBackendsRequirePool,
  gatewayBackendRequireCircuitBreaker,
  gatewayRetryRequireExponentialBackoff,
  gatewayRequireTokenLimit,
];
