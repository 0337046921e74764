import type { ResilienceCheck } from "../model";
import { automationAccountDisableLocalAuth } from "./account-disable-local-auth";
import { automationAccountRequireCustomerManagedKey } from "./account-require-customer-managed-key";
import { automationAccountRequireManagedIdentity } from "./account-require-managed-identity";
import { automationAccountRestrictPublicAccess } from "./account-restrict-public-access";
import { automationServiceHealthCoversTier1Regions } from "./service-health-covers-tier1-regions";
import { automationVariableRequireEncryption } from "./variable-require-encryption";
import { automationWebhookRequireValidExpiry } from "./webhook-require-valid-expiry";

/** The automation checks, in the order the pack lists them. */
export const automationChecks: readonly ResilienceCheck[] = [
  automationServiceHealthCoversTier1Regions,
  automationAccountDisableLocalAuth,
  automationAccountRequireCustomerManagedKey,
  automationAccountRequireManagedIdentity,
  automationAccountRestrictPublicAccess,
  automationVariableRequireEncryption,
  automationWebhookRequireValidExpiry,
];
