import { ResilienceCheck } from "../model";
import { isFunctionApp, siteConfig } from "./helpers";

/** Web apps stay loaded: without Always On, an idle app is unloaded and the next request waits for a cold start. */
export const appsWebappRequireAlwaysOn: ResilienceCheck = {
  name: "apps-webapp-require-always-on",
  area: "apps",
  description: "Web apps (not function apps) turn siteConfig.alwaysOn on (off by default).",
  severity: "low",
  enforcementLevel: "advisory",
  remediation: "Set siteConfig.alwaysOn: true on the web app (Basic tier or above).",
  sources: [
    "https://learn.microsoft.com/azure/app-service/configure-common#configure-general-settings",
    "https://azure.github.io/PSRule.Rules.Azure/en/rules/Azure.AppService.AlwaysOn/",
  ],
  resourceTypes: ["azure-native:web:WebApp"],
  validateResource(resource, _config, report) {
    if (isFunctionApp(resource)) return;
    if (siteConfig(resource, "alwaysOn") !== true)
      report(
        "siteConfig.alwaysOn is not true: the app is unloaded when idle, and the first request after that waits for a cold start.",
      );
  },
};
