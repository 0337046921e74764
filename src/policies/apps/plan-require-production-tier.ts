import { ResilienceCheck, is } from "../model";
import { planTier } from "./helpers";

/** Production App Service plans use Standard or Premium tiers: Free, Shared and Basic lack the SLA and scale-out. */
export const appsPlanRequireProductionTier: ResilienceCheck = {
  name: "apps-plan-require-production-tier",
  area: "apps",
  description: "App Service plans use a Standard, Premium or Isolated tier, not Free, Shared or Basic.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    'Set sku to a Premium v3 size (e.g. { name: "P1v3", tier: "PremiumV3" }) or at least Standard: Free and Shared have no SLA, Basic has no autoscale, slots or zone redundancy.',
  sources: [
    "https://azure.github.io/Azure-Proactive-Resiliency-Library-v2/azure-resources/Web/serverFarms/",
    "https://learn.microsoft.com/azure/architecture/checklist/resiliency-per-service#app-service",
  ],
  resourceTypes: ["azure-native:web:AppServicePlan"],
  validateResource(resource, _config, report) {
    const tier = planTier(resource);
    if (is(tier, "Free", "Shared", "Basic"))
      report(
        `the plan is on the ${tier} tier: no autoscale, no deployment slots and no zone redundancy for production apps.`,
      );
  },
};
