import { ResilienceCheck, at, is } from "../model";

const premium = ["Premium_LRS", "Premium_ZRS", "PremiumV2_LRS", "UltraSSD_LRS"];

/** Replica and failed-over disks are Premium SSD or Premium SSD v2: a failover that runs slowly is barely better than none. */
export const recoveryReplicaDiskRequirePremium: ResilienceCheck = {
  name: "recovery-replica-disk-require-premium",
  area: "recovery",
  description: "Site Recovery replica and target disks are Premium SSD, Premium SSD v2 or Ultra.",
  severity: "medium",
  enforcementLevel: "mandatory",
  remediation:
    "Set recoveryReplicaDiskAccountType and recoveryTargetDiskAccountType to PremiumV2_LRS for data disks and Premium_LRS for OS disks.",
  libraryRemediation:
    'SiteRecovery replicates every disk onto Premium_LRS unless a disk\'s targetDiskType says otherwise: set targetDiskType to Premium_LRS, PremiumV2_LRS or UltraSSD_LRS (the last two need churn: "high").',
  sources: [
    "https://learn.microsoft.com/azure/site-recovery/azure-to-azure-support-matrix",
    "https://learn.microsoft.com/azure/site-recovery/azure-to-azure-how-to-enable-replication",
  ],
  resourceTypes: ["azure-native:recoveryservices:ReplicationProtectedItem"],
  validateResource(resource, _config, report) {
    const disks =
      (at(resource.props, "properties.providerSpecificDetails.vmManagedDisks") as
        Record<string, unknown>[] | undefined) ?? [];
    for (const disk of disks) {
      const id = String(disk.diskId ?? "?")
        .split("/")
        .pop();
      for (const field of ["recoveryReplicaDiskAccountType", "recoveryTargetDiskAccountType"]) {
        const type = disk[field];
        if (type === undefined)
          report(
            `disk ${id}: ${field} is not set, so it follows the source disk's type; set a Premium type explicitly.`,
          );
        else if (!is(type, ...premium))
          report(`disk ${id}: ${field} is ${String(type)}; after failover the VM runs on slow disks.`);
      }
    }
  },
};
