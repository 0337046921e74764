import { fail, show } from "../errors";
import { nearest } from "../internal/strings";

/**
 * Deployment SKU names as the API takes them ("SKU name in code").
 * https://learn.microsoft.com/azure/ai-foundry/openai/how-to/deployment-types
 */
export const tokenSkus = [
  "GlobalStandard",
  "DataZoneStandard",
  "Standard",
  "GlobalBatch",
  "DataZoneBatch",
  "DeveloperTier",
] as const;
export const provisionedSkus = [
  "GlobalProvisionedManaged",
  "DataZoneProvisionedManaged",
  "ProvisionedManaged",
] as const;
export type TokenSku = (typeof tokenSkus)[number];
export type ProvisionedSku = (typeof provisionedSkus)[number];
export type DeploymentSku = TokenSku | ProvisionedSku;

/**
 * Provisioned deployment sizes: a minimum and a step, in PTUs, per model, from Microsoft's table "Deployment
 * parameters and throughput values by model" (ms.date 2026-09-23, the PTU sizing include of
 * https://learn.microsoft.com/azure/ai-foundry/openai/how-to/provisioned-throughput-onboarding). Global and data-zone
 * provisioned share a row; regional has its own. A model not in the table is not checked (said in the notes).
 */
const size = (minimum: number, step: number) => ({ minimum, step });
/** Models whose regional deployments start at 50 PTUs and grow by 50. */
const regionalFifty = [
  "gpt-6-sol",
  "gpt-6-astra",
  "gpt-5.6-luna",
  "gpt-5.6-terra",
  "gpt-5.6-sol",
  "gpt-5.5",
  "gpt-5.4",
  "gpt-5.3-codex",
  "gpt-5.2",
  "gpt-5.2-codex",
  "gpt-5.1",
  "gpt-5.1-codex",
  "gpt-5",
  "gpt-4.1",
  "o3",
  "gpt-4o",
];
/** Models whose regional deployments start at 25 PTUs and grow by 25. */
const regionalTwentyFive = [
  "gpt-5.4-mini",
  "gpt-4o-mini",
  "gpt-4.1-mini",
  "gpt-4.1-nano",
  "gpt-5-mini",
  "o4-mini",
  "o3-mini",
];
const each = (models: string[], rule: { minimum: number; step: number }) =>
  Object.fromEntries(models.map((m) => [m, rule]));
export const ptuSizes: {
  global: Record<string, { minimum: number; step: number }>;
  regional: Record<string, { minimum: number; step: number }>;
} = {
  // Every GPT and o-series model of the table: 15, then 5, global and data zone alike.
  global: {
    ...each([...regionalFifty, ...regionalTwentyFive], size(15, 5)),
    "gpt-image-2": size(100, 100),
    "llama-3.3-70b-instruct": size(100, 100),
  },
  regional: {
    ...each(regionalFifty, size(50, 50)),
    ...each(regionalTwentyFive, size(25, 25)),
    "gpt-image-2": size(100, 100),
  },
};

/**
 * The size rule of a provisioned deployment, or undefined for a model the table does not list (then only Azure
 * knows: the library lets it through and says so in the notes).
 */
export function ptuSizeOf(sku: ProvisionedSku, model: string): { minimum: number; step: number } | undefined {
  const table = sku === "ProvisionedManaged" ? ptuSizes.regional : ptuSizes.global;
  return table[model.toLowerCase()];
}

/** Smallest provisioned deployment, in PTUs, per SKU, for the models Microsoft lists (kept for compatibility). */
export const minimumPtu: Record<ProvisionedSku, number> = {
  GlobalProvisionedManaged: 15,
  DataZoneProvisionedManaged: 15,
  ProvisionedManaged: 25,
};

