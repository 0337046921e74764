import { ResilienceCheck, at } from "../model";

/** Container apps' ingress redirects HTTP to HTTPS instead of serving it. */
export const appsContainerappDisableInsecureIngress: ResilienceCheck = {
  name: "apps-containerapp-disable-insecure-ingress",
  area: "apps",
  description:
    "Container apps' ingress does not allow plain HTTP (configuration.ingress.allowInsecure; false by default).",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Set configuration.ingress.allowInsecure: false (or leave it unset) so HTTP requests are redirected to HTTPS.",
  sources: [
    "/providers/Microsoft.Authorization/policyDefinitions/0e80e269-43a4-4ae9-b5bc-178126b8a5cb",
    "https://learn.microsoft.com/azure/container-apps/ingress-overview",
  ],
  resourceTypes: ["azure-native:app:ContainerApp"],
  validateResource(resource, _config, report) {
    if (at(resource.props, "configuration.ingress.allowInsecure") === true)
      report(
        "configuration.ingress.allowInsecure is true: the app serves plain HTTP that anyone on the path can read.",
      );
  },
};
