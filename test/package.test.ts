import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const root = path.resolve(__dirname, "..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

// Packs the library as npm would publish it, installs the tarball into a separate project and uses it there:
// the only proof that `main`, `types`, `exports`, `files` and `bin` are right.
describe("the published package", function () {
  this.timeout(600_000);
  let work: string;
  let consumer: string;

  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "aaf-pack-"));
    const packed = JSON.parse(run(npm, ["pack", "--json", "--pack-destination", work], root)) as {
      filename: string;
      files: { path: string }[];
    }[];
    const tarball = path.join(work, packed[0].filename);
    const files = packed[0].files.map((f) => f.path);
    expect(files).to.include.members([
      "dist/index.js",
      "dist/index.d.ts",
      "dist/cli.js",
      "policy-pack/PulumiPolicy.yaml",
      "policy-pack/index.js",
      "policy-pack/package.json",
      "README.md",
      "package.json",
    ]);
    expect(files.filter((f) => f.startsWith("src/") || f.startsWith("test/"))).to.deep.equal([]);

    consumer = path.join(work, "consumer");
    fs.mkdirSync(consumer);
    const pulumiVersion = (
      JSON.parse(fs.readFileSync(require.resolve("@pulumi/pulumi/package.json"), "utf8")) as {
        version: string;
      }
    ).version;
    fs.writeFileSync(
      path.join(consumer, "package.json"),
      JSON.stringify({
        name: "consumer",
        private: true,
        // Pinned to the SDK this repository tests with, so the install works on Node 20 too.
        dependencies: { "azure-ai-failover": `file:${tarball}`, "@pulumi/pulumi": pulumiVersion },
      }),
    );
    run(npm, ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], consumer);
  });

  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it("imports from the package root and from azure-ai-failover/testing, and runs under mocks", () => {
    fs.writeFileSync(
      path.join(consumer, "use.js"),
      `const { regionPair } = require("azure-ai-failover");
const { record } = require("azure-ai-failover/testing");
const resources = require("@pulumi/azure-native/resources");
(async () => {
  const pair = regionPair({ primary: "eastus2", standby: "centralus" });
  const rec = await record(() => { new resources.ResourceGroup("rg", { location: pair.standby.name }); });
  console.log(JSON.stringify({ display: pair.standby.displayName, ids: rec.resources.map((r) => r.id) }));
})();
`,
    );
    const result = JSON.parse(run(process.execPath, ["use.js"], consumer)) as {
      display: string;
      ids: string[];
    };
    expect(result.display).to.equal("Central US");
    expect(result.ids).to.have.length(1);
    expect(result.ids[0]).to.match(/^\/subscriptions\/[0-9a-f-]+\/resourceGroups\/rg[0-9a-f]{8}$/);
  });

  it("ships type declarations a strict TypeScript project compiles against", () => {
    fs.writeFileSync(
      path.join(consumer, "typed.ts"),
      `import { regionPair, RegionPair, InvalidArgumentError } from "azure-ai-failover";
import { record, Recording } from "azure-ai-failover/testing";
const pair: RegionPair = regionPair({ primary: "eastus2", standby: "centralus" });
const code: string = pair.primary.code;
const run: Promise<Recording> = record(() => undefined);
export { code, run, InvalidArgumentError };
`,
    );
    fs.writeFileSync(
      path.join(consumer, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: "node16",
          moduleResolution: "node16",
          target: "ES2022",
          skipLibCheck: true,
          types: [],
        },
        files: ["typed.ts"],
      }),
    );
    const tsc = require.resolve("typescript/bin/tsc");
    let diagnostics = "";
    try {
      run(process.execPath, [tsc, "-p", "tsconfig.json"], consumer);
    } catch (e) {
      diagnostics = String((e as { stdout?: string }).stdout ?? e);
    }
    expect(diagnostics).to.equal("");
  });

  it("reads its runbook files from the installed package", () => {
    fs.writeFileSync(
      path.join(consumer, "runbook.js"),
      `const { renderWorker } = require("azure-ai-failover");
console.log(renderWorker("drill", { mode: "automatic", watch: { subscriptionId: "s", primaryRegion: { name: "eastus2", displayName: "East US 2" }, services: ["x"], globalServices: [], minLevel: "Warning" } }).includes('ACTION = "drill"'));
`,
    );
    expect(run(process.execPath, ["runbook.js"], consumer).trim()).to.equal("true");
  });

  it("installs the azure-ai-failover command, which plans the consumer's own program", () => {
    fs.writeFileSync(
      path.join(consumer, "Pulumi.yaml"),
      "name: consumer\nruntime: nodejs\nmain: program.js\n",
    );
    fs.writeFileSync(
      path.join(consumer, "program.js"),
      `const resources = require("@pulumi/azure-native/resources");
new resources.ResourceGroup("app", { location: "westeurope" });
`,
    );
    const bin = path.join(consumer, "node_modules", ".bin", "azure-ai-failover");
    const doc = JSON.parse(run(bin, ["plan", "--json"], consumer)) as {
      project: string;
      resources: { name: string }[];
    };
    expect(doc.project).to.equal("consumer");
    expect(doc.resources.map((r) => r.name)).to.deep.equal(["app"]);
  });

  it("ships the compiled policy pack, which pulumi preview --policy-pack node_modules/azure-ai-failover/policy-pack runs", () => {
    const pack = path.join(consumer, "node_modules", "azure-ai-failover", "policy-pack");
    expect(fs.readFileSync(path.join(pack, "PulumiPolicy.yaml"), "utf8")).to.match(/^runtime: nodejs$/m);
    expect(JSON.parse(fs.readFileSync(path.join(pack, "package.json"), "utf8")).main).to.equal("index.js");
    // Outside the Pulumi engine, PolicyPack would start serving; a stand-in records what the pack hands it.
    fs.writeFileSync(
      path.join(consumer, "stand-in.js"),
      `const Module = require("module");
const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === "@pulumi/policy") {
    require.resolve(request, { paths: [parent.path] }); // the pack's own resolution must find it
    return { PolicyPack: class { constructor(name, args) { console.log(JSON.stringify({ name, policies: args.policies.map((p) => [p.name, typeof (p.validateResource ?? p.validateStack)]) })); } } };
  }
  return load.apply(this, arguments);
};
`,
    );
    const out = JSON.parse(
      run(process.execPath, ["--require", "./stand-in.js", path.join(pack, "index.js")], consumer),
    ) as {
      name: string;
      policies: [string, string][];
    };
    expect(out.name).to.equal("azure-ai-failover-resilience");
    expect(out.policies.length).to.be.at.least(100);
    for (const [name, kind] of out.policies) expect(kind, name).to.equal("function");
  });
});
