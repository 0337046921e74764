import { StackContext, normalizeResources } from "../policies/normalize";
import {
  PolicyCoverage,
  PolicySettings,
  PolicyViolation,
  checkedResources,
  policyCoverage,
  runChecks,
} from "../policies/run";
import type { RecordedResource } from "../testing/harness";
import { secretMask } from "../testing/harness";
import { BudgetStage, OriginGroupBudget, failoverBudget, originGroupBudgets } from "./budget";
import { Topology, mermaid, topology } from "./diagram";
import type { ProgramPlan } from "./run";
import { shownPath } from "./failure";
import { offlineSecretValue } from "./project";

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

/** Everything a plan found: resources, policy violations, failover budget, topology. */
export interface PlanAnalysis {
  readonly violations: readonly PolicyViolation[];
  /** How much of the stack the policies judged. */
  readonly coverage: PolicyCoverage;
  /** Each resource's region as Azure would place it: its own, else the provider's default (`azure-native:location`). */
  readonly locations: ReadonlyMap<string, string>;
  readonly budget: readonly BudgetStage[];
  readonly frontDoor: readonly OriginGroupBudget[];
  readonly topology: Topology;
}

/** The profile of each `WarmStandbyAiPlatform` in a plan (what its `registerOutputs` recorded). */
function planProfiles(plan: ProgramPlan): { platform: string; profile: string }[] {
  return plan.recording.resources
    .filter((r) => !r.custom && r.type === "azure-ai-failover:platform:WarmStandbyAiPlatform")
    .filter((r) => typeof r.outputs.profile === "string")
    .map((r) => ({ platform: r.name, profile: r.outputs.profile as string }));
}

const profileLine = (plan: ProgramPlan): string[] =>
  planProfiles(plan).map(
    ({ platform, profile }) => `Profile: ${profile} (WarmStandbyAiPlatform "${platform}")`,
  );

/** The JSON document `plan --json` prints. */
export interface PlanDocument {
  project: string;
  stack: string;
  /** The profile of each WarmStandbyAiPlatform in the stack (dev, production or mission-critical). */
  profiles: { platform: string; profile: string }[];
  /** What was judged: `program <folder>`, or `stack export <file>` for a deployed stack. */
  source: string;
  summary: { resources: number; components: number; byType: Record<string, number> };
  resources: PlanResource[];
  policies: { mandatory: number; advisory: number; coverage: PolicyCoverage; violations: PolicyViolation[] };
  /** Failover stages, and the Front Door estimates per origin group. */
  failoverBudget: { stages: BudgetStage[]; frontDoor: OriginGroupBudget[] };
  /** Topology as a Mermaid flowchart. */
  diagram: string;
  outputs: unknown;
  /** What the plan noticed that is not a policy: a secure config value read as plain text. */
  warnings: string[];
}

/**
 * A `secure:` config value read with `config.require` (not `requireSecret`) is plain text to the program: the CLI
 * hides it on screen, but it lands in the state and in `pulumi stack output` unencrypted.
 */
export const plainSecretWarning =
  "a secure config value is read as plain text (config.require or config.get): Pulumi then stores it unencrypted in the state and stack outputs; read it with config.requireSecret.";

function secretReadAsPlainText(plan: ProgramPlan): boolean {
  const { recording } = plan;
  const text = JSON.stringify([recording.exports, recording.resources.map((r) => r.inputs)]);
  return text.includes(offlineSecretValue);
}

/** What a plan judged: `program <folder>`, or `stack export <file>` for a deployed stack (`plan --state`). */
export function planSource(plan: ProgramPlan): string {
  return plan.stateFile
    ? `stack export ${shownPath(plan.stateFile)}`
    : `program ${shownPath(plan.project.dir)}`;
}

/** `, from stack export <file>` after the stack's name for a deployed stack; a program's plan needs no such words. */
const fromState = (plan: ProgramPlan) => (plan.stateFile ? `, from ${planSource(plan)}` : "");

/** What the stack's config tells the policies: the provider's default region. */
export function stackContext(plan: ProgramPlan): StackContext {
  const location = plan.project.config["azure-native:location"];
  return typeof location === "string" && location !== "" ? { defaultLocation: location } : {};
}

/**
 * Runs the policies, the budget and the topology over a plan, on one resource model: current type tokens and the
 * provider's default region on resources that name none.
 */
