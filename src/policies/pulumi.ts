import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import type { CheckConfig, CheckedResource, ResilienceCheck } from "./model";
import { resilienceChecks } from "./pack";

function fromPolicyResource(
  resource: { urn: string; type: string; name: string; props: Record<string, unknown> } & Partial<
    Pick<PolicyResource, "dependencies">
  >,
): CheckedResource {
  return {
    urn: resource.urn,
    type: resource.type,
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
      description: check.description,
      enforcementLevel: check.enforcementLevel,
      severity: check.severity,
      remediationSteps: check.remediation,
      tags: ["resilience", check.area],
      configSchema: configSchema(check),
    };
    if (check.validateStack) {
      const policy: StackValidationPolicy = {
        ...common,
        validateStack: (args, reportViolation) => {
          const config = args.getConfig<CheckConfig>();
          check.validateStack!(args.resources.map(fromPolicyResource), config, (message, urn) =>
            reportViolation(`${message} Fix: ${check.remediation}`, urn),
          );
        },
      };
      return policy;
    }
    const policy: ResourceValidationPolicy = {
      ...common,
      validateResource: (args, reportViolation) => {
        if (check.resourceTypes && !check.resourceTypes.includes(args.type)) return;
        check.validateResource!(fromPolicyResource(args), args.getConfig<CheckConfig>(), (message) =>
          reportViolation(`${message} Fix: ${check.remediation}`),
        );
      },
    };
    return policy;
  });
}
