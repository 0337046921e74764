// Writes src/policies/azure-types.json from the installed @pulumi/azure-native, so the policies read one resource
// model whatever version a program was written against:
// - `aliases`: every older type token azure-native's own resources declare as an alias (v2 modules that moved in v3,
//   e.g. `azure-native:network:Policy` -> `azure-native:frontdoor:Policy`, `azure-native:insights:*` ->
//   `azure-native:monitor:*`), versioned tokens reduced to their module. A token that is itself a current type, or
//   that two current types claim, is left out.
// - `unlocated`: current types whose arguments have no `location`, so the provider's default region
//   (`azure-native:location`) is not applied to them.
// Run it after upgrading azure-native: `node scripts/azure-types.js` (test/policies/normalize.test.ts checks it).
const fs = require("fs");
const path = require("path");

function azureTypes(root = path.dirname(require.resolve("@pulumi/azure-native/package.json"))) {
  const current = new Set();
  const claims = new Map();
  const unlocated = [];
  for (const mod of fs.readdirSync(root).sort()) {
    const dir = path.join(root, mod);
    if (mod === "types" || mod === "node_modules" || !fs.statSync(dir).isDirectory()) continue;
    for (const file of fs.readdirSync(dir).sort()) {
      if (!file.endsWith(".js")) continue;
      const js = fs.readFileSync(path.join(dir, file), "utf8");
      const own = /__pulumiType = ["'](azure-native:[^"']+)["']/.exec(js);
      if (!own) continue;
      const type = own[1];
      current.add(type);
      const aliases = /aliases: \[([^\]]*)\]/.exec(js);
      for (const m of aliases ? aliases[1].matchAll(/type: "([^"]+)"/g) : []) {
        const old = m[1].replace(/^azure-native:([^/:]+)\/[^:]+:/, "azure-native:$1:");
        if (old === type) continue;
        claims.set(old, [...(claims.get(old) ?? []), type]);
      }
      const dts = path.join(dir, file.replace(/\.js$/, ".d.ts"));
      const args = fs.existsSync(dts)
        ? /export interface \w+Args \{([\s\S]*?)\n\}/.exec(fs.readFileSync(dts, "utf8"))
        : null;
      if (args && !/\n\s+location\??:/.test(args[1])) unlocated.push(type);
    }
  }
  const aliases = {};
  for (const [old, types] of [...claims].sort()) {
    const distinct = [...new Set(types)];
    if (distinct.length === 1 && !current.has(old)) aliases[old] = distinct[0];
  }
  const version = require(path.join(root, "package.json")).version;
  return { generatedFrom: `@pulumi/azure-native ${version}`, aliases, unlocated: unlocated.sort() };
}

module.exports = { azureTypes };

if (require.main === module) {
  const out = path.join(__dirname, "..", "src", "policies", "azure-types.json");
  fs.writeFileSync(out, `${JSON.stringify(azureTypes(), null, 1)}\n`);
  process.stdout.write(`wrote ${path.relative(process.cwd(), out)}\n`);
}
