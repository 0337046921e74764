import type { RecordedResource } from "../testing/harness";
import { secretMask } from "../testing/harness";
import { frontDoorFailoverBudget } from "../frontdoor/budget";
import type { Recording } from "../testing/harness";
import type { ProgramPlan } from "./run";

/** The Front Door part of the failover budget, for one origin group. */
export interface OriginGroupBudget {
  originGroup: string;
  /** Estimated seconds to route around a dead origin, or null when the group has no health probe. */
  detectSeconds: number | null;
  restoreSeconds: number | null;
  explanation: string;
}

/**
 * The Front Door failover budget of every origin group in a recording, from its recorded probe and
 * load-balancing inputs: works on any stack, not only ours.
 */
export function originGroupBudgets(recording: Recording): OriginGroupBudget[] {
  return recording.ofType("azure-native:cdn:AFDOriginGroup").map((group) => {
    const probe = group.inputs.healthProbeSettings as { probeIntervalInSeconds?: number } | undefined;
    const lb = group.inputs.loadBalancingSettings as
      { sampleSize?: number; successfulSamplesRequired?: number } | undefined;
    if (!probe?.probeIntervalInSeconds || !lb?.sampleSize || !lb.successfulSamplesRequired) {
      return {
        originGroup: group.name,
        detectSeconds: null,
        restoreSeconds: null,
        explanation: "no health probe settings: Front Door cannot tell a dead origin from a live one",
      };
    }
    const budget = frontDoorFailoverBudget({
      probeIntervalSeconds: probe.probeIntervalInSeconds,
      sampleSize: lb.sampleSize,
      successfulSamplesRequired: lb.successfulSamplesRequired,
    });
    return {
      originGroup: group.name,
      detectSeconds: budget.detectSeconds,
      restoreSeconds: budget.restoreSeconds,
      explanation: budget.explanation,
    };
  });
}

/** One resource in the JSON plan. */
export interface PlanResource {
  urn: string;
  type: string;
  name: string;
  parent: string | null;
  location: string | null;
  inputs: Record<string, unknown>;
  dependencies: string[];
}

/** The JSON document `plan --json` prints. */
export interface PlanDocument {
  project: string;
  stack: string;
  summary: { resources: number; components: number; byType: Record<string, number> };
  resources: PlanResource[];
  /** Front Door detection and restore estimates per origin group. */
  failoverBudget: { frontDoor: OriginGroupBudget[] };
  outputs: unknown;
}

/** Replaces the values at `paths` (as recorded: `a.b[0].c`, `""` for the whole value) with the mask. */
export function maskSecrets(
  inputs: Record<string, unknown>,
  paths: readonly string[],
): Record<string, unknown> {
  if (paths.length === 0) return inputs;
  if (paths.includes("")) return { [secretMask]: secretMask };
  const copy = structuredClone(inputs);
  for (const p of paths) {
    const steps = p.match(/[^.[\]]+/g) ?? [];
    let node: Record<string, unknown> | unknown[] = copy;
    for (let i = 0; i < steps.length - 1 && node; i++) {
      node = (node as Record<string, unknown>)[steps[i]] as Record<string, unknown>;
    }
    if (node && typeof node === "object")
      (node as Record<string, unknown>)[steps[steps.length - 1]] = secretMask;
  }
  return copy;
}

/** The plan as one JSON-ready document, secrets masked. */
export function planDocument(plan: ProgramPlan): PlanDocument {
  const { recording, project } = plan;
  const byType: Record<string, number> = {};
  for (const [type, count] of recording.countByType()) byType[type] = count;
  return {
    project: project.name,
    stack: project.stack,
    summary: {
      resources: recording.resources.filter((r) => r.custom).length,
      components: recording.resources.filter((r) => !r.custom).length,
      byType,
    },
    resources: recording.resources.map((r) => ({
      urn: r.urn,
      type: r.type,
      name: r.name,
      parent: r.parent ?? null,
      location: r.location ?? null,
      inputs: maskSecrets(r.inputs, r.secretPaths),
      dependencies: [...r.dependencies],
    })),
    failoverBudget: { frontDoor: originGroupBudgets(recording) },
    outputs: recording.exports,
  };
}

/** The resource tree (component -> children) with counts by type, as text for a terminal. */
export function renderTree(plan: ProgramPlan): string {
  const { recording, project } = plan;
  const lines: string[] = [];
  const custom = recording.resources.filter((r) => r.custom).length;
  const components = recording.resources.length - custom;
  lines.push(
    `Plan for ${project.name} (stack ${project.stack}): ${custom} resource${custom === 1 ? "" : "s"}` +
      ` in ${components} component${components === 1 ? "" : "s"}`,
  );
  lines.push("");
  const known = new Set(recording.resources.map((r) => r.urn));
  const roots = recording.resources.filter((r) => !r.parent || !known.has(r.parent));
  const describe = (r: RecordedResource) => `${r.name}  ${r.type}${r.location ? `  (${r.location})` : ""}`;
  const walk = (r: RecordedResource, prefix: string, last: boolean, top: boolean) => {
    lines.push(top ? describe(r) : `${prefix}${last ? "└─ " : "├─ "}${describe(r)}`);
    const children = recording.childrenOf(r).sort((a, b) => a.name.localeCompare(b.name));
    const childPrefix = top ? "" : `${prefix}${last ? "   " : "│  "}`;
    children.forEach((c, i) => walk(c, childPrefix, i === children.length - 1, false));
  };
  for (const root of roots) walk(root, "", true, true);
  lines.push("");
  lines.push("Resources by type");
  const counts = [...recording.countByType()];
  const width = Math.max(0, ...counts.map(([type]) => type.length));
  for (const [type, count] of counts) lines.push(`  ${type.padEnd(width)}  ${count}`);
  const budgets = originGroupBudgets(recording);
  if (budgets.length > 0) {
    lines.push("");
    lines.push("Failover budget (Front Door, estimated per edge location)");
    for (const b of budgets) {
      lines.push(
        b.detectSeconds === null
          ? `  ${b.originGroup}: ${b.explanation}`
          : `  ${b.originGroup}: detect ~${b.detectSeconds} s, restore ~${b.restoreSeconds} s — ${b.explanation}`,
      );
    }
  }
  const outputs = recording.exports;
  if (outputs && typeof outputs === "object" && Object.keys(outputs).length > 0) {
    lines.push("");
    lines.push("Outputs");
    for (const [key, value] of Object.entries(outputs)) {
      lines.push(`  ${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`);
    }
  }
  return lines.join("\n");
}
