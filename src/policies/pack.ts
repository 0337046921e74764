import { automationServiceHealthCoversTier1Regions } from "./automation/service-health-covers-tier1-regions";
import { dataKeyvaultRequirePurgeProtection } from "./data/keyvault-require-purge-protection";
import { dataPostgresqlRequireEntraAuth } from "./data/postgresql-require-entra-auth";
import { dataPostgresqlRequireHaAndGeo } from "./data/postgresql-require-ha-and-geo";
import { dataPostgresqlRestrictPublicAccess } from "./data/postgresql-restrict-public-access";
import { dataPostgresqlTier1RequireGeoReplica } from "./data/postgresql-tier1-require-geo-replica";
import { dataStorageRequireRedundancyAndTls } from "./data/storage-require-redundancy-and-tls";
import { frontdoorEndpointRequireWafPrevention } from "./frontdoor/endpoint-require-waf-prevention";
import { frontdoorFailoverBudgetWithinObjective } from "./frontdoor/failover-budget-within-objective";
import { frontdoorOriginGroupRequireHealthProbe } from "./frontdoor/origin-group-require-health-probe";
import { frontdoorOriginGroupRequireTwoRegions } from "./frontdoor/origin-group-require-two-regions";
import { frontdoorProfileRequireStandardPremium } from "./frontdoor/profile-require-standard-premium";
import { frontdoorRouteRequireHttpsRedirect } from "./frontdoor/route-require-https-redirect";
import { gatewayBackendRequireCircuitBreaker } from "./gateway/backend-require-circuit-breaker";
import { gatewayBackendsRequirePool } from "./gateway/backends-require-pool";
import { gatewayRequireTokenLimit } from "./gateway/require-token-limit";
import { gatewayRetryRequireExponentialBackoff } from "./gateway/retry-require-exponential-backoff";
import type { ResilienceCheck } from "./model";
import { modelsAccountDisableLocalAuth } from "./models/account-disable-local-auth";
import { modelsAccountRequireCustomSubdomain } from "./models/account-require-custom-subdomain";
import { modelsAccountRestrictPublicAccess } from "./models/account-restrict-public-access";
import { modelsDeploymentRequireTwoRegions } from "./models/deployment-require-two-regions";
import { modelsDeploymentStandbyCapacity } from "./models/deployment-standby-capacity";
import { networkFirewallRequireZoneRedundancy } from "./network/firewall-require-zone-redundancy";
import { networkNsgDenyInboundAnyAnyInternet } from "./network/nsg-deny-inbound-any-any-internet";
import { networkNsgRulesMatchStandby } from "./network/nsg-rules-match-standby";
import { recoveryReplicaDiskRequirePremium } from "./recovery/replica-disk-require-premium";
import { recoveryTier1VmRequireReplication } from "./recovery/tier1-vm-require-replication";
import { recoveryVaultNotInSourceRegion } from "./recovery/vault-not-in-source-region";

/** Every resilience check of the pack, by area. */
export const resilienceChecks: readonly ResilienceCheck[] = [
  frontdoorProfileRequireStandardPremium,
  frontdoorOriginGroupRequireHealthProbe,
  frontdoorOriginGroupRequireTwoRegions,
  frontdoorRouteRequireHttpsRedirect,
  frontdoorEndpointRequireWafPrevention,
  frontdoorFailoverBudgetWithinObjective,
  modelsAccountDisableLocalAuth,
  modelsAccountRestrictPublicAccess,
  modelsAccountRequireCustomSubdomain,
  modelsDeploymentRequireTwoRegions,
  modelsDeploymentStandbyCapacity,
  gatewayBackendsRequirePool,
  gatewayBackendRequireCircuitBreaker,
  gatewayRetryRequireExponentialBackoff,
  gatewayRequireTokenLimit,
  networkNsgRulesMatchStandby,
  networkNsgDenyInboundAnyAnyInternet,
  networkFirewallRequireZoneRedundancy,
  recoveryTier1VmRequireReplication,
  recoveryReplicaDiskRequirePremium,
  recoveryVaultNotInSourceRegion,
  automationServiceHealthCoversTier1Regions,
  dataPostgresqlRequireHaAndGeo,
  dataPostgresqlTier1RequireGeoReplica,
  dataPostgresqlRestrictPublicAccess,
  dataPostgresqlRequireEntraAuth,
  dataKeyvaultRequirePurgeProtection,
  dataStorageRequireRedundancyAndTls,
];
