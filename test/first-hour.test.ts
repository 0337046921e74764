import { expect } from "chai";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const root = path.resolve(__dirname, "..");
const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
// Only what makes a fresh machine's install quicker: the commands themselves are the README's, verbatim.
const env = {
  ...process.env,
  npm_config_prefer_offline: "true",
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_loglevel: "error",
  npm_config_update_notifier: "false",
};
const shell = (command: string, cwd: string) =>
  spawnSync("bash", ["-c", command], { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });

/** The commands of the README's shell block that follows `marker`, comments dropped. */
function commandsAfter(marker: string): string[] {
  const at = readme.indexOf(marker);
  expect(at, marker).to.be.greaterThan(-1);
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(at))![1];
  return block
    .split("\n")
    .map((line) => line.replace(/\s+#.*$/, "").trim())
    .filter(Boolean);
}

// What a new user does: a fresh copy of the repository, the README's commands as written, the package installed
// from git into a project of their own, and that project type-checked with Pulumi's stock TypeScript settings.
describe("a new user's first hour", function () {
  this.timeout(900_000);
  let work: string;
  let clone: string;

  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "aaf-first-hour-"));
    clone = path.join(work, "azure-ai-failover");
    // The working tree as a fresh clone would have it (tracked and new files, nothing ignored), as a git repository.
    const files = execFileSync("git", ["ls-files", "-co", "--exclude-standard", "-z"], {
      cwd: root,
      encoding: "utf8",
    })
      .split("\0")
      .filter((f) => f && fs.existsSync(path.join(root, f)));
    for (const file of files) {
      fs.mkdirSync(path.dirname(path.join(clone, file)), { recursive: true });
      fs.copyFileSync(path.join(root, file), path.join(clone, file));
    }
    const git = (...args: string[]) =>
      execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: clone });
    git("init", "-q");
    git("add", "-A");
    git("commit", "-qm", "snapshot");
  });

  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it("runs the README's first command in the fresh clone: install, then the plan", () => {
    const [first] = commandsAfter("# azure-ai-failover");
    expect(first).to.equal("npm install && npm run plan");
    const result = shell(first, clone);
    expect(result.status, result.stderr).to.equal(0);
    expect(result.stdout).to.match(/Plan for azure-ai-failover \(stack dev\): \d+ resources/);
    expect(result.stdout).to.match(
      /Policies: (no violations|0 mandatory, \d+ advisory violation\(s\)) \(\d+ of \d+ Azure resources judged\)/,
    );
    // The install built the package, and the command's entry point can run.
    expect(fs.statSync(path.join(clone, "dist", "cli.js")).mode & 0o111).to.not.equal(0);
  });

  it("runs the README's npx command on the policy-only example: it lists the findings the README names and exits 3", () => {
    const command = /`(npx azure-ai-failover plan --program examples\/policy-only)`/.exec(readme)![1];
    const result = shell(command, clone);
    expect(result.status, result.stderr).to.equal(3);
    for (const policy of [
      "models-deployment-require-two-regions",
      "automation-service-health-covers-tier1-regions",
      "data-keyvault-require-purge-protection",
    ]) {
      expect(result.stdout).to.include(policy);
    }
  });

  it("points at the line of a syntax error in the user's program", () => {
    const program = path.join(work, "typo");
    fs.mkdirSync(program);
    fs.writeFileSync(path.join(program, "Pulumi.yaml"), "name: typo\nruntime: nodejs\nmain: index.ts\n");
    fs.writeFileSync(path.join(program, "index.ts"), "const a = 1;\nconst b = ;\nexport { a, b };\n");
    const result = shell(`npx azure-ai-failover plan --program ${program}`, clone);
    expect(result.status).to.equal(1);
    expect(result.stderr).to.include(`${path.join(program, "index.ts")}:2:11: Expression expected.`);
  });

  it("runs the README's plan commands, including the one on any program", () => {
    for (const command of commandsAfter("## Plan offline")) {
      const result = shell(command, clone);
      expect(result.status, `${command}\n${result.stderr}`).to.equal(0);
    }
  });

  describe("installed into a project of one's own, as the README says", () => {
    let consumer: string;
    before(() => {
      consumer = path.join(work, "my-stack");
      fs.mkdirSync(consumer);
      const pulumiVersion = (
        JSON.parse(fs.readFileSync(require.resolve("@pulumi/pulumi/package.json"), "utf8")) as {
          version: string;
        }
      ).version;
      // What `pulumi new typescript` writes (pulumi/templates typescript/): strict, moduleResolution "node",
      // no skipLibCheck, with @types/node and typescript as dev dependencies.
      fs.writeFileSync(
        path.join(consumer, "package.json"),
        JSON.stringify({
          name: "my-stack",
          main: "index.ts",
          devDependencies: { "@types/node": "^20.19.0", typescript: "~5.9.3" },
          dependencies: { "@pulumi/pulumi": pulumiVersion },
        }),
      );
      fs.writeFileSync(
        path.join(consumer, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            outDir: "bin",
            target: "es2020",
            module: "commonjs",
            moduleResolution: "node",
            sourceMap: true,
            experimentalDecorators: true,
            pretty: true,
            noFallthroughCasesInSwitch: true,
            noImplicitReturns: true,
            forceConsistentCasingInFileNames: true,
          },
          files: ["index.ts"],
        }),
      );
      // The README's two commands: the first in the clone, the second in the project next to it.
      const [pack, install] = commandsAfter("## Use it in your own stack");
      const packed = shell(pack, clone);
      expect(packed.status, packed.stderr).to.equal(0);
      const installed = shell(install, consumer);
      expect(installed.status, installed.stderr).to.equal(0);
    });

    it("loads the package root and azure-ai-failover/testing", () => {
      const result = shell(
        `node -e 'const { regionPair } = require("azure-ai-failover"); require("azure-ai-failover/testing"); console.log(regionPair({ primary: "eastus2", standby: "centralus" }).standby.code)'`,
        consumer,
      );
      expect(result.status, result.stderr).to.equal(0);
      expect(result.stdout.trim()).to.equal("cus");
    });

    it("type-checks the root and every documented subpath under Pulumi's stock tsconfig", () => {
      fs.writeFileSync(
        path.join(consumer, "index.ts"),
        `import { MirroredNetwork, WarmStandbyAiPlatform, regionPair } from "azure-ai-failover";
import { record } from "azure-ai-failover/testing";
const pair = regionPair({ primary: "eastus2", standby: "centralus" });
export const code: string = pair.primary.code;
export const components = [MirroredNetwork, WarmStandbyAiPlatform];
export const recording = record(() => undefined);
`,
      );
      const result = shell("npx tsc -p tsconfig.json --noEmit", consumer);
      expect(result.stdout + result.stderr).to.equal("");
      expect(result.status).to.equal(0);
    });
  });

  it("builds the package when it is installed from git", () => {
    const project = path.join(work, "from-git");
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "from-git", private: true }));
    const result = shell(`npm install git+file://${clone}`, project);
    expect(result.status, result.stderr).to.equal(0);
    const installed = path.join(project, "node_modules", "azure-ai-failover");
    expect(fs.existsSync(path.join(installed, "dist", "index.js"))).to.equal(true);
    expect(fs.statSync(path.join(installed, "dist", "cli.js")).mode & 0o111).to.not.equal(0);
  });
});
