import type { Recording } from "../testing/harness";
import type { CheckConfig, CheckedResource, ResilienceCheck, Severity } from "./model";
import { StackContext, normalizeResources } from "./normalize";
import { resilienceChecks } from "./pack";

/** Per-policy settings, in the shape of Pulumi's policy config file: `{ "<policy>": { enforcementLevel, ...thresholds } }`. */
export type PolicySettings = Record<
  string,
  | "advisory"
  | "mandatory"
  | "disabled"
  | ({ enforcementLevel?: "advisory" | "mandatory" | "disabled" } & CheckConfig)
>;

const levels = ["advisory", "mandatory", "disabled"];

/**
 * What is wrong with per-policy settings read from a file, or undefined when they are fine: an unknown policy name
 * (a typo would silently leave the policy as it was), an unknown enforcement level, a threshold the policy's `config`
 * does not declare, or a threshold value of another type than declared.
 */
export function policySettingsProblem(
  value: unknown,
  checks: readonly ResilienceCheck[] = resilienceChecks,
): string | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return `must be a JSON object mapping policy names to settings, but is ${JSON.stringify(value)}`;
  }
  for (const [name, setting] of Object.entries(value)) {
    if (!checks.some((c) => c.name === name)) {
      return `names no policy "${name}"; the policies are listed in the README (npm run plan prints their names in violations)`;
    }
    const level =
      typeof setting === "string"
        ? setting
        : (setting as { enforcementLevel?: unknown } | null)?.enforcementLevel;
    if (
      (typeof setting !== "string" && (setting === null || typeof setting !== "object")) ||
      (level !== undefined && !levels.includes(level as string))
    ) {
      return `gives "${name}" ${JSON.stringify(setting)}: use "advisory", "mandatory", "disabled" or { "enforcementLevel": ..., "<threshold>": ... }`;
    }
    if (typeof setting === "string") continue;
    // A mistyped threshold would silently leave the default in force.
    const declared = checks.find((c) => c.name === name)?.config ?? {};
    for (const [key, given] of Object.entries(setting as Record<string, unknown>)) {
      if (key === "enforcementLevel") continue;
      const spec = declared[key];
      const known = Object.keys(declared);
      if (!spec) {
        return `gives "${name}" the threshold "${key}", which it does not have; ${known.length ? `its thresholds: ${known.join(", ")}` : "it has none, only enforcementLevel"}`;
      }
      const fits =
        spec.type === "array"
          ? Array.isArray(given)
          : spec.type === "number"
            ? typeof given === "number" && Number.isFinite(given)
            : typeof given === spec.type;
      if (!fits) {
        return `gives "${name}" ${key} ${JSON.stringify(given)}, but it takes a ${spec.type}: ${spec.description.replace(/\.$/, "")} (default ${JSON.stringify(spec.default)})`;
      }
    }
  }
  return undefined;
}

/** One violation: one per resource (or per stack, for a stack-wide problem) per policy, listing every problem. */
export interface PolicyViolation {
  readonly policy: string;
  readonly area: string;
  readonly severity: Severity;
  readonly enforcementLevel: "advisory" | "mandatory";
  /** Every problem the policy found on the resource, joined. */
  readonly message: string;
  readonly problems: readonly string[];
  /** How to fix it: in this library's arguments when a component of it made the resource, else its properties. */
  readonly remediation: string;
  /** Microsoft's guidance the policy enforces. */
  readonly sources: readonly string[];
  readonly urn?: string;
  readonly resource?: string;
  /** The resource's (current) type token. */
  readonly type?: string;
}

/** How much of a stack the policies judged: a stack nothing was checked on has not "passed". */
export interface PolicyCoverage {
  /** Azure (azure-native) resources in the stack; others (random, dynamic providers) are not Azure's to judge. */
  readonly resources: number;
  /** Of those, how many are of a type at least one enabled policy judges. */
  readonly judged: number;
  /** Resource types no enabled policy judges, with how many resources of each, most first. */
  readonly uncoveredTypes: readonly { readonly type: string; readonly count: number }[];
}

const severityOrder: Severity[] = ["critical", "high", "medium", "low"];

/** The check's thresholds with defaults, overlaid by the settings. */
export function effectiveConfig(check: ResilienceCheck, settings: PolicySettings = {}): CheckConfig {
  const config: CheckConfig = {};
  for (const [key, spec] of Object.entries(check.config ?? {})) config[key] = spec.default;
  const given = settings[check.name];
  if (given && typeof given === "object") Object.assign(config, given);
  return config;
}

