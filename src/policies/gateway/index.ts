import type { ResilienceCheck } from "../model";
import { gatewayApiRequireHttps } from "./api-require-https";
import { gatewayBackendRequireCircuitBreaker } from "./backend-require-circuit-breaker";
import { gatewayBackendsRequirePool } from "./backends-require-pool";
import { gatewayNamedValueRequireKeyVault } from "./named-value-require-key-vault";
import { gatewayRequireTokenLimit } from "./require-token-limit";
import { gatewayRetryRequireExponentialBackoff } from "./retry-require-exponential-backoff";
import { gatewayServiceDisableLegacyTls } from "./service-disable-legacy-tls";
import { gatewayServiceRequireCurrentApiVersion } from "./service-require-current-api-version";
import { gatewayServiceRequireManagedIdentity } from "./service-require-managed-identity";
import { gatewayServiceRequireVirtualNetwork } from "./service-require-virtual-network";
import { gatewayServiceRequireZoneRedundancy } from "./service-require-zone-redundancy";
import { gatewayServiceZonesMatchCapacity } from "./service-zones-match-capacity";

/** The gateway checks, in the order the pack lists them. */
export const gatewayChecks: readonly ResilienceCheck[] = [
  gatewayBackendsRequirePool,
  gatewayBackendRequireCircuitBreaker,
  gatewayRetryRequireExponentialBackoff,
  gatewayRequireTokenLimit,
  gatewayServiceZonesMatchCapacity,
  gatewayServiceRequireZoneRedundancy,
  gatewayServiceDisableLegacyTls,
  gatewayServiceRequireManagedIdentity,
  gatewayServiceRequireVirtualNetwork,
  gatewayServiceRequireCurrentApiVersion,
  gatewayNamedValueRequireKeyVault,
  gatewayApiRequireHttps,
];
