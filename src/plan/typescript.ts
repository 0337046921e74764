import * as fs from "fs";
import * as path from "path";

interface TypeScriptApi {
  transpileModule(
    input: string,
    options: { compilerOptions: Record<string, unknown>; fileName: string },
  ): { outputText: string };
  ModuleKind: { CommonJS: number };
  ScriptTarget: { ES2022: number };
}
type Loader = (
  module: NodeJS.Module & { _compile(code: string, file: string): void },
  filename: string,
) => void;

/**
 * Lets `require` load TypeScript files, transpiling without type checking (type checking is the build's
 * job; a plan only needs the program to run). Does nothing when a loader (ts-node) is already registered.
 * TypeScript is taken from the program's own dependencies first.
 */
export function registerTypeScript(programDir: string): void {
  const extensions = require.extensions as unknown as Record<string, Loader | undefined>;
  if (extensions[".ts"]) return;
  let ts: TypeScriptApi;
  try {
    const resolved = require.resolve("typescript", { paths: [programDir, process.cwd(), __dirname] });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ts = require(resolved);
  } catch {
    throw new Error(
      `planning a TypeScript program needs the "typescript" package, and none was found from ${programDir}: ` +
        "run `npm install --save-dev typescript` in the program's folder.",
    );
  }
  const compilerOptions = {
    module: ts.ModuleKind.CommonJS,
    target: ts.ScriptTarget.ES2022,
    esModuleInterop: true,
    inlineSourceMap: true,
  };
  extensions[".ts"] = (module, filename) => {
    const source = fs.readFileSync(filename, "utf8");
    const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: filename });
    module._compile(outputText, filename);
  };
}

/** Forgets the cached modules of a program's own files, so it can be planned again in one process. */
export function forgetProgramModules(programDir: string): void {
  const root = path.resolve(programDir) + path.sep;
  for (const file of Object.keys(require.cache)) {
    if (file.startsWith(root) && !file.includes(`${path.sep}node_modules${path.sep}`))
      delete require.cache[file];
  }
}
