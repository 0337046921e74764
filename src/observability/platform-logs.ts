import * as pulumi from "@pulumi/pulumi";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as resources from "@pulumi/azure-native/resources";
import { fail, show } from "../errors";
import { checkTags, toRegionPair } from "../internal/regional";
import { childName } from "../naming/names";
import type { RegionPair, RegionPairArgs } from "../regions/pair";
import { DiagnosticsArgs, sendDiagnostics } from "./diagnostics";

/** "Enabled" or "Disabled", as the workspace's two public-network-access switches take them. */
export type PublicNetworkAccess = "Enabled" | "Disabled";

export interface PlatformLogsArgs {
  /** The two regions; the workspace is built in the standby one, so it outlives a primary outage. */
  regions: RegionPairArgs | RegionPair;
  /** The resource group to build into. @default - a new group, `<name>-rg-<standby code>`, in the standby region */
  resourceGroupName?: pulumi.Input<string>;
  /**
   * Days the workspace keeps data for interactive queries, 30 to 730. The ingestion price includes 31 days, so
   * fewer saves nothing; 90 covers an incident found a quarter later and meets the pack's retention check.
   * @default 90
   */
  retentionInDays?: number;
  /**
   * Daily ingestion cap in GB. When it is reached the workspace stops collecting until the next day, so logs of
   * the very incident that made the volume spike are lost: no cap unless you set one.
   * @default - no cap
   */
  dailyQuotaGb?: number;
  /**
   * Public ingestion. "Disabled" accepts data only through an Azure Monitor Private Link Scope, which this library
   * does not build; the gateways' Application Insights sends over public endpoints (with Entra ID auth).
   * @default "Enabled"
   */
  publicNetworkAccessForIngestion?: PublicNetworkAccess;
  /**
   * Public queries. "Disabled" answers queries only through an Azure Monitor Private Link Scope, so operators could
   * not query from the portal during an incident unless they are on a linked network.
   * @default "Enabled"
   */
  publicNetworkAccessForQuery?: PublicNetworkAccess;
  /** Tags for every resource. @default - none */
  tags?: Record<string, string>;
}

/** Longest interactive retention a workspace takes: two years. */
export const maxRetentionInDays = 730;
/** Shortest retention worth setting: the ingestion price includes 31 days, so less saves nothing. */
export const minRetentionInDays = 30;
/** The production default: a quarter, so an incident noticed late can still be investigated. */
export const defaultRetentionInDays = 90;

const accessValues: readonly PublicNetworkAccess[] = ["Enabled", "Disabled"];

/**
 * Validates PlatformLogs' args, registering nothing. @throws InvalidArgumentError naming the argument, the value
 * received and the fix.
 */
export function checkPlatformLogsArgs(name: string, args: PlatformLogsArgs) {
  if (!args || typeof args !== "object")
    fail("args", `PlatformLogs "${name}" needs args, but got ${show(args)}.`);
  const pair = toRegionPair(args.regions);
  const tags = checkTags(args.tags);
  const days = args.retentionInDays ?? defaultRetentionInDays;
  // Analytics retention: the 30-day default can be raised to two years (730 days); the ingestion price includes
  // 31 days, so going lower saves nothing. https://learn.microsoft.com/azure/azure-monitor/logs/data-retention-configure
  if (!Number.isInteger(days) || days < minRetentionInDays || days > maxRetentionInDays) {
    fail(
      "retentionInDays",
      `retentionInDays must be a whole number of days from ${minRetentionInDays} to ${maxRetentionInDays} (two years; keep older data with table-level total retention), but got ${show(args.retentionInDays)}.`,
    );
  }
  const cap = args.dailyQuotaGb;
  if (cap !== undefined && (typeof cap !== "number" || !Number.isFinite(cap) || cap <= 0)) {
    fail(
      "dailyQuotaGb",
      `dailyQuotaGb must be a positive number of GB per day, or left out for no cap, but got ${show(cap)}.`,
    );
  }
  for (const key of ["publicNetworkAccessForIngestion", "publicNetworkAccessForQuery"] as const) {
    const value = args[key];
    if (value !== undefined && !accessValues.includes(value)) {
      fail(key, `${key} must be "Enabled" or "Disabled", but got ${show(value)}.`);
    }
  }
  return { pair, tags, days, cap };
}