/** A model deployment, declared once and built in each region's account. */
export interface ModelDeploymentSpec<Name extends string = string> {
  /**
   * Deployment name, the same in both regions (clients and the gateway address it by name). The component's
   * `deploymentIds` are keyed by it, so a mistyped key does not compile.
   */
  name: Name;
  /** The model: `{ name: "gpt-4o", version: "2024-11-20" }`. `format` @default "OpenAI" */
  model: { name: string; version: string; format?: string };
  /** Deployment type. @default "GlobalStandard" (Microsoft's first choice for resilience) */
  sku?: DeploymentSku;
  /** Capacity of token-based SKUs, in thousands of tokens per minute (1 = 1,000 TPM, and 6 requests per minute). */
  capacityThousandTpm?: number;
  /** Capacity of provisioned SKUs, in provisioned throughput units (PTUs). */
  capacityPtu?: number;
  /**
   * Standby capacity, in the same unit. A smaller standby is an explicit choice, and is reported.
   * @default - the primary's capacity: a warm standby that can take the full load
   */
  standbyCapacity?: number;
  /**
   * When Azure may move the deployment to a newer model version.
   * @default "OnceCurrentVersionExpired" - the pinned version stays until it retires, in both regions alike
   */
  versionUpgradeOption?: "OnceNewDefaultVersionAvailable" | "OnceCurrentVersionExpired" | "NoAutoUpgrade";
  /** Content filter (RAI) policy name. @default - the account's default policy */
  raiPolicyName?: string;
  /**
   * Provisioned (PTU) deployments only: a pay-as-you-go deployment of the same model in the same account that
   * takes the requests the PTUs cannot, through Azure OpenAI's own spillover (`spilloverDeploymentName`), before
   * the gateway sends anything to the other region (except Responses API calls: Microsoft's guide has said
   * "Spillover is currently not available for the responses API"). It is named `<name>-spillover` and uses the
   * token-based SKU of the same data-processing level (see {@link spilloverSkuOf}). Global and data-zone PTU
   * deployments only: Microsoft documents spillover for those.
   * @default - no spillover: an overloaded PTU deployment answers 429 and the gateway moves on to the other region
   */
  spillover?: {
    /** Capacity of the spillover deployment, in thousands of tokens per minute. */
    capacityThousandTpm: number;
    /** Its capacity in the standby region. @default - the same as the primary's */
    standbyCapacityThousandTpm?: number;
  };
}

/** A validated deployment, with its capacity in each region. */
export interface ResolvedDeployment {
  readonly name: string;
  readonly model: { readonly name: string; readonly version: string; readonly format: string };
  readonly sku: DeploymentSku;
  /** `thousand-tpm` for token SKUs, `ptu` for provisioned ones. */
  readonly unit: "thousand-tpm" | "ptu";
  readonly primaryCapacity: number;
  readonly standbyCapacity: number;
  readonly versionUpgradeOption: NonNullable<ModelDeploymentSpec["versionUpgradeOption"]>;
  readonly raiPolicyName?: string;
  /** The pay-as-you-go deployment this PTU deployment spills over to, built first in the same account. */
  readonly spillover?: {
    readonly name: string;
    readonly sku: TokenSku;
    readonly primaryCapacity: number;
    readonly standbyCapacity: number;
  };
}

/**
 * The token-based SKU a provisioned SKU spills over to: the same data-processing level (global, data zone,
 * regional), which spillover requires.
 * https://learn.microsoft.com/azure/ai-foundry/openai/how-to/spillover-traffic-management
 */
export const spilloverSkuOf: Partial<Record<ProvisionedSku, TokenSku>> = {
  GlobalProvisionedManaged: "GlobalStandard",
  DataZoneProvisionedManaged: "DataZoneStandard",
};

