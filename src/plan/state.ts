import * as fs from "fs";
import type { CheckedResource } from "../policies/model";
import { PlanError } from "./project";

/**
 * Reads a `pulumi stack export` file into the resource model the policies and the assessment read.
 *
 * The format is Pulumi's deployment: `{ version, deployment: { manifest, resources: [...] } }`, each resource with
 * `urn`, `custom`, `type`, `id`, `inputs`, `outputs`, `parent`, `dependencies` and, for a resource waiting to be
 * deleted, `delete: true` (https://www.pulumi.com/docs/reference/cloud-rest-api/schema/appdeploymentv3/: "both
 * deployment schema versions 3 and 4 can be unmarshaled into DeploymentV3"; `pulumi stack export --file <file>`,
 * https://www.pulumi.com/docs/iac/cli/commands/pulumi_stack_export/).
 */

/** A resource of a stack export, as checks see it, with its parent. */
export interface StackResource extends CheckedResource {
  /** URN of the parent (a component, or the stack). */
  readonly parent?: string;
}

/** What a stack export holds: the stack, the project, and its cloud resources. */
export interface StackExport {
  /** The file read. */
  readonly file: string;
  /** Stack and project, from the resources' URNs (`urn:pulumi:<stack>::<project>::...`). */
  readonly stack?: string;
  readonly project?: string;
  /** Custom (cloud) resources; components and providers are left out. */
  readonly resources: StackResource[];
}

/**
 * How Pulumi marks a secret in state: `{ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
 * "ciphertext" | "plaintext": ... }` (`specialSigKey` and `specialSecretSig` in @pulumi/pulumi's runtime/rpc.js).
 */
const secretSigKey = "4dabf18193072939515e22adb298388d";
const secretSig = "1b47061264138c4ac30d75fd1eb44270";

/** What a secret reads as: never its value, even from an export made with `--show-secrets`. */
export const stateSecretMask = "[secret]";

function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (record[secretSigKey] === secretSig) return stateSecretMask;
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, unwrapSecrets(v)]));
  }
  return value;
}

/** `outputs` under `inputs`, merged key by key, so `identity.principalId` (an output) survives `identity` (an input). */
export function mergeProps(outputs: unknown, inputs: unknown): unknown {
  const isRecord = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === "object" && !Array.isArray(v);
  if (!isRecord(outputs) || !isRecord(inputs)) return inputs === undefined ? outputs : inputs;
  const merged: Record<string, unknown> = { ...outputs };
  for (const [key, value] of Object.entries(inputs)) merged[key] = mergeProps(outputs[key], value);
  return merged;
}

/**
 * azure-native v2 programs may use explicitly versioned modules (`azure-native:network/v20230201:VirtualNetwork`);
 * the checks know the module's default token (`azure-native:network:VirtualNetwork`).
 */
export function normaliseType(type: string): string {
  return type.replace(/^(azure-native:[a-zA-Z0-9]+)\/v\d{8}(?:preview)?:/, "$1:");
}

/** The stack export in `json` (already parsed), read from `file`. @throws PlanError when it is not one. */
export function parseStackExport(json: unknown, file: string): StackExport {
  const notExport = (why: string) =>
    new PlanError(
      `${file} is not a Pulumi stack export: ${why}. Write one with \`pulumi stack export --file <file>\`.`,
    );
  if (json === null || typeof json !== "object" || Array.isArray(json)) throw notExport("no JSON object");
  const deployment = (json as { deployment?: unknown }).deployment;
  if (deployment === null || typeof deployment !== "object") throw notExport('no "deployment"');
  const raw = (deployment as { resources?: unknown }).resources ?? [];
  if (!Array.isArray(raw)) throw notExport('"deployment.resources" is not a list');
  const resources: StackResource[] = [];
  let stack: string | undefined;
  let project: string | undefined;
  raw.forEach((entry: unknown, index) => {
    if (entry === null || typeof entry !== "object") throw notExport(`resource ${index} is not an object`);
    const r = entry as Record<string, unknown>;
    if (typeof r.urn !== "string" || !r.urn.startsWith("urn:pulumi:"))
      throw notExport(`resource ${index} has no "urn"`);
    if (typeof r.type !== "string") throw notExport(`resource ${r.urn} has no "type"`);
    const parts = /^urn:pulumi:([^:]*)::([^:]*)::/.exec(r.urn);
    stack ??= parts?.[1];
    project ??= parts?.[2];
    if (r.custom !== true || r.delete === true || r.type.startsWith("pulumi:providers:")) return;
    const props = unwrapSecrets(mergeProps(r.outputs ?? {}, r.inputs ?? {})) as Record<string, unknown>;
    if (typeof r.id === "string" && r.id !== "") props.id = r.id;
    resources.push({
      urn: r.urn,
      type: normaliseType(r.type),
      name: r.urn.slice(r.urn.lastIndexOf("::") + 2),
      props,
      dependencies: Array.isArray(r.dependencies)
        ? r.dependencies.filter((d): d is string => typeof d === "string")
        : [],
      ...(typeof r.parent === "string" ? { parent: r.parent } : {}),
    });
  });
  return { file, stack, project, resources };
}

/** Reads the stack export at `file`. @throws PlanError when the file is missing, not JSON or not an export. */
export function readStackExport(file: string): StackExport {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new PlanError(
      code === "ENOENT"
        ? `--state ${file} does not exist: write it with \`pulumi stack export --file ${file}\`.`
        : `--state ${file} cannot be read: ${(e as Error).message}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new PlanError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  return parseStackExport(json, file);
}
