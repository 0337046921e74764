import { ResilienceCheck, at, isTierOne, ofType } from "../model";

/** Every VM tagged tier 1 is replicated to another region by Site Recovery. */
export const recoveryTier1VmRequireReplication: ResilienceCheck = {
  name: "recovery-tier1-vm-require-replication",
  area: "recovery",
  description:
    "Every virtual machine tagged tier 1 is protected by Site Recovery (replicated to another region).",
  severity: "critical",
  enforcementLevel: "mandatory",
  remediation:
    "Protect the VM with Azure Site Recovery (a ReplicationProtectedItem whose fabricObjectId is the VM), or lower its tier tag if it is not critical.",
  libraryRemediation:
    "List the VM in SiteRecovery's virtualMachines (WarmStandbyAiPlatform's siteRecovery argument): it replicates it to the standby region and adds it to the recovery plan.",
  sources: [
    "https://learn.microsoft.com/azure/site-recovery/azure-to-azure-tutorial-enable-replication",
    "https://azure.github.io/Azure-Proactive-Resiliency-Library-v2/azure-resources/RecoveryServices/vaults/",
  ],
  resourceTypes: [
    "azure-native:compute:VirtualMachine",
    "azure-native:recoveryservices:ReplicationProtectedItem",
  ],
  validateStack(resources, _config, report) {
    const items = ofType(resources, "azure-native:recoveryservices:ReplicationProtectedItem");
    for (const vm of ofType(resources, "azure-native:compute:VirtualMachine").filter(isTierOne)) {
      const protectedBy = items.find((item) => {
        const source = at(item.props, "properties.providerSpecificDetails.fabricObjectId");
        return (
          (typeof source === "string" &&
            typeof vm.props.id === "string" &&
            source.toLowerCase() === vm.props.id.toLowerCase()) ||
          item.dependencies.includes(vm.urn)
        );
      });
      if (!protectedBy)
        report(
          `tier-1 VM ${vm.name} is not replicated: a regional outage loses it until it is rebuilt by hand.`,
          vm.urn,
        );
    }
  },
};
