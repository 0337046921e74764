import * as fs from "fs";
import * as path from "path";
import { sourcePosition } from "./typescript";

/**
 * How a program that cannot be planned is described: one line, naming the program's own file and line (through the
 * source maps of its transpiled TypeScript) and the fix when there is one. Pure functions of the error and the
 * program's folder, so each case is tested alone.
 */

/** A path as the user would type it: relative to the current folder when inside it, else absolute. */
export function shownPath(file: string, cwd: string = process.cwd()): string {
  const relative = path.relative(cwd, file);
  return relative === "" ? "." : relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}

/** Folds a multi-line message (Pulumi's, ts-node's) into one line. */
export function oneLine(text: string): string {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .join(" ")
    .replace(/\s+/g, " ");
}

/** Folders whose frames are the plan's own machinery, never the program's (they may sit inside a planned repo). */
const machinery = [__dirname, path.resolve(__dirname, "..", "testing")];

/**
 * The first frame of `stack` in the program's own files (under `programDir`, outside node_modules and the plan's
 * own code) as `file:line:column`, or undefined when the program is not on the stack.
 */
export function programFrame(stack: string | undefined, programDir: string): string | undefined {
  const root = path.resolve(programDir) + path.sep;
  for (const line of (stack ?? "").split("\n")) {
    const frame = /^\s*at (?:.*? \()?(?:file:\/\/)?(.+?):(\d+):(\d+)\)?$/.exec(line);
    if (!frame) continue;
    const file = frame[1];
    if (!file.startsWith(root) || file.includes(`${path.sep}node_modules${path.sep}`)) continue;
    if (machinery.some((dir) => file.startsWith(dir + path.sep))) continue;
    const at = sourcePosition(file, Number(frame[2]), Number(frame[3]));
    return `${shownPath(file)}:${at.line}:${at.column}`;
  }
  return undefined;
}

/** The Error's message, its class named when that says something (`TypeError: ...`). */
function errorText(error: unknown): string {
  if (!(error instanceof Error)) return oneLine(String(error));
  const name = error.name && error.name !== "Error" ? `${error.name}: ` : "";
  return oneLine(`${name}${error.message}`);
}

/** A syntax error as `file:line:column: message`, from our loader, ts-node or Node itself; else undefined. */
export function syntaxError(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  // ts-node: "⨯ Unable to compile TypeScript:\nindex.ts(2,11): error TS1109: Expression expected."
  const tsNode = /^(.+?)\((\d+),(\d+)\): error TS\d+: (.*)$/m.exec(error.message);
  if (error.name === "TSError" && tsNode) {
    return `${shownPath(path.resolve(tsNode[1]))}:${tsNode[2]}:${tsNode[3]}: ${oneLine(tsNode[4])}`;
  }
  if (!(error instanceof SyntaxError)) return undefined;
  // Ours (src/plan/typescript.ts): "/abs/index.ts:2:11: Expression expected."
  const ours = /^(\/.+?|[A-Za-z]:\\.+?):(\d+):(\d+): (.*)$/s.exec(error.message);
  if (ours) return `${shownPath(ours[1])}:${ours[2]}:${ours[3]}: ${oneLine(ours[4])}`;
  // Node compiling JavaScript: the stack starts with "/abs/index.js:2", then the line and a caret.
  const node = /^(.+):(\d+)\n/.exec(error.stack ?? "");
  if (node && fs.existsSync(node[1])) return `${shownPath(node[1])}:${node[2]}: ${oneLine(error.message)}`;
  return undefined;
}

