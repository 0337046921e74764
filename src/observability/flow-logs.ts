import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";
import * as storage from "@pulumi/azure-native/storage";
import { fail, show } from "../errors";
import { childName, uniqueName } from "../naming/names";
import type { AzureRegion } from "../regions/catalog";
import { DiagnosticsArgs, checkDiagnostics, sendDiagnostics } from "./diagnostics";

/**
 * VNet flow logs (Network Watcher) with traffic analytics. NSG flow logs are not offered: "On September 30, 2027,
 * network security group (NSG) flow logs will be retired ... you'll no longer be able to create new NSG flow logs
 * starting June 30, 2025". https://learn.microsoft.com/azure/network-watcher/nsg-flow-logs-overview
 */
export interface FlowLogsArgs {
  /** The Log Analytics workspace traffic analytics writes to (`PlatformLogs.workspaceId`). */
  workspaceId: pulumi.Input<string>;
  /**
   * The workspace's GUID (`PlatformLogs.customerId`) and region, sent with its ARM id: the traffic analytics
   * configuration has all three (`workspaceId`, `workspaceRegion`, `workspaceResourceId`, Microsoft.Network
   * TrafficAnalyticsConfigurationProperties), and Azure PowerShell's `Set-AzNetworkWatcherConfigFlowLog` asks for
   * them together. @default - the ARM id only
   */
  workspace?: { customerId: pulumi.Input<string>; region: pulumi.Input<string> };
  /**
   * How often traffic analytics processes the flow records, in minutes: 10 or 60.
   * @default 10
   */
  trafficAnalyticsIntervalMinutes?: 10 | 60;
  /**
   * Days the storage account keeps the raw flow records (the flow log's retention policy); 0 keeps them until
   * deleted by hand.
   * @default 90
   */
  retentionDays?: number;
  /**
   * The Network Watcher of each region, which flow logs are children of. Azure creates one per region the first
   * time a VNet is created there, named `NetworkWatcher_<region>` in the group `NetworkWatcherRG`, and allows one
   * per region and subscription, so this library uses it rather than creating its own.
   * @default - `{ resourceGroupName: "NetworkWatcherRG" }`, names `NetworkWatcher_<region>`
   */
  networkWatcher?: {
    /** @default "NetworkWatcherRG" */
    resourceGroupName?: string;
    /** Watcher names by region ARM name, e.g. `{ eastus2: "nw-eus2" }`. @default - `NetworkWatcher_<region>` */
    names?: Record<string, string>;
  };
}

/** Azure's automatically created Network Watcher's resource group. */
export const defaultNetworkWatcherResourceGroup = "NetworkWatcherRG";
/** Azure's automatically created Network Watcher's name in a region. */
export const defaultNetworkWatcherName = (region: string) => `NetworkWatcher_${region}`;
export const defaultFlowLogRetentionDays = 90;
const intervals = [10, 60];

/**
 * Checks a `flowLogs` arg. @throws InvalidArgumentError naming the argument, the value received and the fix.
 */
export function checkFlowLogs(flowLogs: unknown, argument = "flowLogs"): FlowLogsArgs | undefined {
  if (flowLogs === undefined || flowLogs === false) return undefined;
  const given = flowLogs as Partial<FlowLogsArgs> | null;
  if (given === null || typeof given !== "object" || given.workspaceId === undefined) {
    fail(
      argument,
      `${argument} must be { workspaceId, ... } (the traffic analytics workspace, e.g. PlatformLogs.workspaceId), but got ${show(flowLogs)}.`,
    );
  }
  checkDiagnostics({ workspaceId: given.workspaceId }, argument);
  // "Traffic analytics processing interval": every 10 or 60 minutes.
  // https://learn.microsoft.com/azure/network-watcher/traffic-analytics
  const interval = given.trafficAnalyticsIntervalMinutes;
  if (interval !== undefined && !intervals.includes(interval)) {
    fail(
      `${argument}.trafficAnalyticsIntervalMinutes`,
      `${argument}.trafficAnalyticsIntervalMinutes must be 10 or 60 (the intervals traffic analytics offers), but got ${show(interval)}.`,
    );
  }
  const days = given.retentionDays;
  if (days !== undefined && (!Number.isInteger(days) || days < 0)) {
    fail(
      `${argument}.retentionDays`,
      `${argument}.retentionDays must be a whole number of days (0 keeps the records until deleted), but got ${show(days)}.`,
    );
  }
  const watcher = given.networkWatcher;
  if (
    watcher !== undefined &&
    (watcher === null ||
      typeof watcher !== "object" ||
      (watcher.resourceGroupName !== undefined &&
        (typeof watcher.resourceGroupName !== "string" || watcher.resourceGroupName === "")) ||
      (watcher.names !== undefined &&
        (watcher.names === null ||
          typeof watcher.names !== "object" ||
          Object.values(watcher.names).some((n) => typeof n !== "string" || n === ""))))
  ) {
    fail(
      `${argument}.networkWatcher`,
      `${argument}.networkWatcher must be { resourceGroupName?: string, names?: { <region>: string } } naming an existing Network Watcher, but got ${show(watcher)}.`,
    );
  }
  return given as FlowLogsArgs;
}

