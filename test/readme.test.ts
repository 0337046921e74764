import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { checkedResources, loadProject, planProgram, resilienceChecks, svg, topology } from "../src";

const root = path.resolve(__dirname, "..");
const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");

describe("README", () => {
  it("starts with the two commands: install and plan, then test", () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
    const commands = firstBlock
      .split("\n")
      .map((line) => line.replace(/#.*$/, "").trim())
      .filter(Boolean);
    expect(commands).to.deep.equal(["npm install && npm run plan", "npm test"]);
  });

  it("documents every config key the root Pulumi.yaml declares, with its default", () => {
    const project = loadProject(root);
    for (const declaration of project.declarations) {
      const key = declaration.key.replace("azure-ai-failover:", "");
      const row = readme.split("\n").find((line) => line.startsWith(`| \`${key}\` |`));
      expect(row, `README config row for ${key}`).to.be.a("string");
      const shown =
        Array.isArray(declaration.default) && declaration.default.length === 0
          ? "[]"
          : String(declaration.default);
      expect(row, key).to.include(shown);
    }
  });

  it("lists every policy of the pack in docs/policies.md, as npm run policies writes it", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { policyTable } = require("../scripts/policy-table.js") as {
      policyTable(checks: typeof resilienceChecks): string;
    };
    const committed = fs.readFileSync(path.join(root, "docs/policies.md"), "utf8");
    expect(
      committed === policyTable(resilienceChecks),
      "docs/policies.md is stale: run `npm run policies`",
    ).to.equal(true);
    for (const check of resilienceChecks)
      expect(committed, check.name).to.include(
        `| \`${check.name}\` | ${check.severity} | ${check.enforcementLevel} |`,
      );
    expect(readme).to.include(`${resilienceChecks.length} policies`);
  });

  it("shows the current topology of the reference platform (docs/topology.svg)", async function () {
    this.timeout(30_000);
    const plan = await planProgram({ program: root });
    const current = `${svg(topology(checkedResources(plan.recording)))}\n`;
    const committed = fs.readFileSync(path.join(root, "docs/topology.svg"), "utf8");
    expect(
      committed === current,
      "docs/topology.svg is stale: run `npm run plan -- --out .plan-out` and copy topology.svg to docs/",
    ).to.equal(true);
  });
});
