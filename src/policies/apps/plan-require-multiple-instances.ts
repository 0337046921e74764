import { ResilienceCheck, at, num } from "../model";
import { isServerless } from "./helpers";

/** Dedicated App Service plans run at least two instances, so one instance's restart or loss is not an outage. */
export const appsPlanRequireMultipleInstances: ResilienceCheck = {
  name: "apps-plan-require-multiple-instances",
  area: "apps",
  description:
    "Dedicated App Service plans run at least `minInstances` instances (sku.capacity; Azure's default is 1).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Set sku.capacity to 2 or more on the App Service plan (3 when apps warm up slowly), or enable autoscale with a minimum of 2 instances.",
  sources: [
    "https://azure.github.io/Azure-Proactive-Resiliency-Library-v2/azure-resources/Web/sites/",
    "https://learn.microsoft.com/azure/well-architected/service-guides/app-service-web-apps",
  ],
  config: {
    minInstances: {
      type: "number",
      default: 2,
      description: "Fewest instances a dedicated plan should run.",
    },
  },
  resourceTypes: ["azure-native:web:AppServicePlan"],
  validateResource(resource, config, report) {
    if (isServerless(resource)) return;
    const minimum = num(config, "minInstances", 2);
    const capacity = at(resource.props, "sku.capacity");
    const instances = typeof capacity === "number" ? capacity : 1;
    if (instances < minimum)
      report(
        `the plan runs ${instances} instance${instances === 1 ? "" : "s"}${typeof capacity === "number" ? "" : " (sku.capacity unset: Azure's default)"}, fewer than ${minimum}: a restart or a failed instance stops its apps.`,
      );
  },
};
