import { ResilienceCheck, at, ofType } from "../model";

/** A DDoS Protection plan protects something: a plan no VNet uses is billed and protects nothing. */
export const networkDdosplanProtectVnets: ResilienceCheck = {
  name: "network-ddosplan-protect-vnets",
  area: "network",
  description: "Every DDoS Protection plan is associated with at least one virtual network of the stack.",
  severity: "low",
  enforcementLevel: "advisory",
  remediation:
    "Set enableDdosProtection: true and ddosProtectionPlan: { id } on the VNets with public endpoints, or delete the plan (it is billed monthly whether or not it protects anything).",
  sources: [
    "https://learn.microsoft.com/azure/ddos-protection/manage-ddos-protection",
    "https://learn.microsoft.com/azure/ddos-protection/ddos-protection-overview",
  ],
  resourceTypes: ["azure-native:network:DdosProtectionPlan", "azure-native:network:VirtualNetwork"],
  validateStack(resources, _config, report) {
    const used = new Set<string>();
    for (const vnet of ofType(resources, "azure-native:network:VirtualNetwork")) {
      const plan = at(vnet.props, "ddosProtectionPlan.id");
      if (typeof plan === "string") used.add(plan.toLowerCase());
      for (const urn of vnet.dependencies) used.add(urn);
    }
    for (const plan of ofType(resources, "azure-native:network:DdosProtectionPlan")) {
      const id = typeof plan.props.id === "string" ? plan.props.id.toLowerCase() : undefined;
      if (!used.has(plan.urn) && !(id && used.has(id)))
        report(`DDoS Protection plan ${plan.name} protects no VNet of this stack.`, plan.urn);
    }
  },
};