/** One region's flow-log storage: a hardened StorageV2 account in the VNet's region. */
export function flowLogStorage(
  name: string,
  region: AzureRegion,
  resourceGroupName: pulumi.Input<string>,
  suffix: pulumi.Input<string>,
  tags: Record<string, string>,
  diagnostics: DiagnosticsArgs | undefined,
  parent: pulumi.Resource,
): storage.StorageAccount {
  const resourceName = childName(name, "flowlogs", region);
  const account = new storage.StorageAccount(
    resourceName,
    {
      resourceGroupName,
      // "The storage account must be in the same region as the virtual network" and "must be standard. Premium
      // storage accounts aren't supported." https://learn.microsoft.com/azure/network-watcher/vnet-flow-logs-overview
      location: region.name,
      // Region code first, so that cutting a long component name to 24 characters keeps the regions apart.
      accountName: uniqueName("storageAccount", `fl${region.code}${name}`, suffix),
      kind: "StorageV2",
      sku: { name: region.availabilityZones ? "Standard_ZRS" : "Standard_GRS" },
      minimumTlsVersion: "TLS1_2",
      enableHttpsTrafficOnly: true,
      allowBlobPublicAccess: false,
      // Flow logs write with the account's access keys: "If you change or rotate the access keys to your storage
      // account, virtual network flow logs stop working" (vnet-flow-logs-overview), so shared keys stay on.
      allowSharedKeyAccess: true,
      // Closed to every network; Network Watcher writes as a trusted service ("Azure networking services,
      // Microsoft.Network: Store and analyze network traffic logs, including through the Azure Network Watcher").
      // https://learn.microsoft.com/azure/storage/common/storage-network-security
      publicNetworkAccess: "Enabled",
      networkRuleSet: { defaultAction: "Deny", bypass: "AzureServices" },
      tags: { ...tags, purpose: "flow-logs" },
    },
    { parent },
  );
  sendDiagnostics(
    resourceName,
    "Microsoft.Storage/storageAccounts/blobServices",
    account,
    diagnostics,
    parent,
    "blobServices/default",
  );
  return account;
}

/** The flow log of one VNet, in its region's existing Network Watcher, with traffic analytics. */
export function vnetFlowLog(
  resourceName: string,
  region: AzureRegion,
  vnet: network.VirtualNetwork,
  account: storage.StorageAccount,
  flowLogs: FlowLogsArgs,
  tags: Record<string, string>,
  parent: pulumi.Resource,
): network.FlowLog {
  const days = flowLogs.retentionDays ?? defaultFlowLogRetentionDays;
  return new network.FlowLog(
    resourceName,
    {
      // "the resource group name in the request URI refers to the resource group that contains the Network Watcher"
      // https://learn.microsoft.com/azure/network-watcher/nsg-flow-logs-rest
      resourceGroupName: flowLogs.networkWatcher?.resourceGroupName ?? defaultNetworkWatcherResourceGroup,
      networkWatcherName:
        flowLogs.networkWatcher?.names?.[region.name] ?? defaultNetworkWatcherName(region.name),
      location: region.name,
      targetResourceId: vnet.id,
      storageId: account.id,
      enabled: true,
      // JSON version 2, as Microsoft's flow log template example targeting a virtual network writes it.
      // https://learn.microsoft.com/azure/templates/microsoft.network/networkwatchers/flowlogs
      format: { type: "JSON", version: 2 },
      retentionPolicy: { enabled: days > 0, days },
      flowAnalyticsConfiguration: {
        networkWatcherFlowAnalyticsConfiguration: {
          enabled: true,
          workspaceResourceId: flowLogs.workspaceId,
          ...(flowLogs.workspace
            ? { workspaceId: flowLogs.workspace.customerId, workspaceRegion: flowLogs.workspace.region }
            : {}),
          trafficAnalyticsInterval: flowLogs.trafficAnalyticsIntervalMinutes ?? 10,
        },
      },
      tags,
    },
    // After the VNet: Azure enables the region's Network Watcher "when you create or update a virtual network".
    { parent, dependsOn: [vnet] },
  );
}
