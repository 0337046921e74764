import Module from "module";

/** What a dynamic resource's `__provider` input holds in an offline plan: nothing runs it. */
export const OFFLINE_PROVIDER_TEXT =
  "// offline plan: dynamic providers are not serialized, nothing runs them";

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
let installed = false;

/**
 * Keeps the plan process from loading what only `pulumi up` needs. `@pulumi/pulumi`'s runtime loads its
 * closure serializer on start (which loads TypeScript and npm's Arborist, ~0.6 s and ~30 MB) to turn a dynamic
 * provider's code into text for the engine to run. Offline, no engine runs it: `serializeFunction` answers with a
 * placeholder, and `computeCodePaths` (for function serialization by programs) loads the real module when called.
 * Affects only the process that plans; a program's own `pulumi up` is untouched.
 */
export function skipClosureSerialization(): void {
  if (installed) return;
  installed = true;
  const moduleApi = Module as unknown as { _load: Load };
  const load = moduleApi._load;
  moduleApi._load = function (request, parent, isMain) {
    if (request.endsWith("closure/serializeClosure")) {
      const serialized = async () => ({
        text: OFFLINE_PROVIDER_TEXT,
        exportName: "handler",
        containsSecrets: false,
      });
      return { serializeFunction: serialized, serializeFunctionAsync: async () => OFFLINE_PROVIDER_TEXT };
    }
    if (request.endsWith("closure/codePaths")) {
      let real: Record<string, (...args: unknown[]) => unknown> | undefined;
      const actual = () =>
        (real ??= load.call(this, request, parent, isMain) as Record<
          string,
          (...args: unknown[]) => unknown
        >);
      return {
        computeCodePaths: (...args: unknown[]) => actual().computeCodePaths(...args),
        findWorkspaceRoot: (...args: unknown[]) => actual().findWorkspaceRoot(...args),
      };
    }
    if (request.endsWith("/debuggable") && !process.env.PULUMI_DEBUG_PROMISE_LEAKS) {
      return withoutPromiseStacks(load.call(this, request, parent, isMain) as DebuggableModule);
    }
    return load.call(this, request, parent, isMain);
  };
  // A runtime loaded before this hook is patched where it sits.
  for (const [file, cached] of Object.entries(require.cache)) {
    if (/[\\/]@pulumi[\\/]pulumi[\\/]runtime[\\/]debuggable\.js$/.test(file) && cached?.exports) {
      withoutPromiseStacks(cached.exports as DebuggableModule);
    }
  }
}

interface DebuggableModule {
  debuggablePromise?: (p: Promise<unknown>, ctx: unknown) => Promise<unknown>;
  [leanMark]?: true;
}
const leanMark = Symbol.for("azure-ai-failover.leanPromises");

/**
 * `@pulumi/pulumi` stamps every promise of its runtime with a captured stack trace (`new Error().stack`), only read
 * when `PULUMI_DEBUG_PROMISE_LEAKS` is set to print where a leaked promise was made. Formatting those stacks is about
 * a tenth of an offline plan's time: the plan keeps the runtime's leak bookkeeping and drops the traces (unless that
 * variable is set). Errors thrown by the program keep their stacks.
 */
function withoutPromiseStacks(mod: DebuggableModule): DebuggableModule {
  const original = mod?.debuggablePromise;
  if (typeof original !== "function" || mod[leanMark]) return mod;
  mod.debuggablePromise = (p, ctx) => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return original(p, ctx);
    } finally {
      Error.stackTraceLimit = limit;
    }
  };
  mod[leanMark] = true;
  return mod;
}
