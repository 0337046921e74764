import { ResilienceCheck, at } from "../model";

/**
 * The control plane accepts no retired API version: built-in policy 549814b6 ("Minimum Api Version should be set to
 * 2019-12-01 or higher", so read-only users cannot read service secrets). "Starting June 1, 2024, all API versions for
 * the Azure API Management service prior to 2021-08-01 are being retired (disabled)"
 * (https://learn.microsoft.com/azure/api-management/breaking-changes/api-version-retirement-sep-2023), so a service
 * without a constraint is safe today; only an explicit constraint older than 2019-12-01 is reported.
 */
export const gatewayServiceRequireCurrentApiVersion: ResilienceCheck = {
  name: "gateway-service-require-current-api-version",
  area: "gateway",
  description:
    "API Management services that constrain control-plane API versions do not allow versions before 2019-12-01.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation: "Set apiVersionConstraint.minApiVersion to '2021-08-01' or later on the ApiManagementService.",
  libraryRemediation:
    "AiGateway sets no apiVersionConstraint; remove the old constraint added to the service.",
  sources: [
    "/providers/Microsoft.Authorization/policyDefinitions/549814b6-3212-4203-bdc8-1548d342fb67",
    "https://learn.microsoft.com/azure/api-management/breaking-changes/api-version-retirement-sep-2023",
  ],
  resourceTypes: ["azure-native:apimanagement:ApiManagementService"],
  validateResource(resource, _config, report) {
    const minimum = at(resource.props, "apiVersionConstraint.minApiVersion");
    if (
      typeof minimum === "string" &&
      /^\d{4}-\d{2}-\d{2}/.test(minimum) &&
      minimum.slice(0, 10) < "2019-12-01"
    )
      report(
        `control-plane calls are allowed from API version ${minimum}: versions before 2019-12-01 return the service's secrets to read-only users.`,
      );
  },
};