function levelOf(check: ResilienceCheck, settings: PolicySettings): "advisory" | "mandatory" | "disabled" {
  const given = settings[check.name];
  if (typeof given === "string") return given;
  return given?.enforcementLevel ?? check.enforcementLevel;
}

/** Whether one of this library's components registered the resource (its URN's type chain names one). */
export function madeByLibrary(urn: string | undefined): boolean {
  return urn !== undefined && urn.split("::")[2]?.includes("azure-ai-failover:") === true;
}

/**
 * Runs every check (or the given ones) over a stack's resources, normalised first (current type tokens, the
 * provider's default region); violations sorted by severity, then policy, one per resource and policy.
 */
export function runChecks(
  resources: readonly CheckedResource[],
  settings: PolicySettings = {},
  checks: readonly ResilienceCheck[] = resilienceChecks,
  context: StackContext = {},
): PolicyViolation[] {
  const model = normalizeResources(resources, context);
  const byUrn = new Map(model.map((r) => [r.urn, r]));
  const violations: PolicyViolation[] = [];
  for (const check of checks) {
    const level = levelOf(check, settings);
    if (level === "disabled") continue;
    const config = effectiveConfig(check, settings);
    const found = new Map<string, string[]>();
    const add = (message: string, urn?: string) => {
      const key = urn ?? "";
      const problems = found.get(key) ?? [];
      if (!problems.includes(message)) problems.push(message);
      found.set(key, problems);
    };
    if (check.validateResource) {
      const types = new Set(check.resourceTypes);
      for (const resource of model.filter((r) => types.has(r.type))) {
        check.validateResource(resource, config, (message) => add(message, resource.urn));
      }
    }
    check.validateStack?.(model, config, add);
    for (const [key, problems] of found) {
      const resource = key ? byUrn.get(key) : undefined;
      violations.push({
        policy: check.name,
        area: check.area,
        severity: check.severity,
        enforcementLevel: level,
        message: problems.join(" "),
        problems,
        remediation:
          check.libraryRemediation && madeByLibrary(key || undefined)
            ? check.libraryRemediation
            : check.remediation,
        sources: check.sources ?? [],
        ...(key ? { urn: key, resource: resource?.name, type: resource?.type } : {}),
      });
    }
  }
  return violations.sort(
    (a, b) =>
      severityOrder.indexOf(a.severity) - severityOrder.indexOf(b.severity) ||
      a.policy.localeCompare(b.policy) ||
      (a.urn ?? "").localeCompare(b.urn ?? ""),
  );
}

/** How many of a stack's resources the enabled checks judge, and which types none does. */
export function policyCoverage(
  resources: readonly CheckedResource[],
  settings: PolicySettings = {},
  checks: readonly ResilienceCheck[] = resilienceChecks,
): PolicyCoverage {
  const judgedTypes = new Set(
    checks.filter((c) => levelOf(c, settings) !== "disabled").flatMap((c) => c.resourceTypes),
  );
  const uncovered = new Map<string, number>();
  let judged = 0;
  const azure = normalizeResources(resources).filter((r) => r.type.startsWith("azure-native:"));
  for (const resource of azure) {
    if (judgedTypes.has(resource.type)) judged++;
    else uncovered.set(resource.type, (uncovered.get(resource.type) ?? 0) + 1);
  }
  return {
    resources: azure.length,
    judged,
    uncoveredTypes: [...uncovered]
      .map(([type, count]) => ({ type, count }))
      .sort((a, b) => b.count - a.count || a.type.localeCompare(b.type)),
  };
}

/** A resource's outputs without the ones the offline mocks made up: Azure's real defaults are not known offline. */
export function judgedOutputs(r: Recording["resources"][number]): Record<string, unknown> {
  if (!r.standinOutputs) return r.outputs;
  const outputs = { ...r.outputs };
  for (const key of r.standinOutputs) delete outputs[key];
  return outputs;
}

/** A recorded program's resources as checks see them: inputs over outputs (so ids are known), dependencies by URN. */
export function checkedResources(recording: Recording): CheckedResource[] {
  return recording.resources
    .filter((r) => r.custom)
    .map((r) => ({
      urn: r.urn,
      type: r.type,
      name: r.name,
      props: { ...judgedOutputs(r), ...r.inputs, ...(r.id ? { id: r.id } : {}) },
      dependencies: r.dependencies,
    }));
}
