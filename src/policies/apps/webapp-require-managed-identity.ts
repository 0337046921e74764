import { ResilienceCheck } from "../model";
import { hasManagedIdentity } from "./helpers";

/** Web and function apps reach other services with a managed identity, not stored secrets. */
export const appsWebappRequireManagedIdentity: ResilienceCheck = {
  name: "apps-webapp-require-managed-identity",
  area: "apps",
  description:
    "Web and function apps have a managed identity (identity.type SystemAssigned and/or UserAssigned).",
  severity: "low",
  enforcementLevel: "advisory",
  remediation:
    'Set identity: { type: "SystemAssigned" } (or a user-assigned identity) on the app and grant it roles instead of storing keys or connection strings in app settings.',
  sources: [
    "/providers/Microsoft.Authorization/policyDefinitions/2b9ad585-36bc-4615-b300-fd4435808332",
    "https://learn.microsoft.com/azure/app-service/overview-managed-identity",
  ],
  resourceTypes: ["azure-native:web:WebApp"],
  validateResource(resource, _config, report) {
    if (!hasManagedIdentity(resource))
      report(
        "the app has no managed identity: it can only reach other services with secrets it has to store.",
      );
  },
};