const upgradeOptions = ["OnceNewDefaultVersionAvailable", "OnceCurrentVersionExpired", "NoAutoUpgrade"];
/** Throws unless a provisioned size is at least the minimum and a whole number of steps above it. */
function checkPtuSize(argument: string, ptus: number, sku: ProvisionedSku, model: string): void {
  const rule = ptuSizeOf(sku, model);
  if (!rule) return;
  const scope = sku === "ProvisionedManaged" ? `regional provisioned ${model}` : `"${sku}" ${model}`;
  if (ptus < rule.minimum || (ptus - rule.minimum) % rule.step !== 0) {
    const below = Math.max(
      rule.minimum,
      rule.minimum + Math.floor((ptus - rule.minimum) / rule.step) * rule.step,
    );
    fail(
      argument,
      `${argument} ${ptus} is not a size Azure deploys for ${scope}: the minimum is ${rule.minimum} PTUs, then steps of ${rule.step} (${below} or ${below + rule.step}).`,
    );
  }
}

const isProvisioned = (sku: DeploymentSku): sku is ProvisionedSku =>
  (provisionedSkus as readonly string[]).includes(sku);

function positiveInteger(argument: string, value: unknown, unit: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    fail(argument, `${argument} must be a positive whole number of ${unit}, but got ${show(value)}.`);
  }
  return value;
}

