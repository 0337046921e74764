import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";

/** Thrown for a program that cannot be planned: bad project files, missing config, a failing program. */
export class PlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlanError";
  }
}

/** A PlanError in what the command line asked for (a stack that does not exist): the CLI exits 2, as on bad usage. */
export class PlanUsageError extends PlanError {
  constructor(message: string) {
    super(message);
    this.name = "PlanUsageError";
  }
}

/** A config key declared in Pulumi.yaml. */
export interface ConfigDeclaration {
  /** Full key: `project:primaryRegion`, or `azure-native:location` for another namespace. */
  readonly key: string;
  readonly type?: string;
  readonly description?: string;
  readonly default?: unknown;
  readonly secret: boolean;
}

/** A Pulumi project and the stack config a plan runs it with. */
export interface ProgramProject {
  /** Folder holding Pulumi.yaml. */
  readonly dir: string;
  /** `name` in Pulumi.yaml. */
  readonly name: string;
  /** The file the program starts from. */
  readonly entry: string;
  readonly stack: string;
  /** The stack file read, if any. */
  readonly stackFile?: string;
  /** Resolved config, fully qualified keys, declared defaults overlaid by the stack file and overrides. */
  readonly config: Record<string, unknown>;
  /** Keys whose values are secrets (declared secret, `secure:` in the stack file). */
  readonly secretKeys: string[];
  readonly declarations: readonly ConfigDeclaration[];
}

export interface LoadProjectOptions {
  /** Stack name; @default the only `Pulumi.<stack>.yaml`, else `dev` */
  stack?: string;
  /** Overrides, `key` or `namespace:key` -> value, applied last. */
  config?: Record<string, string>;
}

/** The value a plan uses for a `secure:` config value, which cannot be decrypted offline. */
export const offlineSecretValue = "offline-placeholder-secret";

function readYaml(file: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = yaml.load(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new PlanError(`${file} is not valid YAML: ${(err as Error).message}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new PlanError(`${file} must hold a YAML mapping, but holds ${JSON.stringify(parsed)}.`);
  }
  return parsed as Record<string, unknown>;
}

/** Reads Pulumi.yaml and the stack's config in `dir`, resolving the program's entry file. */
export function loadProject(dir: string, options: LoadProjectOptions = {}): ProgramProject {
  const projectDir = path.resolve(dir);
  const projectFile = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(projectDir, f)).find(fs.existsSync);
  if (!projectFile) {
    throw new PlanError(
      `no Pulumi.yaml in ${projectDir}: --program must name the folder of a Pulumi project (the folder holding Pulumi.yaml).`,
    );
  }
  const doc = readYaml(projectFile);
  const name = doc.name;
  if (typeof name !== "string" || name === "") {
    throw new PlanError(`${projectFile} has no "name": every Pulumi project needs one.`);
  }
  const runtime = typeof doc.runtime === "string" ? doc.runtime : (doc.runtime as { name?: string })?.name;
  if (runtime !== "nodejs") {
    throw new PlanError(
      `${projectFile} has runtime ${JSON.stringify(runtime)}: plan runs Node.js programs only (runtime: nodejs).`,
    );
  }
  const entry = resolveEntry(projectDir, typeof doc.main === "string" ? doc.main : ".", projectFile);
  const declarations = readDeclarations(doc.config, name, projectFile);

  const stackFiles = fs
    .readdirSync(projectDir)
    .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null);
  let stack = options.stack;
  if (!stack) {
    if (stackFiles.length === 1) stack = stackFiles[0][1];
    else if (stackFiles.length === 0 || stackFiles.some((m) => m[1] === "dev")) stack = "dev";
    else {
      throw new PlanUsageError(
        `${projectDir} has several stacks (${stackFiles.map((m) => m[1]).join(", ")}): choose one with --stack <name>.`,
      );
    }
  }
  const stackMatch = stackFiles.find((m) => m[1] === stack);
  if (!stackMatch && options.stack && stackFiles.length > 0) {
    // A stack without a file is legitimate (no config set yet), but beside others it is most often a typo.
    throw new PlanUsageError(
      `${projectDir} has no Pulumi.${stack}.yaml; its stacks are ${stackFiles.map((m) => m[1]).join(", ")}: pass one of them to --stack (or create ${stack}'s file with \`pulumi config set --stack ${stack} <key> <value>\`).`,
    );
  }
  const stackFile = stackMatch ? path.join(projectDir, stackMatch[0]) : undefined;

  const qualify = (key: string) => (key.includes(":") ? key : `${name}:${key}`);
  const config: Record<string, unknown> = {};
  const secretKeys = new Set<string>();
  for (const d of declarations) {
    if (d.default !== undefined) config[d.key] = d.default;
    if (d.secret) secretKeys.add(d.key);
  }
  if (stackFile) {
    const stackConfig = readYaml(stackFile).config ?? {};
    if (typeof stackConfig !== "object" || Array.isArray(stackConfig)) {
      throw new PlanError(`${stackFile}: "config" must be a mapping of keys to values.`);
    }
    for (const [key, value] of Object.entries(stackConfig as Record<string, unknown>)) {
      const secure = value !== null && typeof value === "object" && "secure" in (value as object);
      const declared = declarations.find((d) => d.key === qualify(key));
      // The CLI checks a stack's value against the project's declared type, as it checks the default.
      if (!secure && declared?.type && !matchesType(declared.type, value)) {
        throw new PlanError(
          `${stackFile}: config ${key} is ${JSON.stringify(value)}, not of the type "${declared.type}" ${projectFile} declares for it (the Pulumi CLI refuses it).`,
        );
      }
      config[qualify(key)] = secure ? offlineSecretValue : value;
      if (secure) secretKeys.add(qualify(key));
    }
  }
  for (const [key, value] of Object.entries(options.config ?? {})) config[qualify(key)] = value;

  const missing = declarations.filter((d) => config[d.key] === undefined);
  if (missing.length > 0) {
    const keys = missing.map((d) => d.key.replace(`${name}:`, ""));
    throw new PlanError(
      `config ${keys.map((k) => `"${k}"`).join(", ")} ${keys.length === 1 ? "is" : "are"} required by ${projectFile} ` +
        `but not set for stack "${stack}": run \`pulumi config set ${keys[0]} <value>\` ` +
        `or pass --config ${keys[0]}=<value>.`,
    );
  }
  return {
    dir: projectDir,
    name,
    entry,
    stack,
    stackFile,
    config,
    secretKeys: [...secretKeys],
    declarations,
  };
}

function readDeclarations(raw: unknown, project: string, file: string): ConfigDeclaration[] {
  if (raw === undefined || raw === null) return [];
  if (typeof raw !== "object" || Array.isArray(raw)) {
    throw new PlanError(`${file}: "config" must be a mapping of config keys to declarations.`);
  }
  return Object.entries(raw as Record<string, unknown>).map(([key, value]) => {
    const fullKey = key.includes(":") ? key : `${project}:${key}`;
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      const d = value as Record<string, unknown>;
      // `value:` is how Pulumi.yaml sets a namespaced key for every stack; `default:` declares a project key.
      const given = d.default ?? d.value;
      if (d.type !== undefined) checkDeclaredType(file, key, d.type, d.default, d.items);
      return {
        key: fullKey,
        type: typeof d.type === "string" ? d.type : undefined,
        description: typeof d.description === "string" ? d.description : undefined,
        default: given,
        secret: d.secret === true,
      };
    }
    return { key: fullKey, default: value, secret: false };
  });
}

