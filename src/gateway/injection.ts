import type { SecurityRuleSpec, SubnetSpec } from "../network/spec";

/** API Management tiers injected into a VNet (classic, stv2), as opposed to the v2 tiers' outbound integration. */
export const injectedTiers: readonly string[] = ["Developer", "Premium"];

/**
 * The v2 tiers with outbound VNet integration: a subnet delegated to `Microsoft.Web/serverFarms`, with an NSG.
 * https://learn.microsoft.com/azure/api-management/integrate-vnet-outbound
 */
export const integratedTiers: readonly string[] = ["StandardV2", "PremiumV2"];

const rule = (
  name: string,
  priority: number,
  direction: "Inbound" | "Outbound",
  source: string,
  destination: string,
  ports: string[],
  description: string,
): SecurityRuleSpec => ({
  name,
  priority,
  direction,
  access: "Allow",
  protocol: "Tcp",
  sourceAddressPrefixes: [source],
  destinationAddressPrefixes: [destination],
  destinationPortRanges: ports,
  description,
});

/**
 * The NSG rules Microsoft requires for a classic (Developer, Premium) API Management service injected in External
 * mode: "A network security group (NSG) is required to explicitly allow inbound connectivity, because the load
 * balancer used internally by API Management is secure by default and rejects all inbound traffic."
 * https://learn.microsoft.com/azure/api-management/virtual-network-reference (the rules it marks required, plus
 * Microsoft Entra ID, which the gateway's token validation and managed identity reach) and
 * https://learn.microsoft.com/azure/api-management/virtual-network-injection-resources.
 * Clients come in on HTTPS only; port 80 inbound stays closed.
 */
export const injectedGatewaySecurityRules: readonly SecurityRuleSpec[] = [
  rule(
    "AllowApimClients",
    100,
    "Inbound",
    "Internet",
    "VirtualNetwork",
    ["443"],
    "Client calls (External mode).",
  ),
  rule(
    "AllowApimManagement",
    110,
    "Inbound",
    "ApiManagement",
    "VirtualNetwork",
    ["3443"],
    "API Management's management endpoint.",
  ),
  rule(
    "AllowApimLoadBalancer",
    120,
    "Inbound",
    "AzureLoadBalancer",
    "VirtualNetwork",
    ["6390"],
    "Azure infrastructure load balancer.",
  ),
  rule(
    "AllowApimTrafficManager",
    130,
    "Inbound",
    "AzureTrafficManager",
    "VirtualNetwork",
    ["443"],
    "Traffic Manager routing of a multi-region deployment.",
  ),
  rule(
    "AllowApimCertificateValidation",
    100,
    "Outbound",
    "VirtualNetwork",
    "Internet",
    ["80"],
    "Certificate validation and management.",
  ),
  rule(
    "AllowApimStorage",
    110,
    "Outbound",
    "VirtualNetwork",
    "Storage",
    ["443"],
    "Core service functionality (Azure Storage).",
  ),
  rule(
    "AllowApimSql",
    120,
    "Outbound",
    "VirtualNetwork",
    "Sql",
    ["1433"],
    "Core service functionality (Azure SQL).",
  ),
  rule("AllowApimKeyVault", 130, "Outbound", "VirtualNetwork", "AzureKeyVault", ["443"], "Azure Key Vault."),
  rule(
    "AllowApimMonitor",
    140,
    "Outbound",
    "VirtualNetwork",
    "AzureMonitor",
    ["1886", "443"],
    "Diagnostics logs, metrics and Application Insights.",
  ),
  rule(
    "AllowApimEntraId",
    150,
    "Outbound",
    "VirtualNetwork",
    "AzureActiveDirectory",
    ["443"],
    "Microsoft Entra ID: token validation keys and managed identity.",
  ),
];

/**
 * A subnet for a classic (Developer, Premium) gateway: no delegation ("Delegate subnet to a service ... should be
 * set to None"), the NSG rules above, and not routed through the firewall (forced tunnelling would need a route for
 * the ApiManagement tag to the Internet and one per client). At least a /29, plus two addresses per extra unit.
 * https://learn.microsoft.com/azure/api-management/virtual-network-injection-resources
 */
export function injectedGatewaySubnet(name: string, addressPrefix: string): SubnetSpec {
  return {
    name,
    addressPrefix,
    securityRules: [...injectedGatewaySecurityRules],
    routeThroughFirewall: false,
  };
}
