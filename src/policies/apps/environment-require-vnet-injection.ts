import { ResilienceCheck, at } from "../model";

/** Container Apps environments run in the platform's own virtual network subnet. */
export const appsEnvironmentRequireVnetInjection: ResilienceCheck = {
  name: "apps-environment-require-vnet-injection",
  area: "apps",
  description:
    "Container Apps environments are injected into a virtual network (vnetConfiguration.infrastructureSubnetId).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Set vnetConfiguration.infrastructureSubnetId to a dedicated subnet (delegated to Microsoft.App/environments for workload-profile environments); it can only be set when the environment is created.",
  sources: [
    "/providers/Microsoft.Authorization/policyDefinitions/8b346db6-85af-419b-8557-92cee2c0f9bb",
    "https://learn.microsoft.com/azure/container-apps/networking",
  ],
  resourceTypes: ["azure-native:app:ManagedEnvironment"],
  validateResource(resource, _config, report) {
    const subnet = at(resource.props, "vnetConfiguration.infrastructureSubnetId");
    if (typeof subnet !== "string" || subnet === "")
      report(
        "vnetConfiguration.infrastructureSubnetId is not set: the environment runs in a network you cannot restrict, peer or make zone redundant.",
      );
  },
};
