import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import type { CheckConfig, CheckedResource, ResilienceCheck } from "./model";
import { currentType, normalizeResources } from "./normalize";
import { resilienceChecks } from "./pack";
import { madeByLibrary } from "./run";

function fromPolicyResource(
  resource: { urn: string; type: string; name: string; props: Record<string, unknown> } & Partial<
    Pick<PolicyResource, "dependencies">
  >,
): CheckedResource {
  return {
    urn: resource.urn,
    type: currentType(resource.type),
    name: resource.name,
    props: resource.props,
    dependencies: (resource.dependencies ?? []).map((d) => d.urn),
  };
}

function configSchema(check: ResilienceCheck) {
  if (!check.config) return undefined;
  const properties: Record<
    string,
    { type: "number" | "string" | "array"; default: unknown; description: string }
  > = {};
  for (const [key, spec] of Object.entries(check.config)) properties[key] = { ...spec };
  return { properties } as ResourceValidationPolicy["configSchema"];
}

/**
 * The checks as CrossGuard policies for a `PolicyPack`: a resource policy per resource check, a stack policy per
 * stack check; severity, remediation and thresholds (config schema) carried over.
 */
export function toPulumiPolicies(
  checks: readonly ResilienceCheck[] = resilienceChecks,
): (ResourceValidationPolicy | StackValidationPolicy)[] {
  return checks.map((check) => {
    const common = {
      name: check.name,
      description: check.sources?.length
        ? `${check.description} Source: ${check.sources.join(" ")}`
        : check.description,
      enforcementLevel: check.enforcementLevel,
      severity: check.severity,
      remediationSteps: check.remediation,
      tags: ["resilience", check.area],
      configSchema: configSchema(check),
    };
    const fix = (urn: string | undefined) =>
      check.libraryRemediation && madeByLibrary(urn) ? check.libraryRemediation : check.remediation;
    if (check.validateStack) {
      const policy: StackValidationPolicy = {
        ...common,
        validateStack: (args, reportViolation) => {
          const config = args.getConfig<CheckConfig>();
          // One violation per resource, listing every problem, as `plan` reports them.
          const found = new Map<string, string[]>();
          check.validateStack!(
            normalizeResources(args.resources.map(fromPolicyResource)),
            config,
            (message, urn) => {
              const problems = found.get(urn ?? "") ?? [];
              if (!problems.includes(message)) problems.push(message);
              found.set(urn ?? "", problems);
            },
          );
          for (const [urn, problems] of found)
            reportViolation(`${problems.join(" ")} Fix: ${fix(urn || undefined)}`, urn || undefined);
        },
      };
      return policy;
    }
    const types = new Set(check.resourceTypes);
    const policy: ResourceValidationPolicy = {
      ...common,
      validateResource: (args, reportViolation) => {
        const resource = fromPolicyResource(args);
        if (!types.has(resource.type)) return;
        const problems: string[] = [];
        check.validateResource!(resource, args.getConfig<CheckConfig>(), (message) => {
          if (!problems.includes(message)) problems.push(message);
        });
        if (problems.length) reportViolation(`${problems.join(" ")} Fix: ${fix(args.urn)}`);
      },
    };
    return policy;
  });
}
