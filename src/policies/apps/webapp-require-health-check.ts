import { ResilienceCheck } from "../model";
import { siteConfig } from "./helpers";

/** Web and function apps have a health check path, so App Service routes around and replaces unhealthy instances. */
export const appsWebappRequireHealthCheck: ResilienceCheck = {
  name: "apps-webapp-require-health-check",
  area: "apps",
  description: "Web and function apps set siteConfig.healthCheckPath.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    'Set siteConfig.healthCheckPath (e.g. "/healthz") to an endpoint that checks the app\'s critical dependencies; run at least two instances so traffic has somewhere to go.',
  sources: [
    "https://azure.github.io/Azure-Proactive-Resiliency-Library-v2/azure-resources/Web/sites/",
    "https://learn.microsoft.com/azure/app-service/monitor-instances-health-check",
  ],
  resourceTypes: ["azure-native:web:WebApp"],
  validateResource(resource, _config, report) {
    const path = siteConfig(resource, "healthCheckPath");
    if (typeof path !== "string" || path.trim() === "")
      report(
        "siteConfig.healthCheckPath is not set: App Service keeps sending requests to an unhealthy instance and never replaces it.",
      );
  },
};
