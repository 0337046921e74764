import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { resilienceChecks } from "../../src";
import { toPulumiPolicies } from "../../src/policies/pulumi";
import { runChecks } from "../../src/policies/run";
import type { PolicyCase } from "./cases/builder";

// Every policy's examples, one file per area: test/policies/cases/<area>.ts exports `cases`.
const dir = path.join(__dirname, "cases");
const cases: Record<string, PolicyCase> = {};
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".ts") && f !== "builder.ts")) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const area = require(path.join(dir, file)) as { cases: Record<string, PolicyCase> };
  for (const [name, c] of Object.entries(area.cases)) {
    expect(cases[name], `${name} has cases in two files`).to.equal(undefined);
    cases[name] = c;
  }
}

describe("every policy, on a compliant and a failing stack", () => {
  it("has at least 100 policies, one file each, each naming its Microsoft source", () => {
    expect(resilienceChecks.length).to.be.at.least(100);
    expect(new Set(resilienceChecks.map((c) => c.name)).size).to.equal(resilienceChecks.length);
    for (const c of resilienceChecks) {
      expect(c.name, c.name).to.match(new RegExp(`^${c.area}-[a-z0-9]+(-[a-z0-9]+)+$`));
      const file = path.join(
        __dirname,
        "../../src/policies",
        c.area,
        `${c.name.slice(c.area.length + 1)}.ts`,
      );
      expect(fs.existsSync(file), `${c.name} lives in ${file}`).to.equal(true);
      expect(c.sources?.length ?? 0, `${c.name} names its source`).to.be.greaterThan(0);
      for (const s of c.sources ?? [])
        expect(s, c.name).to.match(
          /^(https:\/\/(learn\.microsoft\.com|azure\.github\.io|github\.com\/Azure)\/|\/providers\/Microsoft\.Authorization\/policyDefinitions\/)/,
        );
      expect(c.resourceTypes.length, c.name).to.be.greaterThan(0);
      for (const t of c.resourceTypes) expect(t, c.name).to.match(/^azure-native:[a-z0-9]+:[A-Za-z0-9]+$/);
      expect(c.remediation.length, c.name).to.be.greaterThan(20);
      expect(Boolean(c.validateResource) !== Boolean(c.validateStack), c.name).to.equal(true);
    }
  });

  const pulumiPolicies = toPulumiPolicies();
  for (const check of resilienceChecks) {
    describe(check.name, () => {
      const c = cases[check.name];
      it("has a compliant and a failing example", () => {
        expect(c, `test/policies/cases/${check.area}.ts has no cases for ${check.name}`).to.not.equal(
          undefined,
        );
        expect(c.compliant.length).to.be.greaterThan(0);
        expect(c.failing.length).to.be.greaterThan(0);
      });
      if (!c) return;
      c.compliant.forEach((s, i) =>
        it(`passes compliant stack ${i + 1}`, () => {
          expect(runChecks(s.resources, {}, [check], s.context).map((v) => v.message)).to.deep.equal([]);
        }),
      );
      c.failing.forEach((s, i) =>
        it(`fails failing stack ${i + 1} (${s.expect.source})`, () => {
          const found = runChecks(
            s.resources,
            s.settings ? { [check.name]: s.settings as never } : {},
            [check],
            s.context,
          );
          expect(found.length, "violations").to.be.greaterThan(0);
          expect(found.map((v) => v.message).join("\n")).to.match(s.expect);
          // one violation per resource
          const urns = found.map((v) => v.urn ?? "");
          expect(new Set(urns).size).to.equal(urns.length);
        }),
      );
      it("reports the same through CrossGuard", () => {
        const policy = pulumiPolicies.find((p) => p.name === check.name)!;
        const s = c.failing.find((f) => !f.context && !f.settings);
        if (!s) return;
        const messages: string[] = [];
        const report = (message: string) => messages.push(message);
        const config = () =>
          Object.fromEntries(Object.entries(check.config ?? {}).map(([k, v]) => [k, v.default]));
        if ("validateStack" in policy && policy.validateStack) {
          void policy.validateStack(
            {
              resources: s.resources.map((r) => ({
                ...r,
                isType: () => false,
                asType: () => undefined,
                dependencies: r.dependencies
                  .map((urn) => s.resources.find((d) => d.urn === urn)!)
                  .filter(Boolean),
                propertyDependencies: {},
              })),
              getConfig: config,
            } as never,
            report,
          );
        } else if ("validateResource" in policy && policy.validateResource) {
          for (const r of s.resources)
            void (policy.validateResource as (a: unknown, r: unknown) => void)(
              { ...r, getConfig: config, isType: () => false, asType: () => undefined, opts: {} },
              report,
            );
        }
        expect(messages.join("\n")).to.match(s.expect);
        expect(messages.join("\n")).to.include("Fix: ");
      });
    });
  }
});
