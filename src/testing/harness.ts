import * as path from "path";
import type * as pulumiType from "@pulumi/pulumi";
import { AzureMocks, AzureMocksOptions, MockCallArgs, MockResourceArgs, STANDIN_KEYS } from "./mocks";

/** The Pulumi SDK a program uses (a program in another folder may have its own copy). */
export type PulumiSdk = typeof pulumiType;

/** One resource as the program registered it. */
export interface RecordedResource {
  readonly urn: string;
  /** Type token: `azure-native:network:VirtualNetwork`, or the component's `azure-ai-failover:...`. */
  readonly type: string;
  /** Logical name. */
  readonly name: string;
  /** URN of the parent resource, or undefined at the top of the stack. */
  readonly parent?: string;
  /** True for a cloud resource, false for a component. */
  readonly custom: boolean;
  /** The mock's ARM id (custom resources only). */
  readonly id?: string;
  /** `inputs.location`, when given. */
  readonly location?: string;
  /** Inputs with secrets unwrapped (see `secretPaths`), unknowns as undefined. */
  readonly inputs: Record<string, unknown>;
  /** Outputs the mocks answered with (inputs plus computed values). */
  readonly outputs: Record<string, unknown>;
  /**
   * Outputs the mocks made up from azure-native's output type (Azure would compute or default them): programs read
   * them, policies do not judge them.
   */
  readonly standinOutputs?: readonly string[];
  /** Dotted paths of inputs that were secrets (`properties.password`, `""` when the whole input is). */
  readonly secretPaths: readonly string[];
  /** URNs this resource depends on (explicit `dependsOn` and inputs from other resources). */
  readonly dependencies: readonly string[];
  /** For each input property, the URNs its value came from. */
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
  /** True when the resource is kept in Azure on `pulumi destroy` (`retainOnDelete`). */
  readonly retainOnDelete?: boolean;
}

/** One invoke (data-source call) the program made. */
export interface RecordedCall {
  readonly token: string;
  readonly inputs: Record<string, unknown>;
}

export interface RecordOptions {
  /** @default "project" (for programs: the `name` in Pulumi.yaml) */
  project?: string;
  /** @default "test" */
  stack?: string;
  /**
   * Stack configuration. Keys without a namespace get the project's (`primaryRegion` -> `project:primaryRegion`);
   * non-string values are passed as JSON, as Pulumi passes structured config.
   */
  config?: Record<string, unknown>;
  /** Config keys (as given in `config`) whose values are secrets. */
  secretKeys?: string[];
  /** Run as a preview (`pulumi preview`) rather than an update. @default false */
  preview?: boolean;
  /** Options of the Azure mocks (subscription id, extra computed outputs). */
  mocks?: AzureMocksOptions;
  /** The Pulumi SDK to mock. @default the one this library resolves */
  sdk?: PulumiSdk;
  /**
   * Ends the run early with its error when it rejects (a deadline, the program calling `process.exit`), so that a
   * program whose promise never settles cannot hold the run, or the runs queued after it, forever.
   * @default - the run waits for the program and its registrations
   */
  abort?: Promise<never>;
}

/** What a program registered under the mocks, with lookups for tests and reports. */
export class Recording {
  constructor(
    readonly resources: readonly RecordedResource[],
    readonly calls: readonly RecordedCall[],
    /** What the program returned (its stack outputs), resolved. */
    readonly exports: unknown,
  ) {}

  /** Resources of a type token (full `azure-native:network:Subnet`, or just `network:Subnet` / `Subnet`). */
  ofType(type: string): RecordedResource[] {
    return this.resources.filter((r) => matchesType(r.type, type));
  }

  /** The one resource of this type and logical name; throws, listing what exists, when there is none. */
  get(type: string, name: string): RecordedResource {
    const found = this.resources.find((r) => matchesType(r.type, type) && r.name === name);
    if (!found) {
      const names = this.ofType(type).map((r) => r.name);
      throw new Error(
        `no ${type} named "${name}" was registered; ${type} resources: ${names.length ? names.join(", ") : "none"}`,
      );
    }
    return found;
  }

  /** The resource with this logical name (any type), or undefined. */
  find(name: string): RecordedResource | undefined {
    return this.resources.find((r) => r.name === name);
  }

  /** The resource with this URN; throws when unknown. */
  byUrn(urn: string): RecordedResource {
    const found = this.resources.find((r) => r.urn === urn);
    if (!found) throw new Error(`no resource with URN ${urn} was registered`);
    return found;
  }

  /** The resource whose mock ARM id is `id`, or undefined. */
  byId(id: unknown): RecordedResource | undefined {
    return typeof id === "string" ? this.resources.find((r) => r.id === id) : undefined;
  }

