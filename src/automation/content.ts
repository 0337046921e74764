import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

/** Folder of the runbook files shipped in the package (copied next to the compiled code by the build). */
export const runbooksDir = path.join(__dirname, "runbooks");

/** The worker actions, each published as its own Python runbook. */
export const workerActions = ["failover", "failback", "drill", "drill-watch", "overload-drill"] as const;
export type WorkerAction = (typeof workerActions)[number];

/** A cross-region reprotect direction, as the worker sends it (see SiteRecovery's `ReprotectDirection`). */
export interface WorkerReprotect {
  policyId: string;
  recoveryContainerId: string;
  stagingStorageAccountId: string;
  recoveryResourceGroupIds: Record<string, string>;
  recoveryAvailabilityZones?: Record<string, string>;
}

/** What the worker runbook needs to know about the platform (ARM ids, targets), baked into its content. */
export interface WorkerConfig {
  /** `automatic`: act on Azure's record of an incident; `approval`: report the planned steps and wait for a person. */
  mode: "automatic" | "approval";
  /** What counts as an incident: read from the subscription's Service Health events, never from the request. */
  watch: {
    subscriptionId: string;
    /** The primary region, by ARM name and by the display name Service Health writes (`East US 2`). */
    primaryRegion: { name: string; displayName: string };
    services: string[];
    globalServices: string[];
    minLevel: "Warning" | "Error" | "Critical";
  };
  frontDoor?: {
    profileId: string;
    originGroupId: string;
    primaryOriginId: string;
    standbyOriginId: string;
    standbyOriginHost?: string;
    minHealthPercent: number;
  };
  standbyDeployments?: { id: string; capacity: number; baseCapacity?: number }[];
  standbyGateway?: { id: string; capacity: number; baseCapacity?: number };
  recovery?: {
    vaultId: string;
    planId: string;
    drillNetworkId?: string;
    recoveryPointType: "LatestProcessed" | "Latest";
    /** Failback takes every replicated write by default ("Latest"). */
    failbackRecoveryPointType?: "LatestProcessed" | "Latest";
    multiVmSyncPoint: boolean;
    reprotect?: { toPrimary: WorkerReprotect; toStandby: WorkerReprotect };
  };
  /** PostgreSQL replicas promoted on failover (and, for `Switchover`, switched back on failback). */
  databases?: {
    key: string;
    primaryServerId: string;
    replicaServerId: string;
    promoteMode: "Switchover" | "Standalone";
    promoteOption: "Auto" | "Forced" | "Planned";
    highAvailability?: "ZoneRedundant" | "SameZone";
  }[];
  /** Scheduled drills: what the drill probes from inside the drill network, and when a drill is overdue. */
  drill?: {
    /** Host names of the standby model endpoints a test VM must reach through the drill network. */
    modelHosts: string[];
    overdueAfterDays: number;
    /** The first scheduled drill: before any drill succeeded, the overdue check counts from here. */
    firstDrillAt?: string;
  };
  /** The token-overload drill: the primary gateway's backend pool, its members as deployed, and the bounds. */
  overloadDrill?: {
    poolId: string;
    primaryBackendId: string;
    members: { id: string; priority: number }[];
    seconds: number;
    maxFailedPercent: number;
  };
  lock?: { blobUrl: string };
  records?: { containerUrl: string };
  metrics?: { url: string };
}

const markers = /# AAF-CONFIG-START\n[\s\S]*?# AAF-CONFIG-END\n/;

function read(file: string): string {
  return fs.readFileSync(path.join(runbooksDir, file), "utf8").replace(/\r\n/g, "\n");
}

/** The worker runbook's content for one action, with its configuration written in. Pure apart from reading the file. */
export function renderWorker(action: WorkerAction, config: WorkerConfig): string {
  const block =
    "# AAF-CONFIG-START\n" +
    `CONFIG = json.loads(${JSON.stringify(JSON.stringify(config))})\n` +
    `ACTION = ${JSON.stringify(action)}\n` +
    "# AAF-CONFIG-END\n";
  return read("worker.py").replace(markers, () => block);
}

const psString = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** The PowerShell entry runbook's content, starting the failover worker in this account. */
export function renderEntry(values: { automationAccountId: string; workerRunbookName: string }): string {
  const block =
    "# AAF-CONFIG-START\n" +
    `$AutomationAccountId = ${psString(values.automationAccountId)}\n` +
    `$WorkerRunbookName = ${psString(values.workerRunbookName)}\n` +
    "# AAF-CONFIG-END\n";
  return read("entry.ps1").replace(markers, () => block);
}

/** SHA-256 of the content, upper-case hex, as Automation checks a content link's hash. */
export function contentHash(content: string): string {
  return createHash("sha256").update(content, "utf8").digest("hex").toUpperCase();
}
