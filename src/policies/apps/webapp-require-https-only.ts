import { ResilienceCheck } from "../model";

/** Web and function apps redirect HTTP to HTTPS. */
export const appsWebappRequireHttpsOnly: ResilienceCheck = {
  name: "apps-webapp-require-https-only",
  area: "apps",
  description: "Web and function apps accept HTTPS only (httpsOnly: true).",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation: "Set httpsOnly: true on the app, so plain HTTP requests are redirected to HTTPS.",
  sources: [
    "/providers/Microsoft.Authorization/policyDefinitions/a4af4a39-4135-47fb-b175-47fbdf85311d",
    "/providers/Microsoft.Authorization/policyDefinitions/6d555dd1-86f2-4f1c-8ed7-5abae7c6cbab",
    "https://learn.microsoft.com/azure/app-service/configure-ssl-bindings#enforce-https",
  ],
  resourceTypes: ["azure-native:web:WebApp"],
  validateResource(resource, _config, report) {
    if (resource.props.httpsOnly !== true)
      report(
        "httpsOnly is not true: the app answers plain HTTP, so requests and cookies can be read or changed on the way.",
      );
  },
};
