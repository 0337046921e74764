import { ResilienceCheck, at } from "../model";
import { aksType, aprl, builtInPolicy } from "./helpers";

/**
 * AKS clusters run the Azure Policy add-on, so policies for pods (privileged containers, host paths, images) are
 * enforced inside the cluster: addonProfiles.azurepolicy.enabled. https://learn.microsoft.com/azure/aks/use-azure-policy
 */
export const computeAksEnableAzurePolicy: ResilienceCheck = {
  name: "compute-aks-enable-azure-policy",
  area: "compute",
  description: "AKS clusters have the Azure Policy add-on enabled.",
  severity: "low",
  enforcementLevel: "advisory",
  remediation:
    "Set addonProfiles { azurepolicy: { enabled: true } } and assign the Kubernetes policy initiatives you need.",
  sources: [
    builtInPolicy("0a15ec92-a229-4763-bb14-0ea34a568f8d"),
    aprl("ContainerService/managedClusters", "enable-and-remediate-azure-policies-configured-for-aks"),
    "https://learn.microsoft.com/azure/aks/use-azure-policy",
  ],
  resourceTypes: [aksType],
  validateResource(resource, _config, report) {
    const addons = (resource.props.addonProfiles ?? {}) as Record<string, unknown>;
    const key = Object.keys(addons).find((k) => k.toLowerCase() === "azurepolicy");
    if (at(key ? addons[key] : undefined, "enabled") !== true)
      report(
        "the Azure Policy add-on is not enabled (addonProfiles.azurepolicy): no policy governs what runs in the cluster.",
      );
  },
};
