import { ResilienceCheck, at, num } from "../model";

/** Flow logs are kept long enough to investigate an incident after the fact. */
export const networkFlowlogRequireRetention: ResilienceCheck = {
  name: "network-flowlog-require-retention",
  area: "network",
  description:
    "Flow logs with a retention policy keep records for at least minimumDays (retentionPolicy.days 0 or retention off keeps them for as long as the storage account does).",
  severity: "low",
  enforcementLevel: "advisory",
  remediation:
    "Set retentionPolicy: { enabled: true, days: 90 } or more (or leave retention off and manage the storage account's lifecycle).",
  sources: ["https://learn.microsoft.com/azure/network-watcher/vnet-flow-logs-overview"],
  config: {
    minimumDays: {
      type: "number",
      default: 90,
      description: "Shortest retention, in days, a flow log may keep.",
    },
  },
  resourceTypes: ["azure-native:network:FlowLog"],
  validateResource(resource, config, report) {
    const minimum = num(config, "minimumDays", 90);
    const enabled = at(resource.props, "retentionPolicy.enabled");
    const days = at(resource.props, "retentionPolicy.days");
    // Days 0 (azure-native's default) keeps records forever; only a short positive retention loses them.
    if (enabled === true && typeof days === "number" && days > 0 && days < minimum)
      report(
        `flow log ${resource.name} keeps records for ${days} days (retentionPolicy.days), less than ${minimum}: the traffic of an incident found later is gone.`,
      );
  },
};
