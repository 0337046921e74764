import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import type { CheckedResource } from "../../src/policies/model";
import { resilienceChecks } from "../../src";
import { normalizeResources } from "../../src/policies/normalize";
import type { ResilienceCheck } from "../../src/policies/model";
import type { PolicyCase } from "./cases/builder";

// Every example stack of every policy, as one large stack, copied `times` times under new names.
function corpus(times: number): CheckedResource[] {
  const dir = path.join(__dirname, "cases");
  const base: CheckedResource[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".ts") && f !== "builder.ts")) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const area = require(path.join(dir, file)) as { cases: Record<string, PolicyCase> };
    for (const c of Object.values(area.cases))
      for (const s of [...c.compliant, ...c.failing]) base.push(...s.resources);
  }
  // Names (and ids ending in a name) inside properties are renamed too, so each copy refers to its own resources.
  const names = new Set<string>();
  for (const r of base) {
    names.add(r.name);
    // `name`, and the names a resource gives itself or its parent (`originGroupName`, `serviceName`...)
    for (const [key, value] of Object.entries(r.props))
      if (/name$/i.test(key) && typeof value === "string") names.add(value);
  }
  const out: CheckedResource[] = [];
  for (let i = 0; i < times; i++) {
    const rename = (s: string) => `${s}-copy${i}`;
    const renameValue = (_key: string, v: unknown) => {
      if (typeof v !== "string") return v;
      if (names.has(v)) return rename(v);
      const last = /\/([^/]+)$/.exec(v);
      return last && names.has(last[1]) ? rename(v) : v;
    };
    for (const r of base)
      out.push({
        ...r,
        urn: rename(r.urn),
        name: rename(r.name),
        props: JSON.parse(JSON.stringify(r.props), renameValue) as Record<string, unknown>,
        dependencies: r.dependencies.map(rename),
      });
  }
  return out;
}

/** Runs one check's own code over a normalised stack (what runChecks adds around it is linear and shared). */
function judge(check: ResilienceCheck, model: readonly CheckedResource[]) {
  const config = Object.fromEntries(Object.entries(check.config ?? {}).map(([k, v]) => [k, v.default]));
  const report = () => undefined;
  if (check.validateResource) {
    const types = new Set(check.resourceTypes);
    for (const r of model) if (types.has(r.type)) check.validateResource(r, config, report);
  }
  check.validateStack?.(model, config, report);
}

function fastest(run: () => void, runs = 3): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    run();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return best;
}

describe("the pack's cost grows with the resources it reads, not faster", function () {
  this.timeout(120_000);

  it("judges 8 times the resources in well under 64 times the time (2 and 16 copies of every example) (no policy compares every pair)", () => {
    const small = normalizeResources(corpus(2));
    const large = normalizeResources(corpus(16));
    const slowest: [string, number][] = [];
    for (const check of resilienceChecks) {
      const ratio = (runs: number) => {
        const a = fastest(() => judge(check, small), runs);
        const b = fastest(() => judge(check, large), runs);
        return b > 10 ? b / Math.max(a, 0.25) : 0;
      };
      // Linear cost is 8x, quadratic 64x; a suspect is measured again, longer, as timers and GC are noisy.
      if (ratio(3) > 32) {
        const again = ratio(7);
        if (again > 32) slowest.push([check.name, again]);
      }
    }
    expect(slowest, `policies whose cost grows faster than the stack (name, ratio)`).to.deep.equal([]);
    expect(large.length).to.be.greaterThan(2000);
  });
});