  /** Direct children of a resource (by URN or the record itself). */
  childrenOf(parent: string | RecordedResource): RecordedResource[] {
    const urn = typeof parent === "string" ? parent : parent.urn;
    return this.resources.filter((r) => r.parent === urn);
  }

  /** All descendants of a resource, depth first. */
  descendantsOf(parent: string | RecordedResource): RecordedResource[] {
    return this.childrenOf(parent).flatMap((child) => [child, ...this.descendantsOf(child)]);
  }

  /** Number of resources per type token, custom resources only unless `components` is set. */
  countByType(options: { components?: boolean } = {}): Map<string, number> {
    const counts = new Map<string, number>();
    for (const r of this.resources) {
      if (r.custom || options.components) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
    }
    return new Map([...counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
}

function matchesType(actual: string, wanted: string): boolean {
  return actual === wanted || actual.endsWith(`:${wanted}`);
}

// --- serialized gRPC values ------------------------------------------------------------------------------
// Special keys and signatures of Pulumi's wire format (stable across SDK versions; see runtime/rpc.ts).
const sigKey = "4dabf18193072939515e22adb298388d";
const secretSig = "1b47061264138c4ac30d75fd1eb44270";
const resourceSig = "5cf8f73096256a8f31e491e813e4eb8e";
const assetSig = "c44067f5952c0a294b673a41bacd8c17";
const archiveSig = "0def7320c3a5731c473e5ecbe6d01bc7";
const outputSig = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Turns a serialized value into plain JSON-able data, noting where secrets were. */
export function plainValue(raw: unknown, at: string, secretPaths: string[]): unknown {
  if (raw === unknownValue) return undefined;
  if (Array.isArray(raw)) return raw.map((v, i) => plainValue(v, `${at}[${i}]`, secretPaths));
  if (raw === null || typeof raw !== "object") return raw;
  const obj = raw as Record<string, unknown>;
  switch (obj[sigKey]) {
    case secretSig:
      secretPaths.push(at);
      return plainValue(obj.value, at, []);
    case resourceSig:
      return obj.urn;
    case assetSig:
    case archiveSig:
      return obj.path ?? obj.uri ?? obj.text ?? "<asset>";
    case outputSig:
      if (obj.secret) secretPaths.push(at);
      return plainValue(obj.value, at, []);
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) {
    const plain = plainValue(value, at ? `${at}.${key}` : key, secretPaths);
    if (plain !== undefined) out[key] = plain;
  }
  return out;
}

// --- the monitor's request and response, as far as we read them ------------------------------------------
interface Struct {
  toJavaScript(): Record<string, unknown>;
}
interface RegisterRequest {
  getAdditionalsecretoutputsList?(): string[];
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): Struct | undefined;
  getDependenciesList(): string[];
  getRetainondelete?(): boolean | undefined;
  getPropertydependenciesMap(): {
    forEach(cb: (value: { getUrnsList(): string[] }, key: string) => void): void;
  };
}
interface RegisterResponse {
  getUrn(): string;
  getId(): string;
  getObject(): Struct | undefined;
  setObject(value: Struct): void;
}
interface MockMonitorLike {
  registerResource(
    req: RegisterRequest,
    callback: (err: Error | null, resp?: RegisterResponse) => void,
  ): void;
  registerResourceOutputs?(
    req: { getUrn(): string; getOutputs(): { toJavaScript(): Record<string, unknown> } | undefined },
    callback: (err: Error | null, resp?: unknown) => void,
  ): void;
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs `program` under Pulumi's mock runtime with Azure-like mocks, and returns every resource it
 * registered (type, name, URN, parent, location, inputs, dependencies) once all registrations settled.
 *
 * Runs are serialized: the Pulumi runtime is global to the process. The program must create its resources
 * only after this is called (import component modules freely; construct them inside `program`).
 *
 * @throws the program's own error, or the first error of a resource registration or `apply`.
 */
export function record(program: () => unknown, options: RecordOptions = {}): Promise<Recording> {
  const run = queue.then(() => recordNow(program, options));
  queue = run.catch(() => undefined);
  return run;
}

async function recordNow(program: () => unknown, options: RecordOptions): Promise<Recording> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk: PulumiSdk = options.sdk ?? require("@pulumi/pulumi");
  const project = options.project ?? "project";
  const qualify = (key: string) => (key.includes(":") ? key : `${project}:${key}`);
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(options.config ?? {})) {
    config[qualify(key)] = typeof value === "string" ? value : JSON.stringify(value);
  }
  // The provider's default region (Pulumi.<stack>.yaml's azure-native:location) places the stand-in values too.
  const azure = new AzureMocks({ defaultLocation: config["azure-native:location"], ...options.mocks });
  const calls: RecordedCall[] = [];
  const mocks = {
    newResource: (args: MockResourceArgs) => azure.newResource(args),
    call: (args: MockCallArgs) => {
      calls.push({ token: args.token, inputs: args.inputs });
      return azure.call(args);
    },
  };
  await sdk.runtime.setMocks(
    mocks as pulumiType.runtime.Mocks,
    project,
    options.stack ?? "test",
    options.preview ?? false,
  );

  sdk.runtime.setAllConfig(config, (options.secretKeys ?? []).map(qualify));

  // Kept in the order the runtime sent the registrations (responses may arrive in another order), so that
  // recordings and plans are deterministic. That order follows the program's but is not the same: a resource waits
  // for its inputs' and options' promises before it is sent.
  const slots: (RecordedResource | undefined)[] = [];
  const monitor = (sdk.runtime as unknown as { getMonitor(): MockMonitorLike }).getMonitor();
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) => {
    const slot = slots.push(undefined) - 1;
    register(req, (err, resp) => {
      if (!err && resp) {
        markSecretOutputs(req, resp);
        slots[slot] = toRecord(req, resp);
      }
      callback(err, resp);
    });
  };
  // What components register as their outputs (`registerOutputs`): a platform's profile, say.
  const componentOutputs = new Map<string, Record<string, unknown>>();
  const registerOutputs = monitor.registerResourceOutputs?.bind(monitor);
  if (registerOutputs) {
    monitor.registerResourceOutputs = (req, callback) => {
      const outputs = plainValue(req.getOutputs()?.toJavaScript() ?? {}, "", []) as Record<string, unknown>;
      componentOutputs.set(req.getUrn(), outputs);
      registerOutputs(req, callback);
    };
  }
  const registered = () =>
    slots
      .filter((r): r is RecordedResource => r !== undefined)
      .map((r) =>
        !r.custom && componentOutputs.has(r.urn)
          ? { ...r, outputs: { ...r.outputs, ...componentOutputs.get(r.urn) } }
          : r,
      );

