import { ResilienceCheck, at, is } from "../model";

/** Container Apps environments expose their apps on an internal load balancer only. */
export const appsEnvironmentRestrictPublicAccess: ResilienceCheck = {
  name: "apps-environment-restrict-public-access",
  area: "apps",
  description:
    'Container Apps environments are internal (vnetConfiguration.internal: true) or disable public network access (publicNetworkAccess "Disabled").',
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    'Set vnetConfiguration.internal: true when creating the environment (or publicNetworkAccess: "Disabled" with private endpoints) and publish apps through Front Door or Application Gateway.',
  sources: [
    "/providers/Microsoft.Authorization/policyDefinitions/d074ddf8-01a5-4b5e-a2b8-964aed452c0a",
    "https://learn.microsoft.com/azure/container-apps/networking#accessibility-level",
  ],
  resourceTypes: ["azure-native:app:ManagedEnvironment"],
  validateResource(resource, _config, report) {
    if (
      at(resource.props, "vnetConfiguration.internal") !== true &&
      !is(resource.props.publicNetworkAccess, "Disabled")
    )
      report(
        "the environment is external (vnetConfiguration.internal is not true and publicNetworkAccess is not Disabled): its apps get a public IP address.",
      );
  },
};
