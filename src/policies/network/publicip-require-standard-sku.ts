import { ResilienceCheck, at, is } from "../model";

/** No Basic public IPs: the SKU was retired on 30 September 2025. */
export const networkPublicipRequireStandardSku: ResilienceCheck = {
  name: "network-publicip-require-standard-sku",
  area: "network",
  description:
    "Public IP addresses use the Standard SKU: Basic SKU public IPs were retired on 30 September 2025.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    'Set sku: { name: "Standard" } (with publicIPAllocationMethod "Static" and zones where the region has them); existing Basic addresses are upgraded in place per Microsoft\'s upgrade guidance.',
  sources: [
    "https://azure.github.io/Azure-Proactive-Resiliency-Library-v2/azure-resources/Network/publicIPAddresses/#upgrade-basic-sku-public-ip-addresses-to-standard-sku",
    "https://learn.microsoft.com/azure/virtual-network/ip-services/public-ip-basic-upgrade-guidance",
  ],
  resourceTypes: ["azure-native:network:PublicIPAddress"],
  validateResource(resource, _config, report) {
    if (is(at(resource.props, "sku.name"), "Basic"))
      report(
        `public IP ${resource.name} is Basic SKU, retired on 30 September 2025: no zones, no SLA, open by default.`,
      );
  },
};