export function analyze(plan: ProgramPlan, settings: PolicySettings = {}): PlanAnalysis {
  const context = stackContext(plan);
  const resources = normalizeResources(checkedResources(plan.recording), context);
  const locations = new Map<string, string>();
  for (const r of resources) if (typeof r.props.location === "string") locations.set(r.urn, r.props.location);
  return {
    violations: runChecks(resources, settings, undefined, context),
    coverage: policyCoverage(resources, settings),
    locations,
    budget: failoverBudget(plan.recording, resources),
    frontDoor: originGroupBudgets(plan.recording),
    topology: topology(resources),
  };
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

/**
 * Masks every string that carries the stand-in of a `secure:` config value, which a program that reads it with
 * `config.require` (not `requireSecret`) gets as plain text: the plan shows `[secret]`, and warns (see
 * {@link plainSecretWarning}).
 */
export function maskSecretConfig<T>(value: T): T {
  if (typeof value === "string") return (value.includes(offlineSecretValue) ? secretMask : value) as T;
  if (Array.isArray(value)) return value.map(maskSecretConfig) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskSecretConfig(v)])) as T;
  }
  return value;
}

/** The plan as one JSON-ready document, secrets masked. */
export function planDocument(plan: ProgramPlan, analysis: PlanAnalysis = analyze(plan)): PlanDocument {
  const { recording, project } = plan;
  const byType: Record<string, number> = {};
  for (const [type, count] of recording.countByType()) byType[type] = count;
  return {
    project: project.name,
    stack: project.stack,
    source: planSource(plan),
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
      location: analysis.locations.get(r.urn) ?? r.location ?? null,
      inputs: maskSecretConfig(maskSecrets(r.inputs, r.secretPaths)),
      dependencies: [...r.dependencies],
    })),
    policies: {
      mandatory: analysis.violations.filter((v) => v.enforcementLevel === "mandatory").length,
      advisory: analysis.violations.filter((v) => v.enforcementLevel === "advisory").length,
      coverage: analysis.coverage,
      violations: [...analysis.violations],
    },
    failoverBudget: { stages: [...analysis.budget], frontDoor: [...analysis.frontDoor] },
    diagram: mermaid(analysis.topology),
    outputs: maskSecretConfig(recording.exports),
    profiles: planProfiles(plan),
    warnings: secretReadAsPlainText(plan) ? [plainSecretWarning] : [],
  };
}

/** The resource tree (component -> children) with counts by type, as text for a terminal. */
export function renderTree(plan: ProgramPlan, analysis: PlanAnalysis = analyze(plan)): string {
  const { recording, project } = plan;
  const lines: string[] = [];
  const custom = recording.resources.filter((r) => r.custom).length;
  const components = recording.resources.length - custom;
  lines.push(
    `Plan for ${project.name} (stack ${project.stack}${fromState(plan)}): ${custom} resource${custom === 1 ? "" : "s"}` +
      ` in ${components} component${components === 1 ? "" : "s"}`,
  );
  lines.push(...profileLine(plan));
  lines.push("");
  const known = new Set(recording.resources.map((r) => r.urn));
  const roots = recording.resources.filter((r) => !r.parent || !known.has(r.parent));
  const describe = (r: RecordedResource) => {
    const location = analysis.locations.get(r.urn) ?? r.location;
    return `${r.name}  ${r.type}${location ? `  (${location})` : ""}`;
  };
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
  lines.push("", ...policyLines(analysis.violations, analysis.coverage), "", ...budgetLines(analysis.budget));
  const outputs = maskSecretConfig(recording.exports);
  if (outputs && typeof outputs === "object" && Object.keys(outputs).length > 0) {
    lines.push("");
    lines.push("Outputs");
    for (const [key, value] of Object.entries(outputs)) {
      lines.push(`  ${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`);
    }
  }
  if (secretReadAsPlainText(plan)) lines.push("", `Warning: ${plainSecretWarning}`);
  return lines.join("\n");
}

const severities = ["critical", "high", "medium", "low"] as const;

/**
 * The one-line policy verdict: never "no violations" for a stack nothing was checked on, and always how much of the
 * stack the policies judged.
 */
