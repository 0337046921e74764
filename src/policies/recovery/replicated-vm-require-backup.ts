import { CheckedResource, ResilienceCheck, at, dependenciesOf, ofType, referenced } from "../model";

const VM = "azure-native:compute:VirtualMachine";

/** The VM a Site Recovery protected item replicates: by its fabricObjectId, or by what the item depends on. */
function replicatedVm(resources: readonly CheckedResource[], item: CheckedResource) {
  const source = at(item.props, "properties.providerSpecificDetails.fabricObjectId");
  const vm = referenced(resources, source, [VM]) ?? dependenciesOf(resources, item, VM)[0];
  return { vm, id: typeof source === "string" ? source : vm?.props.id };
}

/** Replication is not backup: a VM Site Recovery replicates is backed up too. */
export const recoveryReplicatedVmRequireBackup: ResilienceCheck = {
  name: "recovery-replicated-vm-require-backup",
  area: "recovery",
  description:
    "Every virtual machine Site Recovery replicates is also protected by Azure Backup (a ProtectedItem whose sourceResourceId is the VM).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Back the VM up with Azure Backup: a Recovery Services vault in the VM's region, a VM backup policy (Enhanced for Trusted Launch, Premium SSD v2 or Ultra disks), and a ProtectedItem with protectedItemType Microsoft.Compute/virtualMachines and sourceResourceId the VM.",
  libraryRemediation:
    "SiteRecovery backs up every VM it protects unless backup is false: drop backup: false, or give backup settings.",
  sources: [
    "https://learn.microsoft.com/azure/backup/backup-overview#whats-the-difference-between-azure-backup-and-azure-site-recovery",
    "https://azure.github.io/Azure-Proactive-Resiliency-Library-v2/azure-resources/Compute/virtualMachines/",
    "/providers/Microsoft.Authorization/policyDefinitions/013e242c-8828-4970-87b3-ab247555486d",
  ],
  resourceTypes: [
    VM,
    "azure-native:recoveryservices:ReplicationProtectedItem",
    "azure-native:recoveryservices:ProtectedItem",
  ],
  validateStack(resources, _config, report) {
    const backedUpIds = new Set<string>();
    const backedUpUrns = new Set<string>();
    for (const item of ofType(resources, "azure-native:recoveryservices:ProtectedItem")) {
      const source = at(item.props, "properties.sourceResourceId");
      if (typeof source === "string") backedUpIds.add(source.toLowerCase());
      for (const vm of dependenciesOf(resources, item, VM)) backedUpUrns.add(vm.urn);
    }
    for (const item of ofType(resources, "azure-native:recoveryservices:ReplicationProtectedItem")) {
      const { vm, id } = replicatedVm(resources, item);
      if (!vm && typeof id !== "string") continue;
      const covered =
        (typeof id === "string" && backedUpIds.has(id.toLowerCase())) ||
        (vm !== undefined &&
          (backedUpUrns.has(vm.urn) ||
            (typeof vm.props.id === "string" && backedUpIds.has(vm.props.id.toLowerCase()))));
      if (!covered)
        report(
          `VM ${vm?.name ?? String(id).split("/").pop()} is replicated by Site Recovery but not backed up: replication copies a deletion, corruption or ransomware to the standby within minutes and keeps at most 15 days of points.`,
          vm?.urn ?? item.urn,
        );
    }
  },
};
