import { ResilienceCheck } from "../model";
import { aprl, aksType, builtInPolicy } from "./helpers";

/**
 * AKS clusters accept only Microsoft Entra identities: local accounts (static cluster-admin credentials) work unless
 * disableLocalAccounts is true. https://learn.microsoft.com/azure/aks/manage-local-accounts-managed-azure-ad
 */
export const computeAksDisableLocalAccounts: ResilienceCheck = {
  name: "compute-aks-disable-local-accounts",
  area: "compute",
  description: "AKS clusters disable local accounts, so only Microsoft Entra identities can sign in.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Set disableLocalAccounts true with aadProfile { managed: true, enableAzureRBAC: true } and grant Azure Kubernetes Service RBAC roles.",
  sources: [
    builtInPolicy("993c2fcd-2b29-49d2-9eb0-df2c3a730c32"),
    aprl("ContainerService/managedClusters", "disable-local-accounts"),
    "https://learn.microsoft.com/azure/aks/manage-local-accounts-managed-azure-ad",
  ],
  resourceTypes: [aksType],
  validateResource(resource, _config, report) {
    if (resource.props.disableLocalAccounts !== true)
      report(
        "local accounts are on (disableLocalAccounts is not true): static admin credentials bypass Entra sign-in and auditing.",
      );
  },
};
