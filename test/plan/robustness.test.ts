import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../src/cli";
import { missingModule, programFrame, sdkCopies, syntaxError } from "../../src/plan/failure";
import { policySettingsProblem } from "../../src/policies/run";

const root = path.resolve(__dirname, "../..");
const fixture = (name: string) => path.join(__dirname, "../fixtures", name);
/** A fixture's path as the CLI prints it (relative to the current folder, where the tests run). */
const shown = (name: string) => path.relative(process.cwd(), fixture(name));
const exportFile = fixture("state/stack-export.json");

/** Runs the CLI in-process, capturing what it prints. */
async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(args, { write: (s: string) => (out += s) }, { write: (s: string) => (err += s) });
  return { code, out, err };
}

/** Runs `npm run plan` as a process: the plan's own TypeScript loader (not ts-node), and a real process.exit. */
function spawnPlan(...args: string[]) {
  return spawnSync(process.execPath, [path.join(root, "scripts/plan.js"), ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: 60_000,
  });
}

/** Every failure is one line on stderr, and nothing on stdout. */
function expectOneLine(result: { out: string; err: string }): void {
  expect(result.out).to.equal("");
  expect(result.err.split("\n")).to.have.length(2);
  expect(result.err.endsWith("\n")).to.equal(true);
}

function program(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aaf-robust-"));
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: robust\nruntime: nodejs\nmain: index.ts\n");
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
  return dir;
}

