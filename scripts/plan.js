// `npm run plan`: runs the CLI from the TypeScript sources (no build needed), transpiling without type checking
// (type checking is `npm run typecheck`'s job) through the plan's own loader, which caches transpiled files.
// Plans the root Pulumi.yaml program unless --program says otherwise.
const fs = require("fs");
const path = require("path");

const root = path.join(__dirname, "..");
const loaderFile = path.join(root, "src", "plan", "typescript.ts");
const loaderSource = fs.readFileSync(loaderFile, "utf8");
// The loader itself, transpiled once and cached by content: loading TypeScript costs ~0.4 s, and a plan whose
// files are all cached needs none.
const cacheDir = path.join(root, "node_modules", ".cache", "azure-ai-failover");
const cached = path.join(
  cacheDir,
  `loader-${require("crypto").createHash("sha256").update(loaderSource).digest("hex")}.js`,
);
let loaderJs;
try {
  loaderJs = fs.readFileSync(cached, "utf8");
} catch {
  const ts = require("typescript");
  loaderJs = ts.transpileModule(loaderSource, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    fileName: loaderFile,
  }).outputText;
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    fs.writeFileSync(cached, loaderJs);
  } catch {
    // A read-only folder only costs speed.
  }
}
const loader = new module.constructor(loaderFile, module);
loader.filename = loaderFile;
loader.paths = module.paths;
loader._compile(loaderJs, loaderFile);
// One instance of the loader: the CLI's own `require("./typescript")` must find the files this one transpiled.
loader.loaded = true;
require.cache[loaderFile] = loader;
loader.exports.registerTypeScript(root);

const { runAsProcess } = require("../src/cli.ts");
const args = process.argv.slice(2);
runAsProcess(args[0] === "plan" ? args : ["plan", ...args]);
