// `npm run plan`: runs the CLI from the TypeScript sources (no build needed), transpiling without type checking
// (type checking is `npm run typecheck`'s job) through the plan's own loader, which caches transpiled files.
// Plans the root Pulumi.yaml program unless --program says otherwise.
const fs = require("fs");
const path = require("path");

const root = path.join(__dirname, "..");
const loaderFile = path.join(root, "src", "plan", "typescript.ts");
const ts = require("typescript");
const loader = new module.constructor(loaderFile, module);
loader.filename = loaderFile;
loader.paths = module.paths;
loader._compile(
  ts.transpileModule(fs.readFileSync(loaderFile, "utf8"), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    fileName: loaderFile,
  }).outputText,
  loaderFile,
);
// One instance of the loader: the CLI's own `require("./typescript")` must find the files this one transpiled.
loader.loaded = true;
require.cache[loaderFile] = loader;
loader.exports.registerTypeScript(root);

const { runAsProcess } = require("../src/cli.ts");
const args = process.argv.slice(2);
runAsProcess(args[0] === "plan" ? args : ["plan", ...args]);
