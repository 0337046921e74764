// Writes src/testing/standin-shapes.json from the installed @pulumi/azure-native: the shapes of the outputs Azure
// computes for each resource, and of each invoke's result, so the offline mocks (src/testing/standins.ts) can answer
// a program that reads `account.primaryEndpoints.blob` or `listStorageAccountKeys(...).keys[0].value` with a
// plausible value instead of `undefined`, without a stand-in written per resource.
//
// Read from azure-native's own declarations:
// - resources: `readonly <prop>: pulumi.Output<T>` of each `<module>/<resource>.d.ts` (token from its `.js`);
// - invokes: `export interface <Name>Result { readonly <prop>: T }` of each function's `.d.ts` (token from its `.js`);
// - nested types: `interface <Name> { <prop>: T }` in types/output.d.ts.
//
// Kept small (it is loaded by the mocks at the first resource or invoke that needs it):
// - a property Azure always returns is written as is; an optional one only when a type below it has such properties
//   (so a value the program gave, e.g. `privateDnsZoneConfigs`, gets its computed `recordSets` filled in). The
//   results of `list*` invokes (keys, credentials, connection strings) keep every property: Azure's specs mark most
//   of them optional, and they are what a program reads;
// - nested types go at most `maxDepth` levels down; properties every resource has (`name`, `type`, `systemData`,
//   `azureApiVersion`, `etag`) are left to the mocks.
//
// Format: { generatedFrom, types: [shape...], resources: { "<module>:<Type>": shape }, invokes: { "<module>:<fn>":
// shape }, invokeAliases: { "<v2 module>:<fn>": "<module>:<fn>" } }. A shape maps a property name (suffixed `?` when
// optional) to a kind: "s" string, "n" number, "b" boolean, "j" any JSON (maps, `any`), "=<literal>" a constant
// string, a number (index into `types`), or a one-element array of a kind (a list of it). Tokens drop the
// `azure-native:` prefix.
//
// Run it after upgrading azure-native: `npm run standins` (test/testing/standins.test.ts checks it is current).
const fs = require("fs");
const path = require("path");

/** How many nested types below a resource's or result's own properties are described. */
const maxDepth = 4;
/** Properties the mocks fill for every resource themselves (or no program reads offline). */
const skipped = new Set(["name", "type", "systemData", "azureApiVersion", "etag", "eTag", "urn"]);

/** Parses a TypeScript type as azure-native writes it into a kind (type references as `{ ref }`). */
function kindOf(text) {
  let t = text.trim().replace(/\s*\|\s*undefined$/, "");
  let optional = text.trim() !== t;
  const array = /^\((.*)\)\[\]$/.exec(t) ?? /^([^|]*)\[\]$/.exec(t);
  if (array) return { kind: [kindOf(array[1]).kind], optional };
  if (t.startsWith("outputs."))
    return { kind: { ref: t.split("|")[0].trim().slice("outputs.".length) }, optional };
  if (t === "string" || t.startsWith("enums.")) return { kind: "s", optional };
  if (t === "number") return { kind: "n", optional };
  if (t === "boolean") return { kind: "b", optional };
  const literal = /^"([^"]*)"$/.exec(t);
  if (literal) return { kind: `=${literal[1]}`, optional };
  return { kind: "j", optional };
}

/** Property lines of a declaration body: `name?: type;`, with multi-line (`{ [key: string]: ... }`) types joined. */
function propertiesOf(body, indent) {
  const props = {};
  const lines = body.split("\n");
  const start = new RegExp(`^${indent}(?:readonly )?"?([A-Za-z_$][\\w$@.-]*)"?(\\?)?: (.*)$`);
  for (let i = 0; i < lines.length; i++) {
    const m = start.exec(lines[i]);
    if (!m) continue;
    let type = m[3];
    while (!type.endsWith(";") && i + 1 < lines.length) type += ` ${lines[++i].trim()}`;
    type = type.replace(/;$/, "");
    const output = /^pulumi\.Output<([\s\S]*)>$/.exec(type);
    const { kind, optional } = kindOf(output ? output[1] : type);
    props[m[1]] = { kind, optional: optional || m[2] === "?" };
  }
  return props;
}

