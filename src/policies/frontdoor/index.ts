import type { ResilienceCheck } from "../model";
import { frontdoorClassicBackendPoolRequireHealthProbe } from "./classic-backend-pool-require-health-probe";
import { frontdoorClassicFrontendRequireWaf } from "./classic-frontend-require-waf";
import { frontdoorClassicRequireCertificateNameCheck } from "./classic-require-certificate-name-check";
import { frontdoorCustomDomainRequireTls12 } from "./custom-domain-require-tls12";
import { frontdoorCustomDomainUseManagedCertificate } from "./custom-domain-use-managed-certificate";
import { frontdoorEndpointRequireWafPrevention } from "./endpoint-require-waf-prevention";
import { frontdoorFailoverBudgetWithinObjective } from "./failover-budget-within-objective";
import { frontdoorOriginGroupRequireHealthProbe } from "./origin-group-require-health-probe";
import { frontdoorOriginGroupRequireTwoRegions } from "./origin-group-require-two-regions";
import { frontdoorOriginGroupSingleOriginDisableProbes } from "./origin-group-single-origin-disable-probes";
import { frontdoorOriginRequireCertificateNameCheck } from "./origin-require-certificate-name-check";
import { frontdoorProfilePreferPremium } from "./profile-prefer-premium";
import { frontdoorProfileRequireStandardPremium } from "./profile-require-standard-premium";
import { frontdoorRouteRequireHttpsRedirect } from "./route-require-https-redirect";
import { frontdoorSecretUseLatestCertificateVersion } from "./secret-use-latest-certificate-version";
import { frontdoorWafPolicyRequireBotProtection } from "./waf-policy-require-bot-protection";
import { frontdoorWafPolicyRequireEnabled } from "./waf-policy-require-enabled";
import { frontdoorWafPolicyRequireManagedRules } from "./waf-policy-require-managed-rules";
import { frontdoorWafPolicyRequireRateLimit } from "./waf-policy-require-rate-limit";
import { frontdoorWafPolicyRequireRequestBodyCheck } from "./waf-policy-require-request-body-check";
import { frontdoorWafPolicyUseCurrentRuleSet } from "./waf-policy-use-current-rule-set";

/** The frontdoor checks, in the order the pack lists them. */
export const frontdoorChecks: readonly ResilienceCheck[] = [
  frontdoorProfileRequireStandardPremium,
  frontdoorOriginGroupRequireHealthProbe,
  frontdoorOriginGroupRequireTwoRegions,
  frontdoorRouteRequireHttpsRedirect,
  frontdoorEndpointRequireWafPrevention,
  frontdoorFailoverBudgetWithinObjective,
  frontdoorOriginGroupSingleOriginDisableProbes,
  frontdoorProfilePreferPremium,
  frontdoorOriginRequireCertificateNameCheck,
  frontdoorCustomDomainRequireTls12,
  frontdoorCustomDomainUseManagedCertificate,
  frontdoorSecretUseLatestCertificateVersion,
  frontdoorWafPolicyRequireEnabled,
  frontdoorWafPolicyRequireManagedRules,
  frontdoorWafPolicyRequireBotProtection,
  frontdoorWafPolicyRequireRequestBodyCheck,
  frontdoorWafPolicyRequireRateLimit,
  frontdoorWafPolicyUseCurrentRuleSet,
  frontdoorClassicFrontendRequireWaf,
  frontdoorClassicBackendPoolRequireHealthProbe,
  frontdoorClassicRequireCertificateNameCheck,
];
