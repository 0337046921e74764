import type { CheckedResource } from "../../../src/policies/model";
import type { StackContext } from "../../../src/policies/normalize";

/** A policy's examples: stacks it passes and stacks it fails, with what its message must say. */
export interface PolicyCase {
  /** Stacks written the way Microsoft's guidance asks: the policy reports nothing on any of them. */
  readonly compliant: readonly Stack[];
  /** Stacks that break the guidance: the policy reports each, and its message matches `expect`. */
  readonly failing: readonly (Stack & {
    readonly expect: RegExp;
    readonly settings?: Record<string, unknown>;
  })[];
}

export interface Stack {
  readonly resources: readonly CheckedResource[];
  /** The stack's config: `azure-native:location`. */
  readonly context?: StackContext;
}

let counter = 0;

/**
 * A resource as a program (or `pulumi stack export`) would record it: `type` is any azure-native token (v2, v3 or
 * API-versioned), `props` its inputs; `id` defaults to an ARM id made from the name.
 */
export function res(
  type: string,
  props: Record<string, unknown>,
  opts: { name?: string; dependsOn?: readonly CheckedResource[]; parentType?: string } = {},
): CheckedResource {
  const name = opts.name ?? `r${++counter}`;
  const chain = opts.parentType ? `${opts.parentType}$${type}` : type;
  return {
    urn: `urn:pulumi:dev::example::${chain}::${name}`,
    type,
    name,
    props: {
      id: `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/x/${name}`,
      ...props,
    },
    dependencies: (opts.dependsOn ?? []).map((d) => d.urn),
  };
}

/** Shorthand for one stack of resources. */
export const stack = (...resources: CheckedResource[]): Stack => ({ resources });
