import { ResilienceCheck, is } from "../model";
import { apimSku } from "./service-backends";

/**
 * Developer and Premium (classic) services are injected into a virtual network: built-in policy ef619a2c ("API
 * Management services should use a virtual network", evaluated by default on the Developer and Premium SKUs, where
 * virtualNetworkType is absent or None).
 */
export const gatewayServiceRequireVirtualNetwork: ResilienceCheck = {
  name: "gateway-service-require-virtual-network",
  area: "gateway",
  description:
    "API Management services of the Developer and Premium tiers are deployed into a virtual network.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Set virtualNetworkType 'External' (or 'Internal') with virtualNetworkConfiguration.subnetResourceId on the ApiManagementService (and publicIpAddressId, a Standard public IP).",
  libraryRemediation:
    "Give AiGateway `virtualNetwork` (a subnet per region; WarmStandbyAiPlatform passes its network's gateway subnets).",
  sources: [
    "/providers/Microsoft.Authorization/policyDefinitions/ef619a2c-cc4d-4d03-b2ba-8c94a834d85b",
    "https://learn.microsoft.com/azure/api-management/virtual-network-concepts",
  ],
  resourceTypes: ["azure-native:apimanagement:ApiManagementService"],
  validateResource(resource, _config, report) {
    const sku = apimSku(resource);
    if (!is(sku, "Developer", "Premium")) return;
    const type = resource.props.virtualNetworkType;
    if (type === undefined || is(type, "None"))
      report(
        `the ${String(sku)} gateway is not in a virtual network: it reaches private backends (such as private model endpoints) only over the Internet.`,
      );
  },
};
