import type { Recording } from "../testing/harness";
import type { CheckConfig, CheckedResource, ResilienceCheck, Severity } from "./model";
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
 * (a typo would silently leave the policy as it was) or an unknown enforcement level.
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
  }
  return undefined;
}

/** One violation. */
export interface PolicyViolation {
  readonly policy: string;
  readonly area: string;
  readonly severity: Severity;
  readonly enforcementLevel: "advisory" | "mandatory";
  readonly message: string;
  readonly remediation: string;
  readonly urn?: string;
  readonly resource?: string;
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

/** Runs every check (or the given ones) over a stack's resources; violations sorted by severity, then policy. */
export function runChecks(
  resources: readonly CheckedResource[],
  settings: PolicySettings = {},
  checks: readonly ResilienceCheck[] = resilienceChecks,
): PolicyViolation[] {
  const violations: PolicyViolation[] = [];
  for (const check of checks) {
    const level = levelOf(check, settings);
    if (level === "disabled") continue;
    const config = effectiveConfig(check, settings);
    const add = (message: string, urn?: string) =>
      violations.push({
        policy: check.name,
        area: check.area,
        severity: check.severity,
        enforcementLevel: level,
        message,
        remediation: check.remediation,
        ...(urn ? { urn, resource: resources.find((r) => r.urn === urn)?.name } : {}),
      });
    if (check.validateResource) {
      for (const resource of resources.filter(
        (r) => !check.resourceTypes || check.resourceTypes.includes(r.type),
      )) {
        check.validateResource(resource, config, (message) => add(message, resource.urn));
      }
    }
    check.validateStack?.(resources, config, add);
  }
  return violations.sort(
    (a, b) =>
      severityOrder.indexOf(a.severity) - severityOrder.indexOf(b.severity) ||
      a.policy.localeCompare(b.policy),
  );
}

/** A recorded program's resources as checks see them: inputs over outputs (so ids are known), dependencies by URN. */
export function checkedResources(recording: Recording): CheckedResource[] {
  return recording.resources
    .filter((r) => r.custom)
    .map((r) => ({
      urn: r.urn,
      type: r.type,
      name: r.name,
      props: { ...r.outputs, ...r.inputs, ...(r.id ? { id: r.id } : {}) },
      dependencies: r.dependencies,
    }));
}