export function policySummary(violations: readonly PolicyViolation[], coverage: PolicyCoverage): string {
  const plural = coverage.resources === 1 ? "" : "s";
  const of = `${coverage.judged} of ${coverage.resources} Azure resource${plural} judged`;
  if (coverage.judged === 0)
    return `nothing checked: no policy judges any of this stack's ${coverage.resources} Azure resource${plural}`;
  const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory").length;
  return violations.length === 0
    ? `no violations (${of})`
    : `${mandatory} mandatory, ${violations.length - mandatory} advisory violation(s) (${of})`;
}

/** The types no policy judges, with counts, most first: `azure-native:web:WebApp (2), ...` (all of them in JSON). */
function uncovered(coverage: PolicyCoverage, shown = 12): string {
  const types = coverage.uncoveredTypes;
  const listed = types.slice(0, shown).map((u) => `${u.type} (${u.count})`);
  return types.length > shown
    ? `${listed.join(", ")} and ${types.length - shown} more types`
    : listed.join(", ");
}

/** Policy results grouped by severity, each with its remediation. */
function policyLines(violations: readonly PolicyViolation[], coverage: PolicyCoverage): string[] {
  const lines = [`Policies: ${policySummary(violations, coverage)}`];
  if (coverage.uncoveredTypes.length > 0) lines.push(`  not judged by any policy: ${uncovered(coverage)}`);
  for (const severity of severities) {
    const group = violations.filter((v) => v.severity === severity);
    if (group.length === 0) continue;
    lines.push(`  ${severity.toUpperCase()}`);
    for (const v of group) {
      lines.push(
        `    [${v.enforcementLevel}] ${v.policy}${v.resource ? ` (${v.resource})` : ""}: ${v.message}`,
      );
      lines.push(`      fix: ${v.remediation}`);
    }
  }
  return lines;
}

function budgetLines(stages: readonly BudgetStage[]): string[] {
  if (stages.length === 0) return ["Failover budget: nothing in this stack fails over"];
  const width = Math.max(...stages.map((s) => s.stage.length));
  const estimateWidth = Math.max(...stages.map((s) => s.estimate.length));
  return [
    "Failover budget (estimates)",
    ...stages.map((s) => `  ${s.stage.padEnd(width)}  ${s.estimate.padEnd(estimateWidth)}  ${s.basis}`),
  ];
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The plan as Markdown for a pull-request comment: summary, policies, failover budget and a Mermaid diagram. */
export function renderMarkdown(plan: ProgramPlan, analysis: PlanAnalysis = analyze(plan)): string {
  const { recording, project } = plan;
  const custom = recording.resources.filter((r) => r.custom).length;
  const lines = [
    `## Plan: ${project.name} (stack \`${project.stack}\`${fromState(plan)})`,
    "",
    ...profileLine(plan).flatMap((line) => [line, ""]),
    `${custom} resources in ${recording.resources.length - custom} components. ` +
      `**Policies: ${policySummary(analysis.violations, analysis.coverage)}.**`,
    "",
  ];
  if (analysis.coverage.uncoveredTypes.length > 0)
    lines.push(`Not judged by any policy: ${uncovered(analysis.coverage)}.`, "");
  if (analysis.violations.length > 0) {
    lines.push(
      "### Policy violations",
      "",
      "| severity | level | policy | resource | problem | fix |",
      "|---|---|---|---|---|---|",
    );
    for (const v of analysis.violations) {
      lines.push(
        `| ${v.severity} | ${v.enforcementLevel} | \`${v.policy}\` | ${cell(v.resource ?? "")} | ${cell(v.message)} | ${cell(v.remediation)} |`,
      );
    }
    lines.push("");
  }
  lines.push("### Failover budget", "");
  if (analysis.budget.length === 0) lines.push("Nothing in this stack fails over.");
  else {
    lines.push("| stage | estimate | basis |", "|---|---|---|");
    for (const s of analysis.budget)
      lines.push(`| ${cell(s.stage)} | ${cell(s.estimate)} | ${cell(s.basis)} |`);
    if (analysis.frontDoor.length > 0)
      lines.push("", "Front Door numbers are estimates per edge location; see the README.");
  }
  lines.push("", "### Topology", "", "```mermaid", mermaid(analysis.topology), "```", "");
  lines.push("### Resources by type", "", "| type | count |", "|---|---|");
  for (const [type, count] of recording.countByType()) lines.push(`| \`${type}\` | ${count} |`);
  return lines.join("\n");
}