/** The package a module request names: `@scope/name/sub` -> `@scope/name`, `name/sub` -> `name`; undefined for a path. */
export function packageOf(request: string): string | undefined {
  if (request.startsWith(".") || path.isAbsolute(request)) return undefined;
  const parts = request.split("/");
  return request.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** Whether the program's package.json lists `name` among its dependencies; undefined when it has no package.json. */
function declares(programDir: string, name: string): boolean | undefined {
  let pkg: Record<string, Record<string, string> | undefined>;
  try {
    pkg = JSON.parse(fs.readFileSync(path.join(programDir, "package.json"), "utf8")) as typeof pkg;
  } catch {
    return undefined;
  }
  return ["dependencies", "devDependencies", "optionalDependencies"].some(
    (k) => pkg[k]?.[name] !== undefined,
  );
}

/** A module that cannot be found, with where it is imported and the install hint; undefined for other errors. */
export function missingModule(error: unknown, programDir: string): string | undefined {
  const e = error as NodeJS.ErrnoException & { requireStack?: string[] };
  if (!(error instanceof Error) || e.code !== "MODULE_NOT_FOUND") return undefined;
  const request = /Cannot find module '([^']+)'/.exec(error.message)?.[1];
  if (!request) return undefined;
  const at = programFrame(error.stack, programDir);
  const where = at ? ` at ${at}` : "";
  const dir = shownPath(programDir);
  const name = packageOf(request);
  const importer = e.requireStack?.[0];
  const inPackage =
    importer && /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)[\\/](?!.*node_modules)/.exec(importer);
  if (!name) return `the program imports "${request}"${where}, and no such file exists.`;
  if (inPackage && !at) {
    const owner = inPackage[1].replace(/\\/g, "/");
    return `the package ${owner} needs "${name}", which is not installed: run \`npm install\` in ${dir}.`;
  }
  const listed = declares(programDir, name);
  const install = listed
    ? `run \`npm install\` in ${dir}`
    : `run \`npm install ${name}\` in ${dir}${listed === false ? " (its package.json does not list it)" : ""}`;
  return `the program imports "${name}"${where}, which is not installed: ${install}.`;
}

/** Thrown by the `process.exit` a plan puts in place while a program runs. */
export class ProgramExit extends Error {
  constructor(readonly code: string | number | null | undefined) {
    super(`process.exit(${code ?? ""})`);
    this.name = "ProgramExit";
  }
}

/** Everything but a syntax error, a missing module or two SDK copies: where the program failed, and how. */
export function describeFailure(error: unknown, programDir: string, entry: string): string {
  const syntax = syntaxError(error);
  if (syntax) return `the program has a syntax error: ${syntax}`;
  const missing = missingModule(error, programDir);
  if (missing) return missing;
  const at = programFrame(error instanceof Error ? error.stack : undefined, programDir);
  if (error instanceof ProgramExit) {
    return (
      `the program called ${error.message}${at ? ` at ${at}` : ""}, which ends a Pulumi program before its ` +
      "resources are registered: throw an Error to fail, or let the program end."
    );
  }
  return at
    ? `the program failed at ${at}: ${errorText(error)}`
    : `the program ${shownPath(entry)} failed: ${errorText(error)}`;
}

/** The folder of the @pulumi/pulumi copy a resolved file belongs to, or undefined. */
export function sdkRoot(file: string): string | undefined {
  return /^(.*[\\/]node_modules[\\/]@pulumi[\\/]pulumi)[\\/]/.exec(file)?.[1];
}

/** Two (or more) copies of @pulumi/pulumi in one program, named with their versions, and the fix. */
export function sdkCopies(roots: readonly string[], programDir: string): string {
  const version = (root: string) => {
    try {
      return ` (${(JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version?: string }).version})`;
    } catch {
      return "";
    }
  };
  const named = roots.map((root) => `${shownPath(root)}${version(root)}`);
  return (
    `the program loads ${roots.length} copies of @pulumi/pulumi, ${named.slice(0, -1).join(", ")} and ${named[named.length - 1]}: ` +
    "resources made through one are unknown to the other (`pulumi up` fails on them too); keep one copy: " +
    `run \`npm dedupe\` in ${shownPath(programDir)}, or make the program's packages need one version of @pulumi/pulumi (\`npm ls @pulumi/pulumi\` shows which need which).`
  );
}
