import { ResilienceCheck } from "../model";
import { siteConfig } from "./helpers";

/** Remote debugging stays off: it opens inbound ports on the app. */
export const appsWebappDisableRemoteDebugging: ResilienceCheck = {
  name: "apps-webapp-disable-remote-debugging",
  area: "apps",
  description:
    "Web and function apps have remote debugging turned off (siteConfig.remoteDebuggingEnabled; off by default).",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation: "Set siteConfig.remoteDebuggingEnabled: false (or leave it unset) on the app.",
  sources: [
    "/providers/Microsoft.Authorization/policyDefinitions/cb510bfd-1cba-4d9f-a230-cb0976f4bb71",
    "/providers/Microsoft.Authorization/policyDefinitions/0e60b895-3786-45da-8377-9c6b4b6ac5f9",
    "https://learn.microsoft.com/azure/app-service/configure-common#configure-general-settings",
  ],
  resourceTypes: ["azure-native:web:WebApp"],
  validateResource(resource, _config, report) {
    if (siteConfig(resource, "remoteDebuggingEnabled") === true)
      report(
        "siteConfig.remoteDebuggingEnabled is true: the app opens inbound debugging ports to the internet.",
      );
  },
};
