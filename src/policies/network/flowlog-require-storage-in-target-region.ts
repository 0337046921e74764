import { ResilienceCheck, dependenciesOf, locationOf, ofType, referenced } from "../model";

const STORAGE = "azure-native:storage:StorageAccount";

/** A flow log writes to a standard storage account in its target's region, or it cannot be created. */
export const networkFlowlogRequireStorageInTargetRegion: ResilienceCheck = {
  name: "network-flowlog-require-storage-in-target-region",
  area: "network",
  description:
    "Flow logs write to a standard (not Premium) storage account in the same region as the virtual network they log (the flow log's own location when the target is not in the stack).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Point storageId at a Standard StorageV2 account in the target VNet's region: one account per region when VNets in two regions are logged.",
  libraryRemediation:
    "MirroredNetwork flowLogs builds one standard account per region and points each VNet's flow log at its own region's.",
  sources: ["https://learn.microsoft.com/azure/network-watcher/vnet-flow-logs-overview"],
  resourceTypes: ["azure-native:network:FlowLog", STORAGE],
  validateStack(resources, _config, report) {
    for (const log of ofType(resources, "azure-native:network:FlowLog")) {
      const account =
        referenced(resources, log.props.storageId, [STORAGE]) ?? dependenciesOf(resources, log, STORAGE)[0];
      if (!account) continue; // an account outside the stack: nothing to compare
      const target = referenced(resources, log.props.targetResourceId);
      const region = locationOf(target) ?? locationOf(log);
      const where = locationOf(account);
      // "The storage account must be in the same region as the virtual network." (vnet-flow-logs-overview)
      if (region && where && region !== where)
        report(
          `flow log ${log.name} writes to storage account ${account.name} in ${where}, but logs traffic in ${region}: Azure requires the account in the virtual network's region.`,
          log.urn,
        );
      // "The storage account must be standard. Premium storage accounts aren't supported."
      const sku = (account.props.sku as { name?: unknown } | undefined)?.name;
      if (typeof sku === "string" && /^premium_/i.test(sku))
        report(
          `flow log ${log.name} writes to storage account ${account.name} of sku ${sku}: flow logs support standard accounts only.`,
          log.urn,
        );
    }
  },
};
