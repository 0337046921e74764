import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

/** Folder of the runbook files shipped in the package (copied next to the compiled code by the build). */
export const runbooksDir = path.join(__dirname, "runbooks");

/** The worker actions, each published as its own Python runbook. */
export const workerActions = ["failover", "failback", "drill"] as const;
export type WorkerAction = (typeof workerActions)[number];

/** What the worker runbook needs to know about the platform (ARM ids, targets), baked into its content. */
export interface WorkerConfig {
  /** Display name of the primary region, as Service Health writes it: `East US 2`. */
  primaryRegion: string;
  watchedServices: string[];
  incidentTypes: string[];
  frontDoor?: { originGroupId: string; primaryOriginId: string; standbyOriginId: string };
  standbyDeployments?: { id: string; capacity: number }[];
  standbyGateway?: { id: string; capacity: number };
  recoveryPlanId?: string;
  drillNetworkId?: string;
  lock?: { blobUrl: string };
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

/** The PowerShell entry runbook's content, pointing at the failover worker. */
export function renderEntry(values: {
  automationAccountName: string;
  resourceGroupName: string;
  workerRunbookName: string;
}): string {
  const block =
    "# AAF-CONFIG-START\n" +
    `$AutomationAccountName = ${psString(values.automationAccountName)}\n` +
    `$ResourceGroupName = ${psString(values.resourceGroupName)}\n` +
    `$WorkerRunbookName = ${psString(values.workerRunbookName)}\n` +
    "# AAF-CONFIG-END\n";
  return read("entry.ps1").replace(markers, () => block);
}

/** SHA-256 of the content, upper-case hex, as Automation checks a content link's hash. */
export function contentHash(content: string): string {
  return createHash("sha256").update(content, "utf8").digest("hex").toUpperCase();
}
