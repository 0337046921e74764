import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { fail, show } from "../errors";
import type { AzureRegion } from "../regions/catalog";

/**
 * Naming rules of the Azure resources whose names are DNS labels, so must be unique across Azure.
 * Source: https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules
 */
export interface NameRule {
  /** The resource, as error messages call it. */
  readonly resource: string;
  readonly minLength: number;
  readonly maxLength: number;
  /** Whole-name pattern Azure enforces. */
  readonly pattern: RegExp;
  /** Whether `-` may appear (it also separates the base from the unique suffix). */
  readonly hyphens: boolean;
  /** The rule in words, for error messages. */
  readonly description: string;
}

export const nameRules = {
  /** Storage account: 3-24 lowercase letters and digits, unique across Azure (`<name>.blob.core.windows.net`). */
  storageAccount: {
    resource: "storage account",
    minLength: 3,
    maxLength: 24,
    pattern: /^[a-z0-9]{3,24}$/,
    hyphens: false,
    description: "3-24 lowercase letters and digits",
  },
  /** Azure OpenAI / AI Services custom subdomain (`<name>.openai.azure.com`), needed for Entra ID auth. */
  cognitiveServicesSubdomain: {
    resource: "Azure OpenAI custom subdomain",
    minLength: 2,
    maxLength: 64,
    pattern: /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/,
    hyphens: true,
    description: "2-64 lowercase letters, digits and hyphens, starting and ending with a letter or digit",
  },
  /** Front Door endpoint (`<name>-<hash>.z01.azurefd.net`). */
  frontDoorEndpoint: {
    resource: "Front Door endpoint",
    minLength: 2,
    maxLength: 46,
    pattern: /^[a-z0-9](?:[a-z0-9-]{0,44}[a-z0-9])?$/,
    hyphens: true,
    description: "2-46 lowercase letters, digits and hyphens, starting and ending with a letter or digit",
  },
  /** API Management service (`<name>.azure-api.net`). */
  apiManagementService: {
    resource: "API Management service",
    minLength: 1,
    maxLength: 50,
    pattern: /^[a-z](?:[a-z0-9-]{0,48}[a-z0-9])?$/,
    hyphens: true,
    description:
      "1-50 lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit",
  },
  /** Key Vault (`<name>.vault.azure.net`). */
  keyVault: {
    resource: "Key Vault",
    minLength: 3,
    maxLength: 24,
    pattern: /^[a-z](?:[a-z0-9]|-(?!-)){1,22}[a-z0-9]$/,
    hyphens: true,
    description:
      "3-24 lowercase letters, digits and single hyphens, starting with a letter and ending with a letter or digit",
  },
  /**
   * PostgreSQL flexible server (`<name>.postgres.database.azure.com`): 3-63 lowercase letters, digits and hyphens,
   * not starting or ending with a hyphen. https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftdbforpostgresql
   */
  postgresServer: {
    resource: "PostgreSQL flexible server",
    minLength: 3,
    maxLength: 63,
    pattern: /^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$/,
    hyphens: true,
    description: "3-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit",
  },
  /**
   * PostgreSQL virtual endpoint base name (`<name>.writer.postgres.database.azure.com`, "which isn't taken already by
   * some other server"): 3-63 characters, `^[A-Za-z0-9][A-Za-z0-9-]{0,62}(?<!-)$` (ARM template reference,
   * https://learn.microsoft.com/azure/templates/microsoft.dbforpostgresql/flexibleservers/virtualendpoints), kept
   * lower-case here because it is a DNS label.
   */
  postgresVirtualEndpoint: {
    resource: "PostgreSQL virtual endpoint",
    minLength: 3,
    maxLength: 63,
    pattern: /^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$/,
    hyphens: true,
    description: "3-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit",
  },
} as const satisfies Record<string, NameRule>;

export type GloballyUniqueKind = keyof typeof nameRules;

/** Length of the random suffix that makes a global name unique (36^6 ≈ 2.2 billion values). */
export const uniqueSuffixLength = 6;

/** Child resource name: `${name}-${role}`, or `${name}-${role}-${region code}` for per-region resources. */
export function childName(name: string, role: string, region?: AzureRegion): string {
  return region ? `${name}-${role}-${region.code}` : `${name}-${role}`;
}

/** Throws unless `value` is a valid name of this kind as given (no cleaning). */
export function checkName(kind: GloballyUniqueKind, argument: string, value: string): void {
  const rule: NameRule = nameRules[kind];
  if (typeof value !== "string" || !rule.pattern.test(value)) {
    fail(
      argument,
      `${argument} must be a ${rule.resource} name of ${rule.description}, but got ${show(value)}.`,
    );
  }
}

/**
 * A globally unique name built from a readable base and a random suffix: the base is lower-cased,
 * cleaned of characters the resource does not allow, and cut so that base + suffix fit the maximum
 * length. Pure: the suffix comes from {@link uniqueSuffix} (or any string, in tests).
 *
 * @throws InvalidArgumentError when nothing usable is left of the base.
 */
export function globalName(
  kind: GloballyUniqueKind,
  base: string,
  suffix: string,
  argument = "name",
): string {
  const rule: NameRule = nameRules[kind];
  let cleaned = base.toLowerCase().replace(rule.hyphens ? /[^a-z0-9-]/g : /[^a-z0-9]/g, "");
  cleaned = cleaned.replace(/-+/g, "-").replace(/^[^a-z]+/, "");
  const separator = rule.hyphens ? "-" : "";
  const room = rule.maxLength - suffix.length - separator.length;
  cleaned = cleaned.slice(0, Math.max(0, room)).replace(/-+$/, "");
  const name = cleaned.length > 0 ? `${cleaned}${separator}${suffix}` : suffix;
  if (cleaned.length === 0 || !rule.pattern.test(name)) {
    fail(
      argument,
      `${argument} ${show(base)} cannot be the start of a ${rule.resource} name (${rule.description}): ` +
        'give a name that starts with a letter, such as "agents".',
    );
  }
  return name;
}

/**
 * A random, stable suffix for the globally unique names of one component (one `random.RandomString`,
 * created once and kept in state, so names do not change between deployments).
 */
export function uniqueSuffix(name: string, parent: pulumi.Resource): random.RandomString {
  return new random.RandomString(
    `${name}-suffix`,
    { length: uniqueSuffixLength, lower: true, numeric: true, upper: false, special: false },
    { parent },
  );
}

/** {@link globalName} applied to an Output suffix. */
export function uniqueName(
  kind: GloballyUniqueKind,
  base: string,
  suffix: pulumi.Input<string>,
): pulumi.Output<string> {
  return pulumi.output(suffix).apply((s) => globalName(kind, base, s));
}