describe("a plan that never lies about success", () => {
  describe("a program that fails exits 1 with one line naming its file and line", () => {
    it("a throw in an output's apply, at the .ts line (under ts-node)", async () => {
      const result = await cli("plan", "--program", fixture("apply-throws"));
      expect(result.code).to.equal(1);
      expectOneLine(result);
      expect(result.err).to.match(
        new RegExp(
          `^plan failed: the program failed at ${shown("apply-throws")}/index\\.ts:8:\\d+: no key vault is named after app`,
        ),
      );
    });

    it("a throw in an output's apply, at the .ts line through the plan's own loader's source maps", () => {
      const result = spawnPlan("--program", fixture("apply-throws"));
      expect(result.status).to.equal(1);
      expect(result.stdout).to.equal("");
      // Line 8 of the source: the transpiled file's line is ~35 further down, after the import helpers.
      expect(result.stderr).to.match(
        /^plan failed: the program failed at test\/fixtures\/apply-throws\/index\.ts:8:38: no key vault is named after app\w*\n$/,
      );
    });

    it("a throw at the top of the program", async () => {
      const result = await cli("plan", "--program", fixture("throwing"));
      expect(result.code).to.equal(1);
      expect(result.err).to.equal(
        `plan failed: the program failed at ${shown("throwing")}/src/index.ts:1:7: database password not found in the vault\n`,
      );
    });

    it("process.exit, which would otherwise end the plan with the program's exit code", async () => {
      const result = await cli("plan", "--program", fixture("exits"));
      expect(result.code).to.equal(1);
      expectOneLine(result);
      expect(result.err).to.equal(
        `plan failed: the program called process.exit(0) at ${shown("exits")}/index.ts:6:11, which ends a Pulumi program before its resources are registered: throw an Error to fail, or let the program end.\n`,
      );
    });

    it("process.exit in a process of its own: exit 1, not the program's 0, and no leaked-promise page", () => {
      const result = spawnPlan("--program", fixture("exits"));
      expect(result.status).to.equal(1);
      expect(result.stderr).to.match(
        /^plan failed: the program called process\.exit\(0\) at .*index\.ts:6:11, /,
      );
      expect(result.stderr.split("\n")).to.have.length(2);
    });

    it("a syntax error, at its file, line and column", async () => {
      const dir = program({ "index.ts": "const a = 1;\nconst b = ;\nexport { a, b };\n" });
      const result = await cli("plan", "--program", dir);
      expect(result.code).to.equal(1);
      expectOneLine(result);
      expect(result.err).to.equal(
        `plan failed: the program has a syntax error: ${path.join(dir, "index.ts")}:2:11: Expression expected.\n`,
      );
    });

    it("a missing package: its name, where it is imported, and `npm install` in the program's folder", async () => {
      const result = await cli("plan", "--program", fixture("missing-package"));
      expect(result.code).to.equal(1);
      expectOneLine(result);
      expect(result.err).to.equal(
        `plan failed: the program imports "@contoso/landing-zone" at ${shown("missing-package")}/index.ts:3:1, which is not installed: run \`npm install\` in ${shown("missing-package")}.\n`,
      );
    });

    it("two copies of @pulumi/pulumi: both named, with the fix", async () => {
      const result = await cli("plan", "--program", fixture("two-pulumis"));
      expect(result.code).to.equal(1);
      expectOneLine(result);
      const real = path.dirname(fs.realpathSync(require.resolve("@pulumi/pulumi/package.json")));
      const version = (
        JSON.parse(fs.readFileSync(path.join(real, "package.json"), "utf8")) as { version: string }
      ).version;
      expect(result.err).to.include(`the program loads 2 copies of @pulumi/pulumi, `);
      const relative = path.relative(process.cwd(), real);
      expect(result.err).to.include(`${relative.startsWith("..") ? real : relative} (${version})`);
      expect(result.err).to.include(
        `${shown("two-pulumis")}/node_modules/legacy-components/node_modules/@pulumi/pulumi (3.100.0)`,
      );
      expect(result.err).to.include(`run \`npm dedupe\` in ${shown("two-pulumis")}`);
    });
  });

  describe("a program that never finishes", () => {
    it("ends at --timeout, in-process", async () => {
      const started = Date.now();
      const result = await cli("plan", "--program", fixture("never-settles"), "--timeout", "1");
      expect(result.code).to.equal(1);
      expectOneLine(result);
      expect(result.err).to.equal(
        "plan failed: the program did not finish within 1 s: a promise it awaits never settles, or it waits on a timer or connection a plan does not provide (a slow program needs a longer --timeout).\n",
      );
      expect(Date.now() - started).to.be.below(10_000);
      // and the next plan in the same process runs as usual
      expect((await cli("plan", "--program", fixture("plain-stack"))).code).to.equal(3);
    });

    it("ends as soon as nothing is left to wait for, without waiting for the timeout", () => {
      const result = spawnPlan("--program", fixture("never-settles"));
      expect(result.status).to.equal(1);
      expect(result.stdout).to.equal("");
      expect(result.stderr).to.equal(
        "plan failed: the program never finished: it awaits a promise that nothing settles (the event loop ran empty while it waited).\n",
      );
    });

    it("ends at --timeout when a timer keeps it alive, and the process ends with it", () => {
      const dir = program({
        "index.ts":
          'import * as resources from "@pulumi/azure-native/resources";\n\n' +
          "export = async () => {\n" +
          '  new resources.ResourceGroup("app", { location: "westeurope" });\n' +
          "  setInterval(() => undefined, 1000);\n" +
          "  await new Promise<void>(() => undefined);\n" +
          "};\n",
      });
      fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"));
      const result = spawnPlan("--program", dir, "--timeout", "1");
      expect(result.status).to.equal(1);
      expect(result.stderr).to.match(/^plan failed: the program did not finish within 1 s: /);
    });
  });

  describe("bad usage exits 2 with one line", () => {
    it("an unknown --stack, naming the stacks that exist", async () => {
      const result = await cli("plan", "--program", fixture("plain-stack"), "--stack", "prdo");
      expect(result.code).to.equal(2);
      expectOneLine(result);
      expect(result.err).to.match(
        /has no Pulumi\.prdo\.yaml; its stacks are prod: pass one of them to --stack/,
      );
    });

    it("a --policy-config threshold the policy does not declare, or of the wrong type", async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aaf-thresholds-"));
      const file = path.join(dir, "policy-config.json");
      const run = async (settings: unknown) => {
        fs.writeFileSync(file, JSON.stringify(settings));
        return cli("plan", "--program", fixture("plain-stack"), "--policy-config", file);
      };
      const unknown = await run({
        "frontdoor-failover-budget-within-objective": { maximumDetectionSecs: 30 },
      });
      expect(unknown.code).to.equal(2);
      expectOneLine(unknown);
      expect(unknown.err).to.equal(
        `--policy-config ${file} gives "frontdoor-failover-budget-within-objective" the threshold "maximumDetectionSecs", which it does not have; its thresholds: maximumDetectionSeconds\n`,
      );
      const mistyped = await run({
        "frontdoor-failover-budget-within-objective": { maximumDetectionSeconds: "30" },
      });
      expect(mistyped.code).to.equal(2);
      expect(mistyped.err).to.equal(
        `--policy-config ${file} gives "frontdoor-failover-budget-within-objective" maximumDetectionSeconds "30", but it takes a number: Objective for detecting a dead origin, seconds (default 60)\n`,
      );
      const none = await run({
        "data-storage-require-redundancy-and-tls": { enforcementLevel: "advisory", minTls: 1 },
      });
      expect(none.err).to.include(
        'the threshold "minTls", which it does not have; it has none, only enforcementLevel',
      );
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it("accepts thresholds the policy declares, with values of their type", () => {
      expect(
        policySettingsProblem({
          "frontdoor-failover-budget-within-objective": {
            enforcementLevel: "advisory",
            maximumDetectionSeconds: 30,
          },
          "data-storage-require-redundancy-and-tls": "disabled",
        }),
      ).to.equal(undefined);
    });

    it("a --timeout that is not a number of seconds, and formats that disagree", async () => {
      for (const value of ["0", "-5", "soon", ""]) {
        const result = await cli("plan", `--timeout=${value}`);
        expect(result.code, value).to.equal(2);
        expect(result.err).to.equal(`--timeout takes a number of seconds above 0, but got "${value}"\n`);
      }
      const both = await cli("plan", "--json", "--markdown");
      expect(both.code).to.equal(2);
      expectOneLine(both);
    });

    it("an unknown option: one line pointing at --help", async () => {
      const result = await cli("plan", "--frobnicate");
      expect(result.code).to.equal(2);
      expect(result.err).to.equal(
        "Unknown option '--frobnicate'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- \"--frobnicate\"; see `azure-ai-failover plan --help`\n",
      );
    });

    it("an --out that cannot be written, before anything runs", async () => {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "aaf-out-")), "a-file");
      fs.writeFileSync(file, "");
      const result = await cli("plan", "--program", fixture("never-settles"), "--out", file);
      expect(result.code).to.equal(2);
      expectOneLine(result);
      expect(result.err).to.match(/^--out .*a-file cannot be written: /);
    });
  });

  it("documents the exit codes and every option in --help", async () => {
    const { code, out } = await cli("plan", "--help");
    expect(code).to.equal(0);
    for (const option of ["--state <file>", "--timeout <seconds>", "--markdown", "--json", "--out <dir>"])
      expect(out).to.include(option);
    expect(out).to.match(/\n {2}0 {2}planned; no mandatory policy violation\n/);
    expect(out).to.match(/\n {2}1 {2}the program failed or cannot be planned/);
    expect(out).to.match(/\n {2}2 {2}bad usage/);
    expect(out).to.match(/\n {2}3 {2}mandatory policy violations\n/);
  });
});

