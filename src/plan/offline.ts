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
    return load.call(this, request, parent, isMain);
  };
}