/**
 * A schema declaration as the Pulumi CLI accepts it: "The type of this config property, either `string`,
 * `boolean`, `integer`, or `array`", a default that "must match the given type", and `items` "required if `type`
 * is `array`" (https://www.pulumi.com/docs/iac/concepts/projects/project-file/#config-options).
 */
function checkDeclaredType(file: string, key: string, type: unknown, given: unknown, items: unknown): void {
  const types = ["string", "boolean", "integer", "array"];
  const at = `${file}: config.${key}`;
  if (typeof type !== "string" || !types.includes(type)) {
    const near = typeof type === "string" ? types.find((t) => t.startsWith(type.slice(0, 3))) : undefined;
    throw new PlanError(
      `${at}: type ${JSON.stringify(type)} is not one the Pulumi CLI accepts (string, boolean, integer, array)${near ? `; did you mean "${near}"?` : "."}`,
    );
  }
  if (type === "array" && (items === null || typeof items !== "object")) {
    throw new PlanError(`${at}: type "array" needs "items", the declaration of its elements' type.`);
  }
  if (given === undefined) return;
  if (!matchesType(type, given)) {
    throw new PlanError(
      `${at}: default ${JSON.stringify(given)} is not of type "${type}", which the Pulumi CLI requires of it.`,
    );
  }
}

/**
 * Whether a config value fits a declared type as the CLI reads it: values typed at the command line are strings, so
 * `"true"` is a boolean and `"42"` an integer too.
 */
function matchesType(type: string, value: unknown): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "boolean":
      return typeof value === "boolean" || value === "true" || value === "false";
    case "integer":
      return Number.isInteger(value) || (typeof value === "string" && /^-?\d+$/.test(value));
    case "array":
      return Array.isArray(value);
    default:
      return true;
  }
}

function resolveEntry(projectDir: string, main: string, projectFile: string): string {
  const target = path.resolve(projectDir, main);
  if (fs.existsSync(target) && fs.statSync(target).isFile()) return target;
  if (fs.existsSync(target) && fs.statSync(target).isDirectory()) {
    const pkgFile = path.join(target, "package.json");
    if (fs.existsSync(pkgFile)) {
      const pkgMain = (JSON.parse(fs.readFileSync(pkgFile, "utf8")) as { main?: string }).main;
      if (pkgMain) {
        const candidates = [pkgMain, `${pkgMain}.ts`, `${pkgMain}.js`, path.join(pkgMain, "index.ts")];
        const found = candidates.map((c) => path.resolve(target, c)).find((c) => fs.existsSync(c));
        if (found && fs.statSync(found).isFile()) return found;
      }
    }
    for (const index of ["index.ts", "index.js"]) {
      if (fs.existsSync(path.join(target, index))) return path.join(target, index);
    }
  }
  throw new PlanError(
    `${projectFile}: main ${JSON.stringify(main)} has no program (looked for ${target} and its index.ts/index.js).`,
  );
}
