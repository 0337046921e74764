import Module from "module";
import { record, Recording, sdkFor } from "../testing/harness";
import { ProgramExit, describeFailure, sdkCopies, sdkRoot } from "./failure";
import { LoadProjectOptions, PlanError, ProgramProject, loadProject } from "./project";
import { skipClosureSerialization } from "./offline";
import { forgetProgramModules, registerTypeScript } from "./typescript";

export interface PlanOptions extends LoadProjectOptions {
  /** Folder of the Pulumi project (holding Pulumi.yaml). @default the current folder */
  program?: string;
  /**
   * How long the program may run, in seconds, before the plan gives up on it (a promise it awaits that never
   * settles, a timer or connection it waits on). @default 120
   */
  timeoutSeconds?: number;
}

/** A program synthesized offline (or a deployed stack read from its export): its project, stack and resources. */
export interface ProgramPlan {
  readonly project: ProgramProject;
  readonly recording: Recording;
  /** The `pulumi stack export` file the resources were read from, for a deployed stack. @default - a program run */
  readonly stateFile?: string;
}

/** How long a program may run by default: far above any real program's offline run (seconds). */
export const defaultTimeoutSeconds = 120;

/**
 * Runs a Pulumi program offline under the mock runtime, with its stack's config and no Azure credentials
 * or Pulumi CLI, and returns what it would create.
 *
 * Never reports success for a program that did not finish: a throw (in the program, an `apply` or a callback), a
 * call to `process.exit`, a promise that never settles, a syntax error, a missing package or two copies of
 * `@pulumi/pulumi` all end in a PlanError of one line, naming the program's file and line where there is one.
 *
 * @throws PlanError when the project cannot be read, config is missing or the program fails.
 */
export async function planProgram(options: PlanOptions = {}): Promise<ProgramPlan> {
  const project = loadProject(options.program ?? process.cwd(), options);
  try {
    if (project.entry.endsWith(".ts")) registerTypeScript(project.dir);
  } catch (e) {
    throw new PlanError((e as Error).message);
  }
  skipClosureSerialization();
  let sdk;
  try {
    sdk = sdkFor(project.dir);
  } catch {
    throw new PlanError(
      `${project.dir} cannot load @pulumi/pulumi: run \`npm install\` in the program's folder.`,
    );
  }
  forgetProgramModules(project.dir);
  const guard = guardProcess(options.timeoutSeconds ?? defaultTimeoutSeconds);
  guard.sdkRoots.add(sdkRoot(require.resolve("@pulumi/pulumi", { paths: [project.dir, __dirname] })) ?? "");
  try {
    const recording = await record(
      async () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const loaded = require(project.entry) as unknown;
        const main = typeof loaded === "function" ? loaded : (loaded as { default?: unknown })?.default;
        if (typeof main === "function") return (main as () => unknown)();
        return stackOutputs(loaded);
      },
      {
        project: project.name,
        stack: project.stack,
        config: project.config,
        secretKeys: project.secretKeys,
        sdk,
        abort: guard.abort,
      },
    );
    checkOneSdk(guard.sdkRoots, project.dir);
    return { project, recording };
  } catch (err) {
    // Two SDK copies make programs fail in confusing ways: said first, since it is the cause.
    checkOneSdk(guard.sdkRoots, project.dir);
    if (err instanceof PlanError) throw err;
    throw new PlanError(describeFailure(err, project.dir, project.entry));
  } finally {
    guard.restore();
  }
}

function checkOneSdk(roots: Set<string>, programDir: string): void {
  const copies = [...roots].filter(Boolean);
  if (copies.length > 1) throw new PlanError(sdkCopies(copies, programDir));
}

interface ProcessGuard {
  /** Rejects when the program ends the run early: `process.exit`, an uncaught exception, the deadline. */
  readonly abort: Promise<never>;
  /** Folders of the @pulumi/pulumi copies the program resolved. */
  readonly sdkRoots: Set<string>;
  /** Puts back what the guard replaced. */
  restore(): void;
}

type ResolveFilename = (request: string, ...rest: unknown[]) => string;

/**
 * What a program may do to the process a plan runs in, caught while it runs: `process.exit` (which would end the
 * plan with the program's exit code and nothing said), exceptions thrown in callbacks, a promise that never settles
 * (the event loop runs empty, or the deadline passes), and which copies of @pulumi/pulumi it resolves.
 */
function guardProcess(timeoutSeconds: number): ProcessGuard {
  let fail: (reason: unknown) => void = () => undefined;
  const abort = new Promise<never>((_, reject) => (fail = reject));
  abort.catch(() => undefined);

  const exit = process.exit;
  process.exit = ((code?: string | number | null) => {
    const error = new ProgramExit(code);
    fail(error);
    throw error;
  }) as typeof process.exit;
  const onUncaught = (error: unknown) => fail(error);
  process.on("uncaughtException", onUncaught);
  const onEmptyLoop = () =>
    fail(
      new PlanError(
        "the program never finished: it awaits a promise that nothing settles (the event loop ran empty while it waited).",
      ),
    );
  process.on("beforeExit", onEmptyLoop);
  const timer = setTimeout(
    () =>
      fail(
        new PlanError(
          `the program did not finish within ${timeoutSeconds} s: a promise it awaits never settles, or it waits on a timer or connection a plan does not provide (a slow program needs a longer --timeout).`,
        ),
      ),
    timeoutSeconds * 1000,
  );
  timer.unref();

  const sdkRoots = new Set<string>();
  const loader = Module as unknown as { _resolveFilename: ResolveFilename };
  const resolve = loader._resolveFilename;
  loader._resolveFilename = function (this: unknown, request, ...rest) {
    const file = resolve.call(this, request, ...rest);
    const root =
      request === "@pulumi/pulumi" || request.startsWith("@pulumi/pulumi/") ? sdkRoot(file) : undefined;
    if (root) sdkRoots.add(root);
    return file;
  };
  // The SDK's leak detector prints a page and sets exit code 1 when the process ends with promises pending; for a
  // plan that is the plan's verdict to give, in one line.
  const exitListeners = new Set(process.listeners("exit"));

  return {
    abort,
    sdkRoots,
    restore() {
      process.exit = exit;
      process.off("uncaughtException", onUncaught);
      process.off("beforeExit", onEmptyLoop);
      clearTimeout(timer);
      loader._resolveFilename = resolve;
      for (const listener of process.listeners("exit"))
        if (!exitListeners.has(listener)) process.off("exit", listener);
    },
  };
}

function stackOutputs(moduleExports: unknown): unknown {
  if (moduleExports === null || typeof moduleExports !== "object") return moduleExports;
  const outputs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(moduleExports)) if (key !== "__esModule") outputs[key] = value;
  return outputs;
}