/**
 * One Log Analytics workspace for the whole platform, in the standby region so that it keeps taking and answering
 * data while the primary region is down. Entra ID-only ingestion (`features.disableLocalAuth`), 90-day retention by
 * default, no daily cap; its own audit logs (who queried what) go to itself.
 *
 * Pass {@link PlatformLogs.diagnostics} as every other component's `diagnostics` arg.
 */
export class PlatformLogs extends pulumi.ComponentResource {
  /** The workspace's ARM id. */
  readonly workspaceId: pulumi.Output<string>;
  /** The workspace's name. */
  readonly workspaceName: pulumi.Output<string>;
  /** The workspace's customer id (a GUID), as agents and queries name it. */
  readonly customerId: pulumi.Output<string>;
  /** The workspace's resource group. */
  readonly resourceGroupName: pulumi.Output<string>;
  /** The workspace's region (the standby region's ARM name). */
  readonly location: string;
  /** `{ workspaceId }`: give it as `diagnostics` to every component. */
  readonly diagnostics: DiagnosticsArgs;

  constructor(name: string, args: PlatformLogsArgs, opts?: pulumi.ComponentResourceOptions) {
    const { pair, tags, days, cap } = checkPlatformLogsArgs(name, args);
    super("azure-ai-failover:observability:PlatformLogs", name, {}, opts);
    const region = pair.standby;
    const rg =
      args.resourceGroupName !== undefined
        ? pulumi.output(args.resourceGroupName)
        : new resources.ResourceGroup(
            childName(name, "rg", region),
            { location: region.name, tags: { ...tags, "failover-role": "standby" } },
            { parent: this },
          ).name;
    const workspace = new operationalinsights.Workspace(
      childName(name, "logs", region),
      {
        resourceGroupName: rg,
        location: region.name,
        sku: { name: "PerGB2018" },
        retentionInDays: days,
        // features.disableLocalAuth: "Disable Non-AAD based Auth" (Workspaces.json, 2023-09-01), so nobody with the
        // workspace key can send or forge data; built-in policy e15effd4-2278-4c65-a0da-4d6f6d1890e2.
        // https://learn.microsoft.com/azure/azure-monitor/logs/azure-ad-authentication-logs
        features: { disableLocalAuth: true },
        // A reached cap stops collection for the rest of the day: set only when asked for.
        // https://learn.microsoft.com/azure/azure-monitor/logs/daily-cap
        ...(cap !== undefined ? { workspaceCapping: { dailyQuotaGb: cap } } : {}),
        // Both default to "Enabled" (PublicNetworkAccessType, Workspaces.json 2023-09-01). Left public by default:
        // "Disabled" needs an Azure Monitor Private Link Scope (not built here); see the README's known limits.
        // https://learn.microsoft.com/azure/azure-monitor/logs/private-link-security
        publicNetworkAccessForIngestion: args.publicNetworkAccessForIngestion ?? "Enabled",
        publicNetworkAccessForQuery: args.publicNetworkAccessForQuery ?? "Enabled",
        tags,
      },
      { parent: this },
    );
    this.workspaceId = workspace.id;
    this.workspaceName = workspace.name;
    this.customerId = workspace.customerId;
    this.resourceGroupName = rg;
    this.location = region.name;
    this.diagnostics = { workspaceId: workspace.id };
    // The workspace's own audit (LAQueryLogs) and metrics, into itself.
    sendDiagnostics(
      childName(name, "logs", region),
      "Microsoft.OperationalInsights/workspaces",
      workspace,
      this.diagnostics,
      this,
    );
    this.registerOutputs({
      workspaceId: this.workspaceId,
      workspaceName: this.workspaceName,
      customerId: this.customerId,
      resourceGroupName: this.resourceGroupName,
    });
  }
}