  const failures: unknown[] = [];
  const onRejection = (reason: unknown) => failures.push(reason);
  process.on("unhandledRejection", onRejection);
  let restoreAliases: () => void = () => undefined;
  const run = async () => {
    const returned = await program();
    const exports = await resolveDeep(sdk, returned);
    await settle(sdk, () => slots.length);
    if (failures.length > 0) throw failures[0];
    return new Recording(registered(), calls, exports);
  };
  try {
    restoreAliases = withoutVersionAliases(sdk);
    return await (options.abort ? Promise.race([run(), options.abort]) : run());
  } finally {
    restoreAliases();
    process.off("unhandledRejection", onRejection);
  }
}

/**
 * Leaves out, while a run lasts, the aliases azure-native gives each of its resources for its own earlier type tokens:
 * one per API version the resource ever had (`{ type: "azure-native:network/v20150501preview:VirtualNetwork" }`, 60
 * on a virtual network, 25 on a resource group). The SDK turns each into a URN output when the resource is
 * constructed, which was most of the time and memory of a run under the mocks, for URNs that only a deployed stack's
 * state could match: the mock monitor makes URNs from type, name and parent and reads no alias. Aliases naming
 * anything else (a `name`, a `parent`, a URN, a type outside azure-native such as a renamed component's) are kept.
 * The SDK object is patched for the run, so an azure-native alias a program writes as the only option of a resource
 * is left out too.
 * @returns puts the SDK's own `mergeOptions` back, unless something replaced it meanwhile
 */
function withoutVersionAliases(sdk: PulumiSdk): () => void {
  const descriptor = Object.getOwnPropertyDescriptor(sdk, "mergeOptions");
  // A copy of the SDK that exports read-only getters keeps its aliases: slower, not wrong.
  if (!descriptor?.writable || typeof descriptor.value !== "function") return () => undefined;
  const merge = descriptor.value as PulumiSdk["mergeOptions"];
  const lean: PulumiSdk["mergeOptions"] = (first, second) =>
    merge(first, isAzureNativeAliasesOnly(second) ? {} : second);
  // An ES module namespace (`await import("@pulumi/pulumi")`) reports writable properties and refuses every write.
  if (!Reflect.set(sdk, "mergeOptions", lean)) return () => undefined;
  return () => {
    if (sdk.mergeOptions === lean) Reflect.set(sdk, "mergeOptions", merge);
  };
}

/**
 * `{ aliases: [{ type: "azure-native:..." }, ...] }` and nothing else: how azure-native passes its earlier type tokens
 * (every one of its 2,283 resource constructors in 3.28.0).
 */
