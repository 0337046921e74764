import type { ResilienceCheck } from "../model";
import { modelsAccountDisableLocalAuth } from "./account-disable-local-auth";
import { modelsAccountRequireCustomSubdomain } from "./account-require-custom-subdomain";
import { modelsAccountRequireManagedIdentity } from "./account-require-managed-identity";
import { modelsAccountRestrictOutboundAccess } from "./account-restrict-outbound-access";
import { modelsAccountRestrictPublicAccess } from "./account-restrict-public-access";
import { modelsAccountUseCustomerManagedKey } from "./account-use-customer-managed-key";
import { modelsDeploymentAvoidDeveloperTier } from "./deployment-avoid-developer-tier";
import { modelsDeploymentDisallowNoAutoUpgrade } from "./deployment-disallow-no-auto-upgrade";
import { modelsDeploymentPinModelVersion } from "./deployment-pin-model-version";
import { modelsDeploymentRequireContentFilter } from "./deployment-require-content-filter";
import { modelsDeploymentRequireTwoRegions } from "./deployment-require-two-regions";
import { modelsDeploymentStandbyCapacity } from "./deployment-standby-capacity";

/** The models checks, in the order the pack lists them. */
export const modelsChecks: readonly ResilienceCheck[] = [
  modelsAccountDisableLocalAuth,
  modelsAccountRestrictPublicAccess,
  modelsAccountRequireCustomSubdomain,
  modelsDeploymentRequireTwoRegions,
  modelsDeploymentStandbyCapacity,
  modelsAccountRequireManagedIdentity,
  modelsAccountRestrictOutboundAccess,
  modelsAccountUseCustomerManagedKey,
  modelsDeploymentRequireContentFilter,
  modelsDeploymentDisallowNoAutoUpgrade,
  modelsDeploymentPinModelVersion,
  modelsDeploymentAvoidDeveloperTier,
];
