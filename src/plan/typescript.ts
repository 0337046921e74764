import { createHash } from "crypto";
import * as fs from "fs";
import { SourceMap } from "module";
import * as path from "path";

interface TypeScriptApi {
  version: string;
  transpileModule(
    input: string,
    options: { compilerOptions: Record<string, unknown>; fileName: string; reportDiagnostics?: boolean },
  ): { outputText: string; diagnostics?: Diagnostic[] };
  flattenDiagnosticMessageText(message: unknown, newLine: string): string;
  ModuleKind: { CommonJS: number };
  ScriptTarget: { ES2022: number };
}
interface Diagnostic {
  start?: number;
  messageText: unknown;
  file?: { getLineAndCharacterOfPosition(position: number): { line: number; character: number } };
}
/** Changes when the transpiled output changes shape (2: with an inline source map), so old cache entries go unused. */
const cacheFormat = 2;

type Loader = (
  module: NodeJS.Module & { _compile(code: string, file: string): void },
  filename: string,
) => void;

/**
 * Lets `require` load TypeScript files, transpiling without type checking (type checking is the build's
 * job; a plan only needs the program to run). Does nothing when a loader (ts-node) is already registered.
 * TypeScript is taken from the program's own dependencies first. Transpiled files are cached on disk
 * (`node_modules/.cache/azure-ai-failover`, keyed by content), so only changed files are transpiled again.
 */
export function registerTypeScript(programDir: string): void {
  const extensions = require.extensions as unknown as Record<string, Loader | undefined>;
  if (extensions[".ts"]) return;
  let resolved: string;
  try {
    resolved = require.resolve("typescript", { paths: [programDir, process.cwd(), __dirname] });
  } catch {
    throw new Error(
      `planning a TypeScript program needs the "typescript" package, and none was found from ${programDir}: ` +
        "run `npm install --save-dev typescript` in the program's folder.",
    );
  }
  // typescript/lib/typescript.js -> node_modules/.cache/azure-ai-failover
  const cacheDir = path.resolve(path.dirname(resolved), "..", "..", ".cache", "azure-ai-failover");
  const version = (
    JSON.parse(fs.readFileSync(path.resolve(path.dirname(resolved), "..", "package.json"), "utf8")) as {
      version: string;
    }
  ).version;
  let ts: TypeScriptApi | undefined;
  const transpile = (source: string, fileName: string) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ts ??= require(resolved) as TypeScriptApi;
    // An inline source map lets Node report the program's own lines (its imports' helpers move every line).
    const compilerOptions = {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      inlineSourceMap: true,
    };
    const result = ts.transpileModule(source, { compilerOptions, fileName, reportDiagnostics: true });
    // Syntax errors, with the program's own file, line and column (not the transpiled output's).
    const [first] = result.diagnostics ?? [];
    if (first) {
      const at =
        first.file && first.start !== undefined
          ? first.file.getLineAndCharacterOfPosition(first.start)
          : undefined;
      const where = at ? `${fileName}:${at.line + 1}:${at.character + 1}` : fileName;
      throw new SyntaxError(`${where}: ${ts.flattenDiagnosticMessageText(first.messageText, " ")}`);
    }
    return result.outputText;
  };
  extensions[".ts"] = (module, filename) => {
    const source = fs.readFileSync(filename, "utf8");
    const key = createHash("sha256")
      .update(`${cacheFormat}\0${version}\0${filename}\0${source}`)
      .digest("hex");
    const cached = path.join(cacheDir, `${key}.js`);
    let output: string;
    try {
      output = fs.readFileSync(cached, "utf8");
    } catch {
      output = transpile(source, filename);
      try {
        fs.mkdirSync(cacheDir, { recursive: true });
        fs.writeFileSync(cached, output);
      } catch {
        // A read-only folder only costs speed.
      }
    }
    transpiled.set(filename, output);
    module._compile(output, filename);
  };
}

/**
 * The transpiled output of each TypeScript file this loader compiled, whose inline source map places a stack frame
 * in the program's own lines. Node's own source map support (`--enable-source-maps`) would do it too, but reads and
 * parses the map of every module with one, azure-native's hundreds included: slower, and more memory.
 */
const transpiled = new Map<string, string>();
const maps = new Map<string, SourceMap | null>();

/**
 * Where a position in a file this loader transpiled (1-based line and column, as stack traces give them) is in its
 * TypeScript source; the position unchanged for any other file.
 */
export function sourcePosition(file: string, line: number, column: number): { line: number; column: number } {
  if (!maps.has(file)) {
    const data = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/.exec(
      transpiled.get(file) ?? "",
    )?.[1];
    maps.set(file, data ? new SourceMap(JSON.parse(Buffer.from(data, "base64").toString("utf8"))) : null);
  }
  const entry = maps.get(file)?.findEntry(line - 1, column - 1) as
    { originalLine?: number; originalColumn?: number } | undefined;
  return entry?.originalLine === undefined || entry.originalColumn === undefined
    ? { line, column }
    : { line: entry.originalLine + 1, column: entry.originalColumn + 1 };
}

/** Forgets the cached modules of a program's own files, so it can be planned again in one process. */
export function forgetProgramModules(programDir: string): void {
  const root = path.resolve(programDir) + path.sep;
  for (const file of Object.keys(require.cache)) {
    if (file.startsWith(root) && !file.includes(`${path.sep}node_modules${path.sep}`))
      delete require.cache[file];
  }
}
