import { ResilienceCheck, at, ofType } from "../model";
import { alertedMetrics } from "./helpers";

const v2 = ["basicv2", "standardv2", "premiumv2"];
// The tiers Microsoft's capacity page applies to (https://learn.microsoft.com/azure/api-management/api-management-capacity);
// Isolated is not among them, so it is not judged.
const classic = ["developer", "basic", "standard", "premium"];

/** Every API Management service has a metric alert on the capacity metric its tier emits. */
export const monitorApimRequireCapacityAlert: ResilienceCheck = {
  name: "monitor-apim-require-capacity-alert",
  area: "monitor",
  description:
    "Every API Management service is watched by an enabled metric alert on its capacity: Capacity on classic tiers, CpuPercent_Gateway on v2 tiers (Consumption has none).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Add a metric alert scoped to the service on Capacity (classic tiers) or CpuPercent_Gateway and MemoryPercent_Gateway (v2 tiers), Average over 30 minutes above 70 % (40 % with one unit), calling an action group.",
  libraryRemediation:
    "Use OperationsAlerts' gateways.services (WarmStandbyAiPlatform's alerts part does, unless alerts.gateway is false).",
  sources: [
    "https://learn.microsoft.com/azure/api-management/api-management-capacity",
    "https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-apimanagement-service-metrics",
  ],
  resourceTypes: ["azure-native:apimanagement:ApiManagementService", "azure-native:monitor:MetricAlert"],
  validateStack(resources, _config, report) {
    for (const service of ofType(resources, "azure-native:apimanagement:ApiManagementService")) {
      const sku = String(at(service.props, "sku.name") ?? "").toLowerCase();
      // "Currently, the Capacity metric also appears in the portal for instances in v2 tiers. However, it's not
      // supported for use in the v2 tiers and shows a value of 0."
      const metric = v2.includes(sku) ? "CpuPercent_Gateway" : classic.includes(sku) ? "Capacity" : undefined;
      if (!metric) continue;
      if (!alertedMetrics(resources, service).has(metric.toLowerCase()))
        report(
          `API Management ${service.name} (${at(service.props, "sku.name")}) has no enabled metric alert on ${metric}: an overloaded gateway answers slowly and drops connections instead of throttling, and nobody hears of it.`,
          service.urn,
        );
    }
  },
};
