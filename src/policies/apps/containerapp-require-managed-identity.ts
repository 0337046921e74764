import { ResilienceCheck } from "../model";
import { hasManagedIdentity } from "./helpers";

/** Container apps reach registries, Key Vault and models with a managed identity, not stored secrets. */
export const appsContainerappRequireManagedIdentity: ResilienceCheck = {
  name: "apps-containerapp-require-managed-identity",
  area: "apps",
  description: "Container apps have a managed identity (identity.type SystemAssigned and/or UserAssigned).",
  severity: "low",
  enforcementLevel: "advisory",
  remediation:
    'Set identity: { type: "SystemAssigned" } (or a user-assigned identity) on the container app and use it for registry pulls and Key Vault secret references.',
  sources: [
    "/providers/Microsoft.Authorization/policyDefinitions/b874ab2d-72dd-47f1-8cb5-4a306478a4e7",
    "https://learn.microsoft.com/azure/container-apps/managed-identity",
  ],
  resourceTypes: ["azure-native:app:ContainerApp"],
  validateResource(resource, _config, report) {
    if (!hasManagedIdentity(resource))
      report(
        "the container app has no managed identity: registry and service credentials have to be stored as secrets.",
      );
  },
};
