import { ResilienceCheck, at } from "../model";

/** VNets with public endpoints are covered by a DDoS Protection plan. */
export const networkVnetEnableDdosProtection: ResilienceCheck = {
  name: "network-vnet-enable-ddos-protection",
  area: "network",
  description:
    "Virtual networks are protected by an Azure DDoS Protection plan (enableDdosProtection with a ddosProtectionPlan).",
  severity: "low",
  enforcementLevel: "advisory",
  remediation:
    "Set enableDdosProtection: true and ddosProtectionPlan: { id } (one DdosProtectionPlan can cover the VNets of several subscriptions), or accept infrastructure-level protection only for VNets without public endpoints.",
  libraryRemediation:
    "Set MirroredNetwork's ddosProtection: true (a plan of its own in the standby region), or { planId } with your tenant's plan; it is off by default because a plan is billed monthly.",
  sources: [
    "https://azure.github.io/Azure-Proactive-Resiliency-Library-v2/azure-resources/Network/virtualNetworks/#shield-public-endpoints-in-azure-vnets-with-azure-ddos-standard-protection-plans",
    "https://azure.github.io/Azure-Proactive-Resiliency-Library-v2/azure-resources/Network/azureFirewalls/#configure-ddos-protection-on-the-azure-firewall-vnet",
    "/providers/Microsoft.Authorization/policyDefinitions/94de2ad3-e0c1-4caf-ad78-5d47bbc83d3d",
  ],
  resourceTypes: ["azure-native:network:VirtualNetwork"],
  validateResource(resource, _config, report) {
    const plan = at(resource.props, "ddosProtectionPlan.id");
    if (resource.props.enableDdosProtection !== true || typeof plan !== "string" || plan === "")
      report(
        `VNet ${resource.name} has no DDoS Protection plan${resource.props.enableDdosProtection === true ? " (enableDdosProtection is true but no ddosProtectionPlan is given)" : ""}: only infrastructure-level protection, no attack telemetry, mitigation tuning or rapid response.`,
      );
  },
};
