import * as path from "path";
import { record, Recording, sdkFor } from "../testing/harness";
import { LoadProjectOptions, PlanError, ProgramProject, loadProject } from "./project";
import { skipClosureSerialization } from "./offline";
import { forgetProgramModules, registerTypeScript } from "./typescript";

export interface PlanOptions extends LoadProjectOptions {
  /** Folder of the Pulumi project (holding Pulumi.yaml). @default the current folder */
  program?: string;
}

/** A program synthesized offline: its project, stack and everything it registered. */
export interface ProgramPlan {
  readonly project: ProgramProject;
  readonly recording: Recording;
}

/**
 * Runs a Pulumi program offline under the mock runtime, with its stack's config and no Azure credentials
 * or Pulumi CLI, and returns what it would create.
 *
 * @throws PlanError when the project cannot be read, config is missing or the program throws.
 */
export async function planProgram(options: PlanOptions = {}): Promise<ProgramPlan> {
  const project = loadProject(options.program ?? process.cwd(), options);
  if (project.entry.endsWith(".ts")) registerTypeScript(project.dir);
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
      },
    );
    return { project, recording };
  } catch (err) {
    if (err instanceof PlanError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    throw new PlanError(
      `the program ${path.relative(process.cwd(), project.entry) || project.entry} failed: ${message}`,
    );
  }
}

function stackOutputs(moduleExports: unknown): unknown {
  if (moduleExports === null || typeof moduleExports !== "object") return moduleExports;
  const outputs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(moduleExports)) if (key !== "__esModule") outputs[key] = value;
  return outputs;
}
