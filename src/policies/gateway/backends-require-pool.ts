import { ResilienceCheck, at } from "../model";
import { gatewayServices } from "./service-backends";

/** Model backends are reached through a load-balanced pool of two or more. */
export const gatewayBackendsRequirePool: ResilienceCheck = {
  name: "gateway-backends-require-pool",
  area: "gateway",
  description:
    "An API Management gateway with backends routes through a backend pool of two or more members.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Create a Backend of type 'Pool' listing the regional model backends (local priority 1, other region 2) and set-backend-service to it.",
  libraryRemediation:
    "AiGateway builds `pool-models` from both regions' model endpoints: give it `models` with a primary and a standby (a RegionalOpenAi does).",
  sources: [
    "https://learn.microsoft.com/azure/api-management/backends",
    "https://learn.microsoft.com/azure/api-management/genai-gateway-capabilities",
  ],
  resourceTypes: ["azure-native:apimanagement:Backend"],
  validateStack(resources, _config, report) {
    for (const { service, pools, singles } of gatewayServices(resources)) {
      if (singles.length === 0) continue;
      const sizes = pools.map((p) => ((at(p.props, "pool.services") as unknown[] | undefined) ?? []).length);
      if (!sizes.some((n) => n >= 2)) {
        report(
          `gateway ${service.name} has ${singles.length} backend(s) but no pool of two or more: one overloaded endpoint stops every agent.`,
          service.urn,
        );
      }
    }
  },
};