/** Every nested output type: "storage.EndpointsResponse" -> properties. */
function outputTypes(root) {
  const text = fs.readFileSync(path.join(root, "types", "output.d.ts"), "utf8");
  const types = new Map();
  let namespace = "";
  for (const block of text.split(/\n(?=export declare namespace | {4}interface )/)) {
    const ns = /^export declare namespace (\w+) \{/.exec(block);
    if (ns) namespace = ns[1];
    const iface = /^(?:export declare namespace \w+ \{\n)? {4}interface (\w+) \{\n([\s\S]*?)\n {4}\}/.exec(
      block,
    );
    if (iface) types.set(`${namespace}.${iface[1]}`, propertiesOf(iface[2], " {8}"));
  }
  return types;
}

/** Resources and invoke results of every module, by token (`storage:StorageAccount`, `storage:listStorageAccountKeys`). */
function declarations(root) {
  const resources = new Map();
  const invokes = new Map();
  for (const mod of fs.readdirSync(root).sort()) {
    const dir = path.join(root, mod);
    if (mod === "types" || mod === "node_modules" || !fs.statSync(dir).isDirectory()) continue;
    for (const file of fs.readdirSync(dir).sort()) {
      if (!file.endsWith(".js") || file === "index.js") continue;
      const dts = path.join(dir, file.replace(/\.js$/, ".d.ts"));
      if (!fs.existsSync(dts)) continue;
      const js = fs.readFileSync(path.join(dir, file), "utf8");
      const resource = /__pulumiType = ["']azure-native:([^"']+)["']/.exec(js);
      const invoke = /runtime\.invoke(?:Output)?\(["']azure-native:([^"']+)["']/.exec(js);
      if (!resource && !invoke) continue;
      const d = fs.readFileSync(dts, "utf8");
      if (resource) {
        const body = /export declare class \w+ extends pulumi\.CustomResource \{\n([\s\S]*?)\n\}/.exec(d);
        if (body) resources.set(resource[1], propertiesOf(body[1], " {4}"));
      } else {
        const body = /export interface \w+Result \{\n([\s\S]*?)\n\}/.exec(d);
        if (body) invokes.set(invoke[1], propertiesOf(body[1], " {4}"));
      }
    }
  }
  return { resources, invokes };
}

function standinShapes(root = path.dirname(require.resolve("@pulumi/azure-native/package.json"))) {
  const types = outputTypes(root);
  const { resources, invokes } = declarations(root);

  // Does a kind, at this depth, lead to anything a value must be made for? Memoized per type and depth.
  const usefulMemo = new Map();
  const refOf = (kind) => (Array.isArray(kind) ? refOf(kind[0]) : kind && kind.ref);
  function useful(props, depth, full) {
    return Object.entries(props).some(([name, p]) => keep(name, p, depth, full));
  }
  function keep(name, p, depth, full) {
    if (skipped.has(name) && depth === 0) return false;
    const ref = refOf(p.kind);
    if (ref !== undefined) {
      if (depth >= maxDepth || !types.has(ref)) return !p.optional || full;
      return usefulType(ref, depth + 1, full || !p.optional) || !p.optional || full;
    }
    return !p.optional || full;
  }
  function usefulType(ref, depth, full) {
    const key = `${ref}@${depth}@${full}`;
    if (!usefulMemo.has(key)) {
      usefulMemo.set(key, false); // recursive types: not useful through themselves
      usefulMemo.set(key, useful(types.get(ref), depth, full));
    }
    return usefulMemo.get(key);
  }

  // Written types, by name; the table keeps each type once, with the properties any use of it needs.
  const index = new Map();
  const table = [];
  const seen = new Map(); // ref -> { depth: shallowest use, kept: property names written }
  function encode(kind, depth, full) {
    if (Array.isArray(kind)) return [encode(kind[0], depth, full)];
    if (typeof kind === "string") return kind;
    if (depth > maxDepth || !types.has(kind.ref)) return "j";
    if (!index.has(kind.ref)) {
      index.set(kind.ref, table.length);
      table.push({});
      seen.set(kind.ref, { depth: Infinity, kept: new Set() });
    }
    const at = index.get(kind.ref);
    const state = seen.get(kind.ref);
    const props = types.get(kind.ref);
    const kept = new Set([
      ...state.kept,
      ...Object.keys(props).filter((n) => keep(n, props[n], depth, full)),
    ]);
    // Written again only when this use needs more (more properties, or more levels below): ends on recursive types.
    if (kept.size > state.kept.size || depth < state.depth) {
      state.kept = kept;
      state.depth = Math.min(depth, state.depth);
      table[at] = shapeOf(props, kept, state.depth, full);
    }
    return at;
  }
  function shapeOf(props, names, depth, full) {
    const shape = {};
    for (const [name, p] of Object.entries(props)) {
      if (!names.has(name)) continue;
      shape[`${name}${p.optional ? "?" : ""}`] = encode(p.kind, depth + 1, full || !p.optional);
    }
    return shape;
  }
  function topShape(props, full) {
    const names = new Set(Object.keys(props).filter((name) => keep(name, props[name], 0, full)));
    return shapeOf(props, names, 0, full);
  }

  const resourceShapes = {};
  for (const [token, props] of [...resources].sort(([a], [b]) => a.localeCompare(b))) {
    const shape = topShape(props, false);
    if (Object.keys(shape).length > 0) resourceShapes[token] = shape;
  }
  const invokeShapes = {};
  for (const [token, props] of [...invokes].sort(([a], [b]) => a.localeCompare(b))) {
    const fn = token.slice(token.indexOf(":") + 1);
    const shape = topShape(props, fn.startsWith("list"));
    if (Object.keys(shape).length > 0) invokeShapes[token] = shape;
  }

  // v2 modules that moved in v3 (documentdb -> cosmosdb, insights -> monitor...), from the resources' own aliases:
  // an invoke of the old module answers like the one of the new module, when only one module took it.
  const moves = new Map();
  for (const mod of fs.readdirSync(root)) {
    const dir = path.join(root, mod);
    if (mod === "types" || !fs.statSync(dir).isDirectory()) continue;
    for (const file of fs.readdirSync(dir)) {
      if (!file.endsWith(".js")) continue;
      const js = fs.readFileSync(path.join(dir, file), "utf8");
      const own = /__pulumiType = ["']azure-native:([^:"']+):/.exec(js);
      const aliases = /aliases: \[([^\]]*)\]/.exec(js);
      if (!own || !aliases) continue;
      for (const m of aliases[1].matchAll(/type: "azure-native:([^/:"]+)/g)) {
        if (m[1] !== own[1]) moves.set(m[1], new Set([...(moves.get(m[1]) ?? []), own[1]]));
      }
    }
  }
  const claims = new Map();
  for (const token of Object.keys(invokeShapes)) {
    const [mod, fn] = token.split(":");
    for (const [old, targets] of moves) {
      if (!targets.has(mod) || invokes.has(`${old}:${fn}`)) continue;
      claims.set(`${old}:${fn}`, [...(claims.get(`${old}:${fn}`) ?? []), token]);
    }
  }
  const invokeAliases = {};
  for (const [old, tokens] of [...claims].sort(([a], [b]) => a.localeCompare(b))) {
    if (tokens.length === 1) invokeAliases[old] = tokens[0];
  }

  const version = require(path.join(root, "package.json")).version;
  return {
    generatedFrom: `@pulumi/azure-native ${version}`,
    types: table,
    resources: resourceShapes,
    invokes: invokeShapes,
    invokeAliases,
  };
}

module.exports = { standinShapes };

if (require.main === module) {
  const out = path.join(__dirname, "..", "src", "testing", "standin-shapes.json");
  const json = JSON.stringify(standinShapes());
  fs.writeFileSync(out, `${json}\n`);
  process.stdout.write(
    `wrote ${path.relative(process.cwd(), out)} (${(json.length / 1024).toFixed(0)} KiB)\n`,
  );
}
