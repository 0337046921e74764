import type { ResilienceCheck } from "../model";
import { appsContainerappDisableInsecureIngress } from "./containerapp-disable-insecure-ingress";
import { appsContainerappRequireHealthProbes } from "./containerapp-require-health-probes";
import { appsContainerappRequireManagedIdentity } from "./containerapp-require-managed-identity";
import { appsContainerappRequireMinReplicas } from "./containerapp-require-min-replicas";
import { appsEnvironmentRequireVnetInjection } from "./environment-require-vnet-injection";
import { appsEnvironmentRequireZoneRedundancy } from "./environment-require-zone-redundancy";
import { appsEnvironmentRestrictPublicAccess } from "./environment-restrict-public-access";
import { appsPlanRequireMultipleInstances } from "./plan-require-multiple-instances";
import { appsPlanRequireProductionTier } from "./plan-require-production-tier";
import { appsPlanRequireZoneRedundancy } from "./plan-require-zone-redundancy";
import { appsWebappDisableBasicAuth } from "./webapp-disable-basic-auth";
import { appsWebappDisableRemoteDebugging } from "./webapp-disable-remote-debugging";
import { appsWebappRequireAlwaysOn } from "./webapp-require-always-on";
import { appsWebappRequireFtpsOnly } from "./webapp-require-ftps-only";
import { appsWebappRequireHealthCheck } from "./webapp-require-health-check";
import { appsWebappRequireHttpsOnly } from "./webapp-require-https-only";
import { appsWebappRequireManagedIdentity } from "./webapp-require-managed-identity";
import { appsWebappRequireTls12 } from "./webapp-require-tls12";
import { appsWebappRestrictPublicAccess } from "./webapp-restrict-public-access";

/** The apps checks, in the order the pack lists them. */
export const appsChecks: readonly ResilienceCheck[] = [
  appsPlanRequireZoneRedundancy,
  appsPlanRequireMultipleInstances,
  appsPlanRequireProductionTier,
  appsWebappRequireHttpsOnly,
  appsWebappRequireTls12,
  appsWebappRequireFtpsOnly,
  appsWebappDisableRemoteDebugging,
  appsWebappDisableBasicAuth,
  appsWebappRequireManagedIdentity,
  appsWebappRestrictPublicAccess,
  appsWebappRequireHealthCheck,
  appsWebappRequireAlwaysOn,
  appsEnvironmentRequireZoneRedundancy,
  appsEnvironmentRequireVnetInjection,
  appsEnvironmentRestrictPublicAccess,
  appsContainerappRequireMinReplicas,
  appsContainerappDisableInsecureIngress,
  appsContainerappRequireManagedIdentity,
  appsContainerappRequireHealthProbes,
];
