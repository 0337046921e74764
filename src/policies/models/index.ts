import type { ResilienceCheck } from "../model";
import { modelsAccountDisableLocalAuth } from "./account-disable-local-auth";
import { modelsAccountRequireCustomSubdomain } from "./account-require-custom-subdomain";
import { modelsAccountRestrictPublicAccess } from "./account-restrict-public-access";
import { modelsDeploymentRequireTwoRegions } from "./deployment-require-two-regions";
import { modelsDeploymentStandbyCapacity } from "./deployment-standby-capacity";

/** The models checks, in the order the pack lists them. */
export const modelsChecks: readonly ResilienceCheck[] = [
  modelsAccountDisableLocalAuth,
  modelsAccountRestrictPublicAccess,
  modelsAccountRequireCustomSubdomain,
  modelsDeploymentRequireTwoRegions,
  modelsDeploymentStandbyCapacity,
];
