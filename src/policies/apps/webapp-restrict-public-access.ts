import { ResilienceCheck, is } from "../model";
import { siteConfig } from "./helpers";

/** Web and function apps are reached through private endpoints (or a front door), not their public endpoint. */
export const appsWebappRestrictPublicAccess: ResilienceCheck = {
  name: "apps-webapp-restrict-public-access",
  area: "apps",
  description:
    'Web and function apps disable public network access (publicNetworkAccess "Disabled"; unset means enabled).',
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    'Set publicNetworkAccess: "Disabled" on the app and reach it through a private endpoint (Front Door Premium can use Private Link as its origin).',
  sources: [
    "/providers/Microsoft.Authorization/policyDefinitions/1b5ef780-c53c-4a64-87f3-bb9c8c8094ba",
    "/providers/Microsoft.Authorization/policyDefinitions/969ac98b-88a8-449f-883c-2e9adb123127",
    "https://learn.microsoft.com/azure/app-service/overview-private-endpoint",
  ],
  resourceTypes: ["azure-native:web:WebApp"],
  validateResource(resource, _config, report) {
    const access = resource.props.publicNetworkAccess ?? siteConfig(resource, "publicNetworkAccess");
    if (!is(access, "Disabled"))
      report(
        `publicNetworkAccess is ${access === undefined ? "unset" : JSON.stringify(access)}: the app's endpoint is reachable from the whole internet.`,
      );
  },
};
