import { ResilienceCheck, at, is } from "../model";

/** Site Recovery takes app-consistent snapshots, so applications restart from a clean state after failover. */
export const recoveryReplicationpolicyEnableAppConsistency: ResilienceCheck = {
  name: "recovery-replicationpolicy-enable-app-consistency",
  area: "recovery",
  description:
    "Azure-to-Azure Site Recovery replication policies take app-consistent snapshots (appConsistentFrequencyInMinutes greater than 0).",
  severity: "low",
  enforcementLevel: "advisory",
  remediation:
    "Set properties.providerSpecificInput.appConsistentFrequencyInMinutes to 60-720 (every 1-12 hours), no longer than the retention.",
  libraryRemediation:
    "Set SiteRecovery's replicationPolicy.appConsistentFrequencyMinutes to 60-720 (the default is 240); 0 turns them off.",
  sources: [
    "https://learn.microsoft.com/azure/site-recovery/azure-to-azure-how-to-enable-replication",
    "https://learn.microsoft.com/azure/site-recovery/azure-to-azure-architecture",
  ],
  resourceTypes: ["azure-native:recoveryservices:ReplicationPolicy"],
  validateResource(resource, _config, report) {
    const input = at(resource.props, "properties.providerSpecificInput") as
      Record<string, unknown> | undefined;
    if (!input || !is(input.instanceType, "A2A")) return;
    if (input.appConsistentFrequencyInMinutes === 0)
      report(
        `replication policy ${resource.name} takes no app-consistent snapshots (appConsistentFrequencyInMinutes 0): failover lands on crash-consistent points only, and databases start with recovery.`,
      );
  },
};