describe("plan --state: a deployed stack from its export", () => {
  it("judges the recorded inputs and outputs merged, with the same policies, and says where they came from", async () => {
    const { code, out, err } = await cli("plan", "--state", exportFile);
    expect(code).to.equal(3);
    expect(err).to.equal("plan: 1 mandatory policy violation(s)\n");
    expect(out).to.match(
      /^Plan for ledger \(stack prod, from stack export test\/fixtures\/state\/stack-export\.json\): 3 resources in 1 component\n/,
    );
    // The sku is an input, the TLS version only an output of the deployed account: both judged.
    expect(out).to.include(
      '[mandatory] data-storage-require-redundancy-and-tls (ledgerlogs): sku Standard_LRS keeps every copy in one datacenter: use ZRS, GRS or GZRS. minimum TLS version is "TLS1_0": set TLS1_2.',
    );
    // Components are drawn with their children; secret stack outputs are masked.
    expect(out).to.include(
      "logs  ledger:index:LogStore\n├─ ledgerlogs  azure-native:storage:StorageAccount  (swedencentral)",
    );
    expect(out).to.include("  accountKey: [secret]");
  });

  it("places resources in their provider's region: the default provider's, or the explicit provider's", async () => {
    const { out } = await cli("plan", "--state", exportFile, "--json");
    const doc = JSON.parse(out) as {
      source: string;
      resources: { name: string; type: string; location: string | null }[];
      policies: { mandatory: number; coverage: { resources: number } };
    };
    expect(doc.source).to.equal("stack export test/fixtures/state/stack-export.json");
    expect(doc.resources.map((r) => [r.name, r.type, r.location])).to.deep.equal([
      ["logs", "ledger:index:LogStore", null],
      ["logs-rg", "azure-native:resources:ResourceGroup", "swedencentral"],
      // a v2 API-versioned token, read as the current one
      ["ledgerlogs", "azure-native:storage:StorageAccount", "swedencentral"],
      ["dr-rg", "azure-native:resources:ResourceGroup", "norwayeast"],
    ]);
    expect(doc.policies.mandatory).to.equal(1);
    expect(doc.policies.coverage.resources).to.equal(3);
  });

  it("prints Markdown with --markdown, as with --format markdown", async () => {
    const markdown = await cli("plan", "--state", exportFile, "--markdown");
    expect(markdown.out).to.match(
      /^## Plan: ledger \(stack `prod`, from stack export test\/fixtures\/state\/stack-export\.json\)\n/,
    );
    expect(markdown.out).to.equal((await cli("plan", "--state", exportFile, "--format", "markdown")).out);
  });

  it("takes --policy-config and --out, and refuses a program's options", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aaf-state-"));
    const settings = path.join(dir, "policy-config.json");
    fs.writeFileSync(settings, JSON.stringify({ "data-storage-require-redundancy-and-tls": "advisory" }));
    const out = path.join(dir, "out");
    const result = await cli("plan", "--state", exportFile, "--policy-config", settings, "--out", out);
    expect(result.code).to.equal(0);
    expect(fs.readdirSync(out).sort()).to.deep.equal(["plan.json", "plan.md", "topology.svg"]);
    const both = await cli("plan", "--state", exportFile, "--program", root);
    expect(both.code).to.equal(2);
    expect(both.err).to.equal(
      "--state reads a stack export: it does not take --program, --stack, --config or --timeout\n",
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("exits 1 on a missing export, in one line", async () => {
    const result = await cli("plan", "--state", fixture("state/nope.json"));
    expect(result.code).to.equal(1);
    expectOneLine(result);
    expect(result.err).to.match(
      /^plan failed: --state .*nope\.json does not exist: write it with `pulumi stack export/,
    );
  });
});

describe("failure descriptions", () => {
  it("find the program's frame, skipping node_modules and the plan's own code", () => {
    const stack = [
      "Error: boom",
      "    at OutputImpl.apply (/p/node_modules/@pulumi/pulumi/output.js:10:5)",
      `    at run (${path.join(root, "src/plan/run.ts")}:50:3)`,
      "    at /p/src/index.ts:12:9",
      "    at Object.<anonymous> (/p/index.ts:3:1)",
    ].join("\n");
    expect(programFrame(stack, "/p")).to.equal("/p/src/index.ts:12:9");
    expect(programFrame("Error: x\n    at node:internal/x:1:1", "/p")).to.equal(undefined);
  });

  it("read syntax errors from ts-node, the plan's loader and Node", () => {
    const tsNode = Object.assign(
      new Error("⨯ Unable to compile TypeScript:\n/p/index.ts(2,11): error TS1109: Expression expected."),
      {
        name: "TSError",
      },
    );
    expect(syntaxError(tsNode)).to.equal("/p/index.ts:2:11: Expression expected.");
    expect(syntaxError(new SyntaxError("/p/index.ts:2:11: Expression expected."))).to.equal(
      "/p/index.ts:2:11: Expression expected.",
    );
    expect(syntaxError(new Error("not one"))).to.equal(undefined);
  });

  it("name a missing package a dependency needs, with the install hint", () => {
    const error = Object.assign(
      new Error("Cannot find module 'left-pad'\nRequire stack:\n- /p/node_modules/fmt/index.js"),
      {
        code: "MODULE_NOT_FOUND",
        requireStack: ["/p/node_modules/fmt/index.js"],
      },
    );
    expect(missingModule(error, "/p")).to.equal(
      'the package fmt needs "left-pad", which is not installed: run `npm install` in /p.',
    );
  });

  it("name every copy of @pulumi/pulumi", () => {
    expect(sdkCopies(["/a/node_modules/@pulumi/pulumi", "/b/node_modules/@pulumi/pulumi"], "/a")).to.match(
      /^the program loads 2 copies of @pulumi\/pulumi, \/a\/node_modules\/@pulumi\/pulumi and \/b\/node_modules\/@pulumi\/pulumi: .*`npm dedupe` in \/a/,
    );
  });
});
