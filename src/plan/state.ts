import * as fs from "fs";
import type { CheckedResource } from "../policies/model";
import { currentType, normalizeResources } from "../policies/normalize";
import { RecordedResource, Recording } from "../testing/harness";
import { PlanError } from "./project";
import type { ProgramPlan } from "./run";

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

/** A component of a stack export (no cloud resource of its own): the parent its children are drawn under. */
export interface StackComponent {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent?: string;
}

/** What a stack export holds: the stack, the project, and its cloud resources. */
export interface StackExport {
  /** The file read. */
  readonly file: string;
  /** Stack and project, from the resources' URNs (`urn:pulumi:<stack>::<project>::...`). */
  readonly stack?: string;
  readonly project?: string;
  /**
   * Custom (cloud) resources, with current type tokens, and the region of their provider (its `location` input)
   * when they name none; components and providers are left out.
   */
  readonly resources: StackResource[];
  /** Component resources (the stack itself left out). */
  readonly components: StackComponent[];
  /** The default azure-native provider's `location`: the region of resources that name none. */
  readonly defaultLocation?: string;
  /** The stack's outputs (the `pulumi:pulumi:Stack` resource's), secrets masked. */
  readonly outputs: Record<string, unknown>;
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
  const components: StackComponent[] = [];
  /** `location` of each azure-native provider, by `<urn>::<id>` (how a resource names its provider). */
  const providerLocations = new Map<string, string>();
  const resourceProviders = new Map<string, string>();
  let stack: string | undefined;
  let project: string | undefined;
  let defaultLocation: string | undefined;
  let outputs: Record<string, unknown> = {};
  raw.forEach((entry: unknown, index) => {
    if (entry === null || typeof entry !== "object") throw notExport(`resource ${index} is not an object`);
    const r = entry as Record<string, unknown>;
    if (typeof r.urn !== "string" || !r.urn.startsWith("urn:pulumi:"))
      throw notExport(`resource ${index} has no "urn"`);
    if (typeof r.type !== "string") throw notExport(`resource ${r.urn} has no "type"`);
    const parts = /^urn:pulumi:([^:]*)::([^:]*)::/.exec(r.urn);
    stack ??= parts?.[1];
    project ??= parts?.[2];
    const name = r.urn.slice(r.urn.lastIndexOf("::") + 2);
    const parent = typeof r.parent === "string" ? { parent: r.parent } : {};
    if (r.delete === true) return;
    if (r.type === "pulumi:pulumi:Stack") {
      outputs = (unwrapSecrets(r.outputs ?? {}) as Record<string, unknown>) ?? {};
      return;
    }
    if (r.type === "pulumi:providers:azure-native") {
      const location = (r.inputs as { location?: unknown } | undefined)?.location;
      if (typeof location === "string" && location !== "") {
        providerLocations.set(`${r.urn}::${String(r.id ?? "")}`, location);
        // The default provider (`default`, `default_3_28_0`) places every resource given no provider.
        if (/^default(_|$)/.test(name)) defaultLocation ??= location;
      }
      return;
    }
    if (r.type.startsWith("pulumi:providers:")) return;
    if (r.custom !== true) {
      components.push({ urn: r.urn, type: r.type, name, ...parent });
      return;
    }
    const props = unwrapSecrets(mergeProps(r.outputs ?? {}, r.inputs ?? {})) as Record<string, unknown>;
    if (typeof r.id === "string" && r.id !== "") props.id = r.id;
    if (typeof r.provider === "string") resourceProviders.set(r.urn, r.provider);
    resources.push({
      urn: r.urn,
      type: currentType(r.type),
      name,
      props,
      dependencies: Array.isArray(r.dependencies)
        ? r.dependencies.filter((d): d is string => typeof d === "string")
        : [],
      ...parent,
    });
  });
  // Each resource in its provider's region when it names none, as azure-native places it.
  const placed = resources.map((r) => {
    const location = providerLocations.get(resourceProviders.get(r.urn) ?? "") ?? defaultLocation;
    if (location === undefined) return r;
    const [normalized] = normalizeResources([r], { defaultLocation: location });
    return { ...normalized, ...(r.parent !== undefined ? { parent: r.parent } : {}) };
  });
  return {
    file,
    stack,
    project,
    resources: placed,
    components,
    ...(defaultLocation !== undefined ? { defaultLocation } : {}),
    outputs,
  };
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

/**
 * A deployed stack, read from its export, as a plan: its resources with their recorded inputs and outputs merged
 * (outputs where inputs are absent), judged by the same policies as a program's plan, no program run.
 */
export function planStackExport(state: StackExport): ProgramPlan {
  const project = state.project ?? "unknown-project";
  const stackName = state.stack ?? "unknown-stack";
  const components: RecordedResource[] = state.components.map((c) => ({
    urn: c.urn,
    type: c.type,
    name: c.name,
    ...(c.parent !== undefined ? { parent: c.parent } : {}),
    custom: false,
    inputs: {},
    outputs: {},
    secretPaths: [],
    dependencies: [],
    propertyDependencies: {},
  }));
  const resources: RecordedResource[] = state.resources.map((r) => {
    const { id, ...inputs } = r.props;
    return {
      urn: r.urn,
      type: r.type,
      name: r.name,
      ...(r.parent !== undefined ? { parent: r.parent } : {}),
      custom: true,
      ...(typeof id === "string" ? { id } : {}),
      ...(typeof inputs.location === "string" ? { location: inputs.location } : {}),
      inputs,
      outputs: inputs,
      secretPaths: [],
      dependencies: [...r.dependencies],
      propertyDependencies: {},
    };
  });
  return {
    project: {
      dir: process.cwd(),
      name: project,
      entry: state.file,
      stack: stackName,
      config: state.defaultLocation ? { "azure-native:location": state.defaultLocation } : {},
      secretKeys: [],
      declarations: [],
    },
    recording: new Recording([...components, ...resources], [], state.outputs),
    stateFile: state.file,
  };
}