/** Validates the deployments and works out each one's capacity in both regions. */
export function resolveDeployments(
  argument: string,
  specs: readonly ModelDeploymentSpec[] | undefined,
): ResolvedDeployment[] {
  if (!Array.isArray(specs) || specs.length === 0) {
    fail(argument, `${argument} must list at least one model deployment, but got ${show(specs)}.`);
  }
  const names = new Set<string>();
  return specs.map((spec, i) => {
    const at = `${argument}[${i}]`;
    if (typeof spec?.name !== "string" || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(spec.name)) {
      fail(
        `${at}.name`,
        `${at}.name must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit, but got ${show(spec?.name)}.`,
      );
    }
    if (names.has(spec.name.toLowerCase())) {
      fail(
        `${at}.name`,
        `${at}.name "${spec.name}" is used by another deployment: deployment names must be unique.`,
      );
    }
    names.add(spec.name.toLowerCase());
    if (
      typeof spec.model?.name !== "string" ||
      spec.model.name === "" ||
      typeof spec.model.version !== "string" ||
      spec.model.version === ""
    ) {
      fail(
        `${at}.model`,
        `${at}.model must give the model's name and version (both regions must run the same version), such as ` +
          `{ name: "gpt-4o", version: "2024-11-20" }, but got ${show(spec.model)}.`,
      );
    }
    const sku = spec.sku ?? "GlobalStandard";
    if (![...tokenSkus, ...provisionedSkus].includes(sku)) {
      const suggestion = nearest(String(sku), [...tokenSkus, ...provisionedSkus]);
      fail(
        `${at}.sku`,
        `${at}.sku ${show(sku)} is not a deployment SKU` +
          (suggestion
            ? `; did you mean "${suggestion}"?`
            : `; use one of ${[...tokenSkus, ...provisionedSkus].join(", ")}.`),
      );
    }
    let primaryCapacity: number;
    if (isProvisioned(sku)) {
      if (spec.capacityThousandTpm !== undefined) {
        fail(
          `${at}.capacityThousandTpm`,
          `${at}.capacityThousandTpm does not apply to the provisioned SKU "${sku}": give capacityPtu (PTUs) instead.`,
        );
      }
      primaryCapacity = positiveInteger(`${at}.capacityPtu`, spec.capacityPtu, "PTUs");
      checkPtuSize(`${at}.capacityPtu`, primaryCapacity, sku, spec.model.name);
    } else {
      if (spec.capacityPtu !== undefined) {
        fail(
          `${at}.capacityPtu`,
          `${at}.capacityPtu does not apply to the token-based SKU "${sku}": give capacityThousandTpm instead.`,
        );
      }
      primaryCapacity = positiveInteger(
        `${at}.capacityThousandTpm`,
        spec.capacityThousandTpm,
        "thousands of tokens per minute",
      );
    }
    const unit = isProvisioned(sku) ? "ptu" : "thousand-tpm";
    const standbyCapacity =
      spec.standbyCapacity === undefined
        ? primaryCapacity
        : positiveInteger(
            `${at}.standbyCapacity`,
            spec.standbyCapacity,
            unit === "ptu" ? "PTUs" : "thousands of tokens per minute",
          );
    if (isProvisioned(sku)) checkPtuSize(`${at}.standbyCapacity`, standbyCapacity, sku, spec.model.name);
    const versionUpgradeOption = spec.versionUpgradeOption ?? "OnceCurrentVersionExpired";
    if (!upgradeOptions.includes(versionUpgradeOption)) {
      fail(
        `${at}.versionUpgradeOption`,
        `${at}.versionUpgradeOption must be one of ${upgradeOptions.join(", ")}, but got ${show(versionUpgradeOption)}.`,
      );
    }
    let spillover: ResolvedDeployment["spillover"];
    if (spec.spillover !== undefined) {
      if (!isProvisioned(sku)) {
        fail(
          `${at}.spillover`,
          `${at}.spillover applies to provisioned (PTU) deployments only, but sku is "${sku}": a token-based deployment ` +
            "has no provisioned throughput to spill over from. Remove spillover, or use a *ProvisionedManaged sku.",
        );
      }
      const spillSku = spilloverSkuOf[sku];
      if (!spillSku) {
        fail(
          `${at}.spillover`,
          `${at}.spillover is documented by Microsoft for global and data-zone provisioned deployments ("enable spillover ` +
            `for all global and data zone provisioned deployments"), not for "${sku}": use GlobalProvisionedManaged or ` +
            "DataZoneProvisionedManaged, or drop spillover and let the gateway move on to the other region.",
        );
      }
      const primary = positiveInteger(
        `${at}.spillover.capacityThousandTpm`,
        spec.spillover?.capacityThousandTpm,
        "thousands of tokens per minute",
      );
      spillover = {
        name: `${spec.name}-spillover`,
        sku: spillSku,
        primaryCapacity: primary,
        standbyCapacity:
          spec.spillover.standbyCapacityThousandTpm === undefined
            ? primary
            : positiveInteger(
                `${at}.spillover.standbyCapacityThousandTpm`,
                spec.spillover.standbyCapacityThousandTpm,
                "thousands of tokens per minute",
              ),
      };
      if (spillover.name.length > 64 || names.has(spillover.name.toLowerCase())) {
        fail(
          `${at}.name`,
          `${at}.name "${spec.name}" leaves no room for its spillover deployment "${spillover.name}" (taken, or over 64 characters): rename one.`,
        );
      }
      names.add(spillover.name.toLowerCase());
    }
    return {
      name: spec.name,
      model: { name: spec.model.name, version: spec.model.version, format: spec.model.format ?? "OpenAI" },
      sku,
      unit,
      primaryCapacity,
      standbyCapacity,
      versionUpgradeOption,
      ...(spec.raiPolicyName ? { raiPolicyName: spec.raiPolicyName } : {}),
      ...(spillover ? { spillover } : {}),
    };
  });
}

/** Plain-language notes on a smaller standby and on provisioned sizes Microsoft's table does not cover, for reports. */
export function capacityNotes(deployments: readonly ResolvedDeployment[]): string[] {
  const unlisted = deployments
    .filter((d) => isProvisioned(d.sku) && !ptuSizeOf(d.sku, d.model.name))
    .map(
      (d) =>
        `Deployment "${d.name}": Microsoft's table of provisioned sizes does not list ${d.model.name}, so ${d.primaryCapacity} PTUs ` +
        "is not checked here; Azure refuses a size off the model's minimum and step at deploy time.",
    );
  return unlisted.concat(
    deployments
      .filter((d) => d.standbyCapacity < d.primaryCapacity)
      .map((d) => {
        const unit = d.unit === "ptu" ? "PTU" : "k TPM";
        const share = Math.round((100 * d.standbyCapacity) / d.primaryCapacity);
        return (
          `Deployment "${d.name}" has a smaller standby: ${d.standbyCapacity} ${unit} against ${d.primaryCapacity} ${unit} ` +
          `in the primary (${share}%). After a failover it serves at most that share of today's load.`
        );
      }),
  );
}