function isAzureNativeAliasesOnly(options: unknown): boolean {
  if (typeof options !== "object" || options === null) return false;
  const { aliases, ...rest } = options as { aliases?: unknown };
  return (
    Object.keys(rest).length === 0 &&
    Array.isArray(aliases) &&
    aliases.length > 0 &&
    aliases.every(
      (alias) =>
        typeof alias === "object" &&
        alias !== null &&
        Object.keys(alias).length === 1 &&
        typeof (alias as { type?: unknown }).type === "string" &&
        (alias as { type: string }).type.startsWith("azure-native:"),
    )
  );
}

/**
 * Marks the outputs a resource declares secret (`additionalSecretOutputs`, e.g. a RandomPassword's `result`) as
 * secrets, as the Pulumi engine does and the SDK's mock monitor does not, so that values derived from them stay
 * secret in recordings and plans.
 */
function markSecretOutputs(req: RegisterRequest, resp: RegisterResponse): void {
  const names = req.getAdditionalsecretoutputsList?.() ?? [];
  const object = resp.getObject();
  if (names.length === 0 || !object) return;
  const state = object.toJavaScript();
  for (const name of names) {
    if (state[name] !== undefined) state[name] = { [sigKey]: secretSig, value: state[name] };
  }
  const StructClass = object.constructor as unknown as {
    fromJavaScript(value: Record<string, unknown>): Struct;
  };
  resp.setObject(StructClass.fromJavaScript(state));
}

function toRecord(req: RegisterRequest, resp: RegisterResponse): RecordedResource {
  const secretPaths: string[] = [];
  const inputs = plainValue(req.getObject()?.toJavaScript() ?? {}, "", secretPaths) as Record<
    string,
    unknown
  >;
  const outputs = plainValue(resp.getObject()?.toJavaScript() ?? {}, "", []) as Record<string, unknown>;
  const standins = Array.isArray(outputs[STANDIN_KEYS]) ? (outputs[STANDIN_KEYS] as string[]) : [];
  delete outputs[STANDIN_KEYS];
  const propertyDependencies: Record<string, string[]> = {};
  req.getPropertydependenciesMap().forEach((value, key) => {
    propertyDependencies[key] = value.getUrnsList();
  });
  const location = typeof inputs.location === "string" ? inputs.location : undefined;
  return {
    urn: resp.getUrn(),
    type: req.getType(),
    name: req.getName(),
    ...(req.getParent() ? { parent: req.getParent() } : {}),
    custom: req.getCustom(),
    ...(req.getCustom() && resp.getId() ? { id: resp.getId() } : {}),
    ...(location ? { location } : {}),
    inputs,
    outputs,
    ...(standins.length > 0 ? { standinOutputs: standins } : {}),
    secretPaths,
    dependencies: [...new Set(req.getDependenciesList())],
    propertyDependencies,
    ...(req.getRetainondelete?.() ? { retainOnDelete: true } : {}),
  };
}

/** Waits until the runtime has no RPC in flight and no `apply` has started new registrations. */
async function settle(sdk: PulumiSdk, registered: () => number): Promise<void> {
  const runtime = sdk.runtime as unknown as { waitForRPCs(): Promise<void> };
  let before = -1;
  for (let round = 0; round < 100 && before !== registered(); round++) {
    before = registered();
    await runtime.waitForRPCs();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** What a secret stack output reads as in a recording. */
export const secretMask = "[secret]";

/** Resolves Outputs and promises anywhere inside a program's return value (its stack outputs); secrets masked. */
async function resolveDeep(sdk: PulumiSdk, value: unknown): Promise<unknown> {
  if (value === undefined || value === null) return value;
  if (sdk.Output.isInstance(value)) {
    // `promise()` (internal to the SDK, in every version) rejects when an `apply` threw; waiting on `apply(resolve)`
    // would wait forever for such an output, and a plan would end with nothing said.
    const output = value as pulumiType.Output<unknown> & {
      isSecret: Promise<boolean>;
      promise?: () => Promise<unknown>;
    };
    const resolved = output.promise
      ? await output.promise()
      : await new Promise((resolve) => output.apply(resolve));
    return (await output.isSecret) ? secretMask : resolveDeep(sdk, resolved);
  }
  if (value instanceof Promise) return resolveDeep(sdk, await value);
  if (Array.isArray(value)) return Promise.all(value.map((v) => resolveDeep(sdk, v)));
  if (typeof value === "object" && !sdk.Resource.isInstance(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = await resolveDeep(sdk, v);
    return out;
  }
  return value;
}

/** Resolves a Pulumi SDK from a program's folder, so the mocks apply to the copy the program imports. */
export function sdkFor(programDir: string): PulumiSdk {
  const resolved = require.resolve("@pulumi/pulumi", { paths: [path.resolve(programDir), __dirname] });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(resolved);
}
