import { ResilienceCheck, at, is, num } from "../model";

/** Site Recovery keeps enough recovery points to fail over to a moment before the problem. */
export const recoveryReplicationpolicyRequireRetention: ResilienceCheck = {
  name: "recovery-replicationpolicy-require-retention",
  area: "recovery",
  description:
    "Azure-to-Azure Site Recovery replication policies keep recovery points for at least minimumMinutes (recoveryPointHistory, up to 15 days).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Set properties.providerSpecificInput.recoveryPointHistory (minutes) to 1440 (24 hours) or more, up to 21600 (15 days).",
  libraryRemediation:
    "Raise SiteRecovery's replicationPolicy.recoveryPointRetentionHours (default 24, up to 360).",
  sources: [
    "https://learn.microsoft.com/azure/site-recovery/azure-to-azure-how-to-enable-replication",
    "https://learn.microsoft.com/azure/site-recovery/azure-to-azure-common-questions",
  ],
  config: {
    minimumMinutes: {
      type: "number",
      default: 1440,
      description: "Shortest recovery point retention, in minutes, of an Azure-to-Azure replication policy.",
    },
  },
  resourceTypes: ["azure-native:recoveryservices:ReplicationPolicy"],
  validateResource(resource, config, report) {
    const input = at(resource.props, "properties.providerSpecificInput") as
      Record<string, unknown> | undefined;
    if (!input || !is(input.instanceType, "A2A")) return;
    const minimum = num(config, "minimumMinutes", 1440);
    const history = input.recoveryPointHistory;
    if (typeof history === "number" && history < minimum)
      report(
        `replication policy ${resource.name} keeps recovery points for ${history} minutes (recoveryPointHistory), less than ${minimum}: a failover can only go back that far, past corruption that replicated too.`,
      );
  },
};
