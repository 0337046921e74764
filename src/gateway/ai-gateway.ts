import * as pulumi from "@pulumi/pulumi";
import * as apimanagement from "@pulumi/azure-native/apimanagement";
import * as applicationinsights from "@pulumi/azure-native/applicationinsights";
import * as authorization from "@pulumi/azure-native/authorization";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as network from "@pulumi/azure-native/network";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as resources from "@pulumi/azure-native/resources";
import { fail, show } from "../errors";
import { DiagnosticsArgs, checkDiagnostics, sendDiagnostics } from "../observability/diagnostics";
import {
  PerRegion,
  ResourceGroupNames,
  Role,
  checkRegionalArgs,
  resourceGroupsFor,
  roles,
} from "../internal/regional";
import { childName, globalName, uniqueName, uniqueSuffix, uniqueSuffixLength } from "../naming/names";
import type { AzureRegion } from "../regions/catalog";
import { injectedTiers } from "./injection";
import type { RegionPair, RegionPairArgs } from "../regions/pair";
import { azureRegions } from "../regions/catalog";
import {
  CallerGroup,
  CircuitBreakerSettings,
  PolicyPool,
  PolicyRouting,
  ResolvedCallers,
  ResolvedCircuitBreaker,
  ResolvedRetry,
  ResolvedTokenLimit,
  RetrySettings,
  TokenLimitSettings,
  circuitBreakerRule,
  gatewayPolicyXml,
  resolveCircuitBreaker,
  resolveRetry,
  resolveTokenLimit,
} from "./policy";

/** The model endpoints the gateway routes to: `RegionalOpenAi` fits as it is. */
export interface GatewayModelEndpoints {
  primary: { endpoint: pulumi.Input<string>; accountId: pulumi.Input<string> };
  standby: { endpoint: pulumi.Input<string>; accountId: pulumi.Input<string> };
}

/**
 * Another OpenAI-compatible provider, tried last and only for the OpenAI-compatible `/v1/...` operations (the
 * classic `/deployments/{id}/...` paths are Azure's own). It gets its own key from Key Vault and never the
 * caller's credential nor the gateway's Entra ID token.
 */
export interface ExtraBackendSpec {
  /** Unique among extra backends; letters, digits and hyphens. */
  name: string;
  /** Base URL the `/v1/...` paths are appended to, HTTPS only: `https://api.example.com` for `https://api.example.com/v1/chat/completions`. */
  url: string;
  /**
   * Azure geography the provider processes data in (`Europe`, `United States`, ...), for `governance.dataBoundary`.
   * @default - unknown: outside every data boundary
   */
  geography?: string;
  /** Key Vault secret identifier of the API key: `https://<vault>.vault.azure.net/secrets/<name>`. */
  apiKeySecretId: string;
  /** ARM id of that Key Vault: the gateway's identity gets "Key Vault Secrets User" on it. */
  keyVaultId: pulumi.Input<string>;
  /** Header the key is sent in. @default "api-key" */
  apiKeyHeader?: string;
}

export type GatewayTopology = "gateway-per-region" | "premium-multi-region";

/**
 * Who may call the gateway, checked the same way in both regions so that a caller stays authorised wherever Front
 * Door sends it. Microsoft Entra ID (default): the caller's bearer token is validated by `validate-azure-ad-token`
 * (https://learn.microsoft.com/azure/api-management/validate-azure-ad-token-policy). Subscription keys: one API
 * Management subscription per caller, created in both services with the SAME keys (from your secrets), so a key
 * works in either region.
 */
export type GatewayCallers =
  | {
      mode?: "entra-id";
      /** Tenant that issues the callers' tokens (GUID). */
      tenantId: pulumi.Input<string>;
      /** Client (application) ids allowed to call: the policy requires at least one. */
      clientApplicationIds: string[];
      /** Accepted token audiences, e.g. your API's Application ID URI `api://agents-gateway`. */
      audiences: string[];
    }
  | {
      mode: "subscription-key";
      /** Keys per caller name; rotate by changing the secondary, moving callers to it, then the primary. */
      subscriptions: Record<string, { primaryKey: pulumi.Input<string>; secondaryKey: pulumi.Input<string> }>;
    };

/** Constraints the gateway enforces before it sends a request anywhere, failover included. */
export interface GatewayGovernance {
  /**
   * Requests that must stay in a set of Azure geographies (the region catalog's, e.g. `["Europe"]`): they are only
   * sent to model backends and extra providers inside them, and get a 503 saying so when none is left.
   * `appliesTo`: every request (default), or the callers of one group.
   * @default - none
   */
  dataBoundary?: { geographies: string[]; appliesTo?: "all" | CallerGroup };
  /**
   * Deployments each caller group may use (a token claim value, or a subscription in key mode). Callers in no
   * listed group get 403. @default - every caller may use every deployment
   */
  allowedModels?: { group: CallerGroup; deployments: string[] }[];
}

/**
 * Policy fragments hung on the API, the same in both regions: `fragments` (id -> `<fragment>...</fragment>`
 * XML) are created in each service; `preModel` run before the model call (inbound, after the caller is known and
 * limited), `postModel` after it (outbound). https://learn.microsoft.com/azure/api-management/policy-fragments
 */
export interface GatewayHooks {
  fragments: Record<string, string>;
  /** @default - none */
  preModel?: string[];
  /** @default - none */
  postModel?: string[];
}

export interface AiGatewayArgs {
  /** The two regions, e.g. `{ primary: "eastus2", standby: "centralus" }`. */
  regions: RegionPairArgs | RegionPair;
  /** Resource groups to build into. @default - one new group per region, `<name>-rg-<region code>` */
  resourceGroups?: ResourceGroupNames;
  /** The regional model endpoints (a `RegionalOpenAi`). @default - none: extraBackends only */
  models?: GatewayModelEndpoints;
  /** Other OpenAI-compatible providers, tried after both regions' models. @default - none */
  extraBackends?: ExtraBackendSpec[];
  /** E-mail of the API publisher (API Management requires one; it receives service notifications). */
  publisherEmail: string;
  /** @default - the component name */
  publisherName?: string;
  /**
   * `gateway-per-region`: an API Management service in each region, each routing to its own region's models
   * first; Front Door picks a healthy gateway. `premium-multi-region`: one Premium (classic) service with a
   * gateway in the standby region too (one control plane, which lives in the primary region).
   * @default "gateway-per-region"
   */
  topology?: GatewayTopology;
  /** API Management tier. @default "StandardV2" ("Premium" for premium-multi-region) */
  sku?: string;
  /** Scale units per gateway. @default 1 (2 for Premium) */
  capacity?: number;
  /**
   * Outbound VNet integration, so the gateway reaches private model endpoints: a subnet per region
   * (delegated to `Microsoft.Web/serverFarms` for the v2 tiers). @default - no VNet integration
   */
  virtualNetwork?: { subnetIds: PerRegion<pulumi.Input<string>> };
  /** Who may call. Required: no default can know your callers. */
  callers: GatewayCallers;
  /**
   * The Front Door in front of the gateways: only requests carrying its id in `X-Azure-FDID` are served, and the
   * forward timeout and retry budget are checked against its origin response timeout.
   * @default - none: the gateways can be called directly, and `notes` says so
   */
  frontDoor?: { frontDoorId: pulumi.Input<string>; originResponseTimeoutSeconds: number };
  /**
   * Seconds one attempt waits for a backend's response headers before it counts as failed and the next backend
   * is tried. Streamed completions send headers at once, so this bounds only the wait for the first byte.
   * @default 50 - two attempts and a wait fit in the default 110 s budget, below Front Door's 120 s
   */
  forwardTimeoutSeconds?: number;
  /** @default - see RetrySettings */
  retry?: RetrySettings;
  /** @default - see CircuitBreakerSettings */
  circuitBreaker?: CircuitBreakerSettings;
  /** @default - see TokenLimitSettings */
  tokenLimit?: TokenLimitSettings;
  /** @default - none */
  governance?: GatewayGovernance;
  /** @default - none */
  hooks?: GatewayHooks;
  /**
   * Availability zones of a Premium gateway: the scale units must spread evenly over them.
   * @default - none set: Azure's "Automatic" zone placement, which Microsoft recommends
   */
  availabilityZones?: string[];
  /**
   * Spread every gateway (in premium-multi-region, the primary and the standby location) over availability zones,
   * pinned so that the spread is guaranteed and visible in ARM: `zones` is set to `availabilityZones`, or to all
   * three zones of the region, and `capacity` must be a multiple of the zone count (it defaults to one unit per
   * zone). Only sku "Premium" can be made zone-redundant by this library; both regions must have zones.
   * @default false - a Premium gateway in a region with zones still gets Azure's best-effort "Automatic" placement
   */
  zoneRedundant?: boolean;
  /** Path of the API on the gateway: clients call `https://<gateway>/<apiPath>/deployments/<name>/chat/completions`. @default "openai" */
  apiPath?: string;
  /** Tags for every resource. @default - none */
  tags?: Record<string, string>;
  /**
   * Send each API Management service's gateway logs and metrics (and the public IPs', when injected) to a Log
   * Analytics workspace, and put the gateways' Application Insights on that workspace instead of creating one per
   * region. @default - none: a workspace per gateway region, for Application Insights only
   */
  diagnostics?: DiagnosticsArgs;
}

/** One region's gateway, as Front Door and the runbooks consume it. */
export interface RegionalGateway {
  readonly role: Role;
  readonly region: AzureRegion;
  /** ARM id of the API Management service (the same for both regions in premium-multi-region). */
  readonly serviceId: pulumi.Output<string>;
  readonly serviceName: pulumi.Output<string>;
  /** `https://<host>` of this region's gateway. */
  readonly gatewayUrl: pulumi.Output<string>;
  /** Host name of this region's gateway, for Front Door origins. */
  readonly hostName: pulumi.Output<string>;
  /** Principal id of the service's system-assigned identity. */
  readonly principalId: pulumi.Output<string>;
}

/** API Management's built-in health endpoint, answering 200 while the gateway is up. */
export const gatewayHealthPath = "/status-0123456789abcdef";

/** Built-in role ids (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles). */
export const roleIds = {
  cognitiveServicesOpenAiUser: "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd",
  keyVaultSecretsUser: "4633458b-17de-408a-b874-0445c86b69e6",
  monitoringMetricsPublisher: "3913510d-42f4-4e42-8a64-420c390055eb",
} as const;

/** Tiers and what they lack. https://learn.microsoft.com/azure/api-management/api-management-features */
const tiers: Record<string, { vnet: boolean; note?: string }> = {
  BasicV2: { vnet: false },
  StandardV2: { vnet: true },
  PremiumV2: { vnet: true },
  Developer: { vnet: true, note: "Developer has no SLA: use it for tests only." },
  Basic: { vnet: false },
  Standard: { vnet: false },
  Premium: { vnet: true },
};

/** The model inference operations the API exposes (classic deployment paths and the v1 API). */
export const modelOperations = [
  {
    id: "chat-completions",
    method: "POST",
    urlTemplate: "/deployments/{deployment-id}/chat/completions",
    displayName: "Chat completions",
  },
  {
    id: "embeddings",
    method: "POST",
    urlTemplate: "/deployments/{deployment-id}/embeddings",
    displayName: "Embeddings",
  },
  { id: "responses", method: "POST", urlTemplate: "/responses", displayName: "Responses" },
  {
    id: "v1-chat-completions",
    method: "POST",
    urlTemplate: "/v1/chat/completions",
    displayName: "Chat completions (v1)",
  },
  { id: "v1-embeddings", method: "POST", urlTemplate: "/v1/embeddings", displayName: "Embeddings (v1)" },
  { id: "v1-responses", method: "POST", urlTemplate: "/v1/responses", displayName: "Responses (v1)" },
] as const;

const secretIdPattern =
  /^https:\/\/[a-z0-9-]{3,24}\.vault\.azure\.net\/secrets\/[A-Za-z0-9-]{1,127}(\/[0-9a-f]{32})?$/;

/**
 * Validates AiGateway's args and works out what it builds from them, registering nothing: its constructor calls
 * it first, and WarmStandbyAiPlatform calls it for every part before building any.
 *
 * @throws InvalidArgumentError naming the argument, the value received and the fix.
 */
export function checkAiGatewayArgs(name: string, args: AiGatewayArgs) {
  const { pair, tags } = checkRegionalArgs("AiGateway", name, args);
  checkDiagnostics(args.diagnostics);
  const topology = args.topology ?? "gateway-per-region";
  if (topology !== "gateway-per-region" && topology !== "premium-multi-region") {
    fail(
      "topology",
      `topology must be "gateway-per-region" or "premium-multi-region", but got ${show(topology)}.`,
    );
  }
  const sku = args.sku ?? (topology === "premium-multi-region" ? "Premium" : "StandardV2");
  if (sku === "Consumption") {
    fail(
      "sku",
      'sku "Consumption" has no circuit breakers and no token limits, which this gateway is built on: use "StandardV2" (or "BasicV2", "PremiumV2").',
    );
  }
  if (!tiers[sku])
    fail(
      "sku",
      `sku ${show(sku)} is not an API Management tier; use one of ${Object.keys(tiers).join(", ")}.`,
    );
  if (topology === "premium-multi-region" && sku !== "Premium") {
    fail(
      "sku",
      `topology "premium-multi-region" needs sku "Premium" (only the classic Premium tier has gateways in several regions), but got ${show(sku)}.`,
    );
  }
  const zoneRedundant = checkZoneRedundant(args.zoneRedundant, sku, args.availabilityZones);
  // Zone-redundant Premium: one unit per pinned zone unless told otherwise.
  const capacity =
    args.capacity ??
    (zoneRedundant ? (args.availabilityZones?.length ?? allZones.length) : sku === "Premium" ? 2 : 1);
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > 31) {
    fail(
      "capacity",
      `capacity must be a whole number of scale units from 1 to 31, but got ${show(capacity)}.`,
    );
  }
  const zones = checkZones(args.availabilityZones, sku, capacity, zoneRedundant, pair);
  if (!args.publisherEmail || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(args.publisherEmail)) {
    fail(
      "publisherEmail",
      `publisherEmail must be an e-mail address (API Management requires one), but got ${show(args.publisherEmail)}.`,
    );
  }
  if (args.virtualNetwork) {
    if (!tiers[sku].vnet)
      fail(
        "virtualNetwork",
        `virtualNetwork needs a tier with VNet integration (StandardV2, PremiumV2, Premium, Developer), but sku is "${sku}".`,
      );
    if (!args.virtualNetwork.subnetIds?.primary || !args.virtualNetwork.subnetIds?.standby) {
      fail(
        "virtualNetwork.subnetIds",
        `virtualNetwork.subnetIds must give a subnet for both primary and standby, but got ${show(args.virtualNetwork.subnetIds)}.`,
      );
    }
  }
  const extras = args.extraBackends ?? [];
  extras.forEach((extra, i) => {
    const at = `extraBackends[${i}]`;
    if (typeof extra?.name !== "string" || !/^[a-z][a-z0-9-]{0,39}$/.test(extra.name)) {
      fail(
        `${at}.name`,
        `${at}.name must be 1-40 lower-case letters, digits and hyphens, starting with a letter, but got ${show(extra?.name)}.`,
      );
    }
    if (extras.findIndex((e) => e.name === extra.name) !== i)
      fail(`${at}.name`, `${at}.name "${extra.name}" is used by another extra backend.`);
    if (typeof extra.url !== "string" || !/^https:\/\/[^\s/]+/.test(extra.url)) {
      fail(`${at}.url`, `${at}.url must be an https:// URL, but got ${show(extra.url)}.`);
    }
    if (typeof extra.apiKeySecretId !== "string" || !secretIdPattern.test(extra.apiKeySecretId)) {
      fail(
        `${at}.apiKeySecretId`,
        `${at}.apiKeySecretId must be a Key Vault secret identifier such as "https://my-vault.vault.azure.net/secrets/provider-key", but got ${show(extra.apiKeySecretId)}.`,
      );
    }
    if (extra.geography !== undefined && !azureGeographies.has(extra.geography)) {
      fail(
        `${at}.geography`,
        `${at}.geography ${show(extra.geography)} is not an Azure geography; use one of ${[...azureGeographies].join(", ")}.`,
      );
    }
    if (!extra.keyVaultId)
      fail(
        `${at}.keyVaultId`,
        `${at}.keyVaultId is required: the gateway's identity is granted read access to that vault's secrets.`,
      );
  });
  if (!args.models && extras.length === 0) {
    fail(
      "models",
      "models is required unless extraBackends are given: the gateway needs at least one backend to route to.",
    );
  }
  if (args.models && (!args.models.primary || !args.models.standby)) {
    fail(
      "models",
      `models must give both primary and standby endpoints (a RegionalOpenAi fits), but got ${show(Object.keys(args.models))}.`,
    );
  }
  for (const role of roles) {
    const model = args.models?.[role];
    if (!model) continue;
    for (const key of ["endpoint", "accountId"] as const) {
      if (model[key] === undefined || model[key] === null || model[key] === "") {
        fail(
          `models.${role}.${key}`,
          `models.${role}.${key} is required (the gateway routes to it and its identity is granted on it), but got ${show(model[key])}: a RegionalOpenAi's ${role} gives it.`,
        );
      }
    }
  }
  const apiPath = args.apiPath ?? "openai";
  if (!/^[A-Za-z0-9][A-Za-z0-9/_-]{0,399}$/.test(apiPath) || apiPath.endsWith("/")) {
    fail(
      "apiPath",
      `apiPath must be a relative URL path such as "openai" (no leading or trailing "/"), but got ${show(apiPath)}.`,
    );
  }
  const callers = checkCallers(args.callers);
  const frontDoor = args.frontDoor;
  if (frontDoor !== undefined) {
    if (!frontDoor || !frontDoor.frontDoorId) {
      fail(
        "frontDoor.frontDoorId",
        `frontDoor.frontDoorId is required with frontDoor (the profile's frontDoorId output), but got ${show(frontDoor?.frontDoorId)}.`,
      );
    }
    if (
      !Number.isInteger(frontDoor.originResponseTimeoutSeconds) ||
      frontDoor.originResponseTimeoutSeconds < 16 ||
      frontDoor.originResponseTimeoutSeconds > 240
    ) {
      fail(
        "frontDoor.originResponseTimeoutSeconds",
        `frontDoor.originResponseTimeoutSeconds must be Front Door's origin response timeout, 16-240 s, but got ${show(frontDoor.originResponseTimeoutSeconds)}.`,
      );
    }
  }
  const forwardTimeoutSeconds = args.forwardTimeoutSeconds ?? 50;
  if (!Number.isInteger(forwardTimeoutSeconds) || forwardTimeoutSeconds < 1 || forwardTimeoutSeconds > 240) {
    fail(
      "forwardTimeoutSeconds",
      `forwardTimeoutSeconds must be a whole number of seconds from 1 to 240 (API Management may not honour more), but got ${show(forwardTimeoutSeconds)}.`,
    );
  }
  if (frontDoor && forwardTimeoutSeconds >= frontDoor.originResponseTimeoutSeconds) {
    fail(
      "forwardTimeoutSeconds",
      `forwardTimeoutSeconds (${forwardTimeoutSeconds}) must be below Front Door's originResponseTimeoutSeconds ` +
        `(${frontDoor.originResponseTimeoutSeconds}): otherwise Front Door gives up first and a hung backend is never retried.`,
    );
  }
  const governance = checkGovernance(args.governance, callers);
  const hooks = checkHooks(args.hooks);
  // The most backends one request can reach: the model pool, then the extra providers.
  const reachable = (args.models ? 2 : 0) + extras.length;
  const retry = resolveRetry(args.retry, reachable, forwardTimeoutSeconds);
  if (frontDoor && retry.budgetSeconds >= frontDoor.originResponseTimeoutSeconds) {
    fail(
      "retry.budgetSeconds",
      `retry.budgetSeconds (${retry.budgetSeconds}) must be below Front Door's originResponseTimeoutSeconds ` +
        `(${frontDoor.originResponseTimeoutSeconds}): Front Door would answer 504 while the gateway is still retrying.`,
    );
  }
  const circuitBreaker = resolveCircuitBreaker(args.circuitBreaker);
  const tokenLimit = resolveTokenLimit(args.tokenLimit);
  for (const region of pair.regions) {
    globalName("apiManagementService", `${name}-${region.code}`, "x".repeat(uniqueSuffixLength), "name");
  }
  return {
    pair,
    tags,
    topology,
    sku,
    capacity,
    zones,
    extras,
    apiPath,
    retry,
    circuitBreaker,
    tokenLimit,
    callers,
    forwardTimeoutSeconds,
    governance,
    hooks,
  };
}

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Azure geographies, as the region catalog has them (Microsoft's region list): the data boundaries one can name. */
const azureGeographies = new Set([...azureRegions.values()].map((r) => r.geography));

/** The callers' settings, validated; the tenant id stays an Input (it is often the deployer's, an Output). */
function checkCallers(callers: GatewayCallers | undefined) {
  if (!callers || typeof callers !== "object") {
    fail(
      "callers",
      `callers is required, but got ${show(callers)}: give { tenantId, clientApplicationIds, audiences } to validate ` +
        'Microsoft Entra ID tokens, or { mode: "subscription-key", subscriptions: { <caller>: { primaryKey, secondaryKey } } }.',
    );
  }
  if (callers.mode === "subscription-key") {
    const names = Object.keys(callers.subscriptions ?? {});
    if (names.length === 0) {
      fail(
        "callers.subscriptions",
        `callers.subscriptions must name at least one caller with its keys, but got ${show(callers.subscriptions)}.`,
      );
    }
    for (const caller of names) {
      if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,79}$/.test(caller)) {
        fail(
          `callers.subscriptions.${caller}`,
          `callers.subscriptions key ${show(caller)} must be 1-80 letters, digits and hyphens: it names the subscription in both regions.`,
        );
      }
      const keys = callers.subscriptions[caller];
      for (const which of ["primaryKey", "secondaryKey"] as const) {
        const key = keys?.[which];
        if (key === undefined || key === null || key === "") {
          fail(
            `callers.subscriptions.${caller}.${which}`,
            `callers.subscriptions.${caller}.${which} is required: both regions must get the same keys, so they ` +
              "come from your secret (pulumi config set --secret, or a random.RandomPassword), never generated per service.",
          );
        }
        if (typeof key === "string" && (key.length < 16 || key.length > 256)) {
          fail(
            `callers.subscriptions.${caller}.${which}`,
            `callers.subscriptions.${caller}.${which} must be 16-256 characters, but got ${key.length}.`,
          );
        }
      }
    }
    return { mode: "subscription-key" as const, subscriptions: names, keys: callers.subscriptions };
  }
  if (callers.mode !== undefined && callers.mode !== "entra-id") {
    fail(
      "callers.mode",
      `callers.mode must be "entra-id" (the default) or "subscription-key", but got ${show(callers.mode)}.`,
    );
  }
  if (!callers.tenantId || (typeof callers.tenantId === "string" && !guid.test(callers.tenantId))) {
    fail(
      "callers.tenantId",
      `callers.tenantId must be the Microsoft Entra tenant id (a GUID) whose tokens the gateway accepts, but got ${show(callers.tenantId)}.`,
    );
  }
  if (!Array.isArray(callers.audiences) || callers.audiences.length === 0) {
    fail(
      "callers.audiences",
      `callers.audiences must list at least one token audience (your API's Application ID URI, e.g. "api://agents-gateway"), but got ${show(callers.audiences)}.`,
    );
  }
  callers.audiences.forEach((audience, i) => {
    if (typeof audience !== "string" || audience.trim() === "") {
      fail(
        `callers.audiences[${i}]`,
        `callers.audiences[${i}] must be a non-empty string, but got ${show(audience)}.`,
      );
    }
  });
  if (!Array.isArray(callers.clientApplicationIds) || callers.clientApplicationIds.length === 0) {
    fail(
      "callers.clientApplicationIds",
      `callers.clientApplicationIds must list at least one client application id (validate-azure-ad-token requires one), but got ${show(callers.clientApplicationIds)}.`,
    );
  }
  callers.clientApplicationIds.forEach((id, i) => {
    if (typeof id !== "string" || !guid.test(id)) {
      fail(
        `callers.clientApplicationIds[${i}]`,
        `callers.clientApplicationIds[${i}] must be an application (client) id, a GUID, but got ${show(id)}.`,
      );
    }
  });
  return {
    mode: "entra-id" as const,
    tenantId: callers.tenantId,
    audiences: callers.audiences,
    clientApplicationIds: callers.clientApplicationIds,
  };
}

function checkGroup(
  argument: string,
  group: CallerGroup | undefined,
  callers: ReturnType<typeof checkCallers>,
) {
  if (group && "subscription" in group) {
    if (callers.mode !== "subscription-key" || !callers.subscriptions.includes(group.subscription)) {
      fail(
        argument,
        `${argument} names subscription ${show(group.subscription)}, which is not one of callers.subscriptions` +
          (callers.mode === "subscription-key"
            ? ` (${callers.subscriptions.join(", ")}).`
            : ": callers use Entra ID tokens, so give { claim, value }."),
      );
    }
    return;
  }
  if (
    !group ||
    typeof group.claim !== "string" ||
    !group.claim ||
    typeof group.value !== "string" ||
    !group.value
  ) {
    fail(
      argument,
      `${argument} must be { claim, value } (e.g. { claim: "roles", value: "Agents.EU" }) or { subscription }, but got ${show(group)}.`,
    );
  }
  if (callers.mode !== "entra-id") {
    fail(
      argument,
      `${argument} is a token claim, but callers use subscription keys: give { subscription } instead.`,
    );
  }
}

function checkGovernance(
  governance: GatewayGovernance | undefined,
  callers: ReturnType<typeof checkCallers>,
) {
  if (!governance) return undefined;
  let dataBoundary: { geographies: string[]; appliesTo: "all" | CallerGroup } | undefined;
  if (governance.dataBoundary) {
    const b = governance.dataBoundary;
    if (!Array.isArray(b.geographies) || b.geographies.length === 0) {
      fail(
        "governance.dataBoundary.geographies",
        `governance.dataBoundary.geographies must list at least one Azure geography (e.g. ["Europe"]), but got ${show(b.geographies)}.`,
      );
    }
    b.geographies.forEach((g, i) => {
      if (!azureGeographies.has(g)) {
        fail(
          `governance.dataBoundary.geographies[${i}]`,
          `governance.dataBoundary.geographies[${i}] ${show(g)} is not an Azure geography; use one of ${[...azureGeographies].join(", ")}.`,
        );
      }
    });
    const appliesTo = b.appliesTo ?? "all";
    if (appliesTo !== "all") checkGroup("governance.dataBoundary.appliesTo", appliesTo, callers);
    dataBoundary = { geographies: b.geographies, appliesTo };
  }
  const allowedModels = governance.allowedModels ?? [];
  if (!Array.isArray(allowedModels)) {
    fail(
      "governance.allowedModels",
      `governance.allowedModels must be a list of { group, deployments }, but got ${show(allowedModels)}.`,
    );
  }
  allowedModels.forEach((rule, i) => {
    checkGroup(`governance.allowedModels[${i}].group`, rule?.group, callers);
    if (!Array.isArray(rule.deployments) || rule.deployments.length === 0) {
      fail(
        `governance.allowedModels[${i}].deployments`,
        `governance.allowedModels[${i}].deployments must list the deployment names that group may use, but got ${show(rule.deployments)}.`,
      );
    }
  });
  return { dataBoundary, allowedModels };
}

function checkHooks(hooks: GatewayHooks | undefined) {
  if (!hooks) return undefined;
  const fragments = hooks.fragments ?? {};
  for (const [id, xml] of Object.entries(fragments)) {
    if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,79}$/.test(id)) {
      fail(
        `hooks.fragments.${id}`,
        `hooks.fragments key ${show(id)} must be 1-80 letters, digits and hyphens: it is the fragment id.`,
      );
    }
    if (typeof xml !== "string" || !/^\s*<fragment>[\s\S]*<\/fragment>\s*$/.test(xml)) {
      fail(
        `hooks.fragments.${id}`,
        `hooks.fragments.${id} must be one <fragment>...</fragment> element (no <inbound> or <base />), but got ${show(xml)}.`,
      );
    }
    if (xml.length > 32 * 1024) {
      fail(
        `hooks.fragments.${id}`,
        `hooks.fragments.${id} is ${xml.length} characters; API Management allows 32 KB per fragment.`,
      );
    }
  }
  const refs = (which: "preModel" | "postModel") => {
    const ids = hooks[which] ?? [];
    if (!Array.isArray(ids)) {
      fail(`hooks.${which}`, `hooks.${which} must be a list of fragment ids, but got ${show(ids)}.`);
    }
    return ids.map((id, i) => {
      if (!(id in fragments)) {
        fail(
          `hooks.${which}[${i}]`,
          `hooks.${which}[${i}] ${show(id)} is not in hooks.fragments (${Object.keys(fragments).join(", ") || "none"}): both regions must get the same fragment, so declare it there.`,
        );
      }
      return id;
    });
  };
  return { fragments, preModel: refs("preModel"), postModel: refs("postModel") };
}

/** The zone numbers Azure regions with availability zones offer (ARM `zones` takes "1", "2", "3"). */
const allZones = ["1", "2", "3"] as const;

/**
 * Which tiers can be zone-redundant, per Microsoft's reliability guide (ms.date 09/09/2026): "API Management supports
 * availability zones for the Premium (classic), Premium v2, and Standard v2 tiers in regions where the API Management
 * tier is available and the region supports availability zones"; not "the classic Consumption, Developer, Basic, and
 * Standard tiers or ... the Basic v2 tier". Premium (classic) takes ARM `zones` (and `additionalLocations[].zones`);
 * the v2 tiers are made zone-redundant "when you create an API Management instance" only ("You can't change the
 * availability zone configuration after the instance is created"), and no Microsoft page or spec example found says
 * which ARM property does it, so this library does not set it (README, known limits).
 * https://learn.microsoft.com/azure/reliability/reliability-api-management
 */
function checkZoneRedundant(value: unknown, sku: string, availabilityZones: unknown): boolean {
  if (value === undefined || value === false) return false;
  if (value !== true) fail("zoneRedundant", `zoneRedundant must be true or false, but got ${show(value)}.`);
  if (sku === "StandardV2" || sku === "PremiumV2") {
    fail(
      "zoneRedundant",
      `zoneRedundant cannot be set for sku "${sku}": Azure makes a ${sku} instance zone-redundant only when it is ` +
        'created, and no documented ARM property does it, so this library cannot promise it. Use sku "Premium" ' +
        "(zones pinned and checked), or leave zoneRedundant unset and choose zone redundancy when you create the instance yourself.",
    );
  }
  if (sku !== "Premium") {
    fail(
      "zoneRedundant",
      `zoneRedundant needs a tier with availability zones, but sku "${sku}" has none (Premium, StandardV2 and ` +
        'PremiumV2 have them; this library makes "Premium" zone-redundant): use sku "Premium".',
    );
  }
  if (Array.isArray(availabilityZones) && availabilityZones.length < 2) {
    fail(
      "availabilityZones",
      `availabilityZones ${show(availabilityZones)} pins the gateway to fewer than two zones, and a zonal gateway "doesn't ` +
        'provide resiliency to an availability zone outage": with zoneRedundant, give two or three zones, or leave availabilityZones unset for all three.',
    );
  }
  return true;
}

/**
 * Premium's zones: "the number of units that you selected must distribute evenly across the availability zones"
 * (https://learn.microsoft.com/azure/api-management/enable-availability-zone-support). Without zones given, none
 * are set: the same page recommends leaving the Automatic setting. With zoneRedundant, all three are pinned unless
 * given. Pinned zones need a region with zones: "in regions where ... the region supports availability zones"
 * (https://learn.microsoft.com/azure/reliability/reliability-api-management); the region catalog says which do.
 */
function checkZones(
  given: string[] | undefined,
  sku: string,
  capacity: number,
  zoneRedundant: boolean,
  pair: RegionPair,
): string[] | undefined {
  const zones = given ?? (zoneRedundant ? [...allZones] : undefined);
  if (zoneRedundant && given === undefined && capacity % allZones.length !== 0) {
    fail(
      "capacity",
      `capacity ${capacity} does not spread evenly over the 3 availability zones zoneRedundant pins: Azure rejects it. ` +
        `Use a multiple of 3 units (3, 6...), or give availabilityZones ["1", "2"] for a multiple of 2.`,
    );
  }
  const checked = checkGivenZones(zones, sku, capacity);
  if (checked) {
    const argument = given === undefined ? "zoneRedundant" : "availabilityZones";
    for (const role of roles) {
      if (!pair[role].availabilityZones) {
        fail(
          argument,
          `${argument} needs regions with availability zones, but the ${role} region "${pair[role].name}" has none: ` +
            "choose a region pair with zones in both regions, or leave zones out (the gateway then runs in one datacenter there).",
        );
      }
    }
  }
  return checked;
}

function checkGivenZones(zones: string[] | undefined, sku: string, capacity: number): string[] | undefined {
  if (zones !== undefined) {
    if (sku !== "Premium" && zones.length > 0) {
      fail(
        "availabilityZones",
        `availabilityZones needs sku "Premium" (the tier with zone support), but sku is "${sku}".`,
      );
    }
    if (
      !Array.isArray(zones) ||
      zones.some((z) => !["1", "2", "3"].includes(z)) ||
      new Set(zones).size !== zones.length
    ) {
      fail(
        "availabilityZones",
        `availabilityZones must be distinct zones from "1", "2", "3", but got ${show(zones)}.`,
      );
    }
    if (zones.length > 0 && capacity % zones.length !== 0) {
      fail(
        "availabilityZones",
        `capacity ${capacity} does not spread evenly over ${zones.length} availability zones (${zones.join(", ")}): ` +
          `Azure rejects it. Use a multiple of ${zones.length} units, or other zones.`,
      );
    }
    return zones.length > 0 ? zones : undefined;
  }
  return undefined;
}

/**
 * API Management in front of the regional model endpoints: a backend per endpoint, each with a circuit breaker
 * that trips on 429 and 5xx and honours Retry-After, a backend pool (local region priority 1, other region 2,
 * extra providers 3), a retry on 429/503 with exponential backoff, per-caller token limits, token metrics to
 * Application Insights, and managed-identity authentication to the models (no keys).
 */
export class AiGateway extends pulumi.ComponentResource {
  readonly primary: RegionalGateway;
  readonly standby: RegionalGateway;
  /** Path Front Door should probe on each gateway. */
  readonly healthPath: string = gatewayHealthPath;
  readonly apiPath: string;
  readonly topology: GatewayTopology;
  readonly sku: string;
  /** Scale units of each service as deployed (the failback runbook returns the standby to it). */
  readonly capacity: number;
  /**
   * Availability zones pinned on every gateway (units spread evenly over them), or undefined when Azure places
   * them (Premium's Automatic placement) or the tier has none.
   */
  readonly zones: readonly string[] | undefined;
  /** The resolved overload settings. */
  readonly retry: ResolvedRetry;
  readonly circuitBreaker: ResolvedCircuitBreaker;
  readonly tokenLimit: ResolvedTokenLimit;
  /** Seconds one attempt waits for a backend before the next is tried. */
  readonly forwardTimeoutSeconds: number;
  /** The API policy document of each service, by service key (`eus2`, `cus`, or `multi`). */
  readonly policyXml: Readonly<Record<string, pulumi.Output<string>>>;
  /** Findings for reports. */
  readonly notes: readonly string[];

  constructor(name: string, args: AiGatewayArgs, opts?: pulumi.ComponentResourceOptions) {
    const {
      pair,
      tags,
      topology,
      sku,
      capacity,
      zones,
      extras,
      apiPath,
      retry,
      circuitBreaker,
      tokenLimit,
      callers,
      forwardTimeoutSeconds,
      governance,
      hooks,
    } = checkAiGatewayArgs(name, args);
    super("azure-ai-failover:gateway:AiGateway", name, {}, opts);
    const groups = resourceGroupsFor(name, pair, args.resourceGroups, this, tags);
    const suffix = uniqueSuffix(name, this);
    const client = authorization.getClientConfigOutput({ parent: this });
    const roleDefinition = (id: string) =>
      pulumi.interpolate`/subscriptions/${client.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${id}`;
    const regions: PerRegion<AzureRegion> = { primary: pair.primary, standby: pair.standby };
    const notes: string[] = [];
    if (tiers[sku].note) notes.push(tiers[sku].note!);
    if (topology === "premium-multi-region") {
      notes.push(
        "premium-multi-region: both regional gateways share one control plane in the primary region; during a primary " +
          "outage the standby gateway keeps serving, but configuration cannot change until the primary returns.",
      );
    }
    if (!args.frontDoor) {
      notes.push(
        "The gateways accept requests from anywhere (callers are still validated): give frontDoor so only your Front Door's requests (X-Azure-FDID) get in.",
      );
    }
    const policyXml: Record<string, pulumi.Output<string>> = {};
    const zonesFor = (region: AzureRegion) => (zones && region.availabilityZones ? zones : undefined);
    const inBoundary = (geography: string | undefined) =>
      governance?.dataBoundary !== undefined &&
      geography !== undefined &&
      governance.dataBoundary.geographies.includes(geography);

    /** Everything inside one API Management service: identity grants, observability, backends, pools, API, policy. */
    const fillService = (
      key: string,
      service: apimanagement.ApiManagementService,
      home: AzureRegion,
      rg: pulumi.Output<string>,
      pools: { poolId: string; regionDisplayName: string; order: Role[] }[],
    ) => {
      const principalId = service.identity.apply((i) => i?.principalId ?? "");
      const grant = (what: string, scope: pulumi.Input<string>, role: string, description: string) =>
        new authorization.RoleAssignment(
          `${name}-role-${what}-${key}`,
          {
            principalId,
            principalType: "ServicePrincipal",
            roleDefinitionId: roleDefinition(role),
            scope,
            description,
          },
          { parent: this },
        );
      const modelGrants = args.models
        ? roles.map((role) =>
            grant(
              `models-${regions[role].code}`,
              args.models![role].accountId,
              roleIds.cognitiveServicesOpenAiUser,
              `Gateway ${key} calls the ${role} model account with its managed identity.`,
            ),
          )
        : [];

      // Token metrics and request logs go to Application Insights in the gateway's own region, Entra ID auth only.
      // With diagnostics, its data lives in the platform workspace (standby region), so the logs of a primary outage
      // stay queryable; the component itself stays per region, next to its gateway. Without, a workspace of its own.
      const workspaceId =
        args.diagnostics?.workspaceId ??
        new operationalinsights.Workspace(
          childName(name, "logs", home),
          {
            resourceGroupName: rg,
            location: home.name,
            sku: { name: "PerGB2018" },
            retentionInDays: 30,
            tags,
          },
          { parent: this },
        ).id;
      const insights = new applicationinsights.Component(
        childName(name, "appi", home),
        {
          resourceGroupName: rg,
          location: home.name,
          kind: "web",
          applicationType: "web",
          ingestionMode: "LogAnalytics",
          workspaceResourceId: workspaceId,
          disableLocalAuth: true,
          tags,
        },
        { parent: this },
      );
      const metricsGrant = grant(
        "metrics",
        insights.id,
        roleIds.monitoringMetricsPublisher,
        `Gateway ${key} publishes token metrics.`,
      );
      const logger = new apimanagement.Logger(
        `${name}-logger-${key}`,
        {
          resourceGroupName: rg,
          serviceName: service.name,
          loggerId: "appinsights",
          loggerType: "applicationInsights",
          resourceId: insights.id,
          credentials: pulumi.secret(
            insights.connectionString.apply((connectionString) => ({
              connectionString,
              identityClientId: "SystemAssigned",
            })),
          ),
        },
        { parent: this, dependsOn: [metricsGrant] },
      );

      const modelBackends: Partial<Record<Role, apimanagement.Backend>> = {};
      for (const role of args.models ? roles : []) {
        modelBackends[role] = new apimanagement.Backend(
          `${name}-backend-${regions[role].code}-${key}`,
          {
            resourceGroupName: rg,
            serviceName: service.name,
            backendId: `models-${regions[role].code}`,
            title: `${role} models (${regions[role].name})`,
            protocol: "http",
            url: pulumi.output(args.models![role].endpoint).apply((e) => `${e.replace(/\/+$/, "")}/openai`),
            tls: { validateCertificateChain: true, validateCertificateName: true },
            circuitBreaker: circuitBreakerRule(circuitBreaker),
          },
          { parent: this },
        );
      }
      const extraBackends: { extra: ExtraBackendSpec; backend: apimanagement.Backend }[] = [];
      const vaultReader = vaultReaders.get(key);
      for (const extra of extras) {
        const namedValue = new apimanagement.NamedValue(
          `${name}-nv-${extra.name}-${key}`,
          {
            resourceGroupName: rg,
            serviceName: service.name,
            namedValueId: `${extra.name}-api-key`,
            displayName: `${extra.name}-api-key`,
            secret: true,
            keyVault: { secretIdentifier: extra.apiKeySecretId, identityClientId: vaultReader!.clientId },
          },
          // The identity must be able to read the secret before API Management fetches it.
          { parent: this, dependsOn: vaultReader!.grants },
        );
        extraBackends.push({
          extra,
          backend: new apimanagement.Backend(
            `${name}-backend-${extra.name}-${key}`,
            {
              resourceGroupName: rg,
              serviceName: service.name,
              backendId: `extra-${extra.name}`,
              title: `extra provider ${extra.name}`,
              protocol: "http",
              url: extra.url.replace(/\/+$/, ""),
              // Its own key, from Key Vault: the only credential it receives.
              credentials: { header: { [extra.apiKeyHeader ?? "api-key"]: [`{{${extra.name}-api-key}}`] } },
              tls: { validateCertificateChain: true, validateCertificateName: true },
              circuitBreaker: circuitBreakerRule(circuitBreaker),
            },
            { parent: this, dependsOn: [namedValue] },
          ),
        });
      }

      const poolResources: apimanagement.Backend[] = [];
      const makePool = (
        poolId: string,
        title: string,
        members: { backend: apimanagement.Backend; priority: number }[],
      ): PolicyPool => {
        if (members.length > 0) {
          poolResources.push(
            new apimanagement.Backend(
              `${name}-${poolId}-${key}`,
              {
                resourceGroupName: rg,
                serviceName: service.name,
                backendId: poolId,
                title,
                type: "Pool",
                // Lower numbers first; a lower priority gets traffic only when every higher one is tripped.
                // https://learn.microsoft.com/azure/api-management/backends#load-balanced-pool
                pool: { services: members.map((m) => ({ id: m.backend.id, priority: m.priority })) },
              },
              { parent: this },
            ),
          );
        }
        return { id: poolId, members: members.length };
      };
      const routing: PolicyRouting = {
        models: pools.map((pool) => {
          const members = pool.order.flatMap((role, i) =>
            modelBackends[role] ? [{ role, backend: modelBackends[role]!, priority: i + 1 }] : [],
          );
          const where = pool.order.map((r) => regions[r].name).join(" first, then ");
          return {
            regionDisplayName: pool.regionDisplayName,
            all: makePool(pool.poolId, `models, ${where}`, members),
            ...(governance?.dataBoundary
              ? {
                  bounded: makePool(
                    `${pool.poolId}-bounded`,
                    `models inside ${governance.dataBoundary.geographies.join("/")}, ${where}`,
                    members.filter((m) => inBoundary(regions[m.role].geography)),
                  ),
                }
              : {}),
          };
        }),
        ...(extraBackends.length > 0
          ? {
              extra: {
                all: makePool(
                  "pool-extra",
                  "extra providers, in the order given",
                  extraBackends.map((e, i) => ({ backend: e.backend, priority: i + 1 })),
                ),
                ...(governance?.dataBoundary
                  ? {
                      bounded: makePool(
                        "pool-extra-bounded",
                        `extra providers inside ${governance.dataBoundary.geographies.join("/")}`,
                        extraBackends
                          .map((e, i) => ({
                            backend: e.backend,
                            priority: i + 1,
                            geography: e.extra.geography,
                          }))
                          .filter((e) => inBoundary(e.geography)),
                      ),
                    }
                  : {}),
              },
            }
          : {}),
      };

      const api = new apimanagement.Api(
        `${name}-api-${key}`,
        {
          resourceGroupName: rg,
          serviceName: service.name,
          apiId: "azure-openai",
          displayName: "Azure OpenAI (warm standby)",
          path: apiPath,
          protocols: ["https"],
          apiType: "http",
          // Entra ID callers present a token, not a key; key callers must present one of their subscription's keys.
          subscriptionRequired: callers.mode === "subscription-key",
          // The header OpenAI SDKs send their key in.
          subscriptionKeyParameterNames: { header: "api-key", query: "api-key" },
        },
        { parent: this },
      );
      if (callers.mode === "subscription-key") {
        for (const caller of callers.subscriptions) {
          const keys = callers.keys[caller];
          // The same keys in every region, so a caller stays authorised wherever Front Door sends it.
          // Scope "/apis/{apiId}" and caller-set keys: https://learn.microsoft.com/azure/templates/microsoft.apimanagement/service/subscriptions
          new apimanagement.Subscription(
            `${name}-sub-${caller}-${key}`,
            {
              resourceGroupName: rg,
              serviceName: service.name,
              sid: caller,
              displayName: caller,
              scope: pulumi.interpolate`/apis/${api.name}`,
              primaryKey: pulumi.secret(keys.primaryKey),
              secondaryKey: pulumi.secret(keys.secondaryKey),
              state: "active",
              allowTracing: false,
            },
            { parent: this },
          );
        }
      }
      for (const op of modelOperations) {
        new apimanagement.ApiOperation(
          `${name}-op-${op.id}-${key}`,
          {
            resourceGroupName: rg,
            serviceName: service.name,
            apiId: api.name,
            operationId: op.id,
            displayName: op.displayName,
            method: op.method,
            urlTemplate: op.urlTemplate,
            templateParameters: op.urlTemplate.includes("{deployment-id}")
              ? [{ name: "deployment-id", type: "string", required: true }]
              : [],
          },
          { parent: this },
        );
      }
      // Fragments through the generic resource: azure-native's PolicyFragment takes the fragment's name in an
      // input called `id`, which clashes with the resource id (pulumi/pulumi-azure-native#2664, open). ARM shape and
      // API version: Microsoft.ApiManagement/service/policyFragments, properties { format, value, description },
      // azure-rest-api-specs stable/2024-05-01 examples/ApiManagementCreatePolicyFragment.json.
      const fragments = Object.entries(hooks?.fragments ?? {}).map(
        ([id, xml]) =>
          new resources.Resource(
            `${name}-fragment-${id}-${key}`,
            {
              resourceGroupName: rg,
              resourceProviderNamespace: "Microsoft.ApiManagement",
              parentResourcePath: pulumi.interpolate`service/${service.name}`,
              resourceType: "policyFragments",
              resourceName: id,
              apiVersion: "2024-05-01",
              properties: { format: "rawxml", value: xml, description: `azure-ai-failover hook ${id}` },
            },
            { parent: this },
          ),
      );
      const diagnostic = new apimanagement.ApiDiagnostic(
        `${name}-diagnostic-${key}`,
        {
          resourceGroupName: rg,
          serviceName: service.name,
          apiId: api.name,
          diagnosticId: "applicationinsights",
          loggerId: logger.id,
          // Custom metrics (the token metrics) are only emitted with metrics on.
          metrics: true,
          alwaysLog: "allErrors",
          sampling: { samplingType: "fixed", percentage: 100 },
          logClientIp: false,
          verbosity: "information",
        },
        { parent: this },
      );
      const xml = pulumi
        .all([callers.mode === "entra-id" ? callers.tenantId : "", args.frontDoor?.frontDoorId ?? ""])
        .apply(([tenantId, frontDoorId]) => {
          const resolved: ResolvedCallers =
            callers.mode === "entra-id"
              ? {
                  mode: "entra-id",
                  tenantId,
                  audiences: callers.audiences,
                  clientApplicationIds: callers.clientApplicationIds,
                }
              : { mode: "subscription-key", subscriptions: callers.subscriptions };
          return gatewayPolicyXml({
            routing,
            retry,
            forwardTimeoutSeconds,
            circuitBreaker,
            tokenLimit,
            callers: resolved,
            ...(frontDoorId ? { frontDoorId } : {}),
            ...(governance?.dataBoundary
              ? {
                  dataBoundary: {
                    name: governance.dataBoundary.geographies.join("/"),
                    appliesTo: governance.dataBoundary.appliesTo,
                  },
                }
              : {}),
            ...(governance?.allowedModels.length ? { allowedModels: governance.allowedModels } : {}),
            ...(hooks ? { hooks: { preModel: hooks.preModel, postModel: hooks.postModel } } : {}),
            metricNamespace: "azure-ai-failover",
          });
        });
      policyXml[key] = xml;
      new apimanagement.ApiPolicy(
        `${name}-policy-${key}`,
        {
          resourceGroupName: rg,
          serviceName: service.name,
          apiId: api.name,
          policyId: "policy",
          format: "rawxml",
          value: xml,
        },
        // The policy names the pools and fragments; the models must trust the identity before traffic flows.
        { parent: this, dependsOn: [...poolResources, ...fragments, diagnostic, ...modelGrants] },
      );
      return principalId;
    };

    // Key Vault named values are read with a user-assigned identity made and granted before the service: the
    // service waits for the grants, so its own creation time covers role propagation ("it can take up to 10
    // minutes for changes to take effect", https://learn.microsoft.com/azure/role-based-access-control/troubleshooting),
    // where the system identity's grant, made after the service, would race the named value that needs it.
    // identityClientId is the client id of a user-assigned identity ("Null for SystemAssignedIdentity"):
    // azure-rest-api-specs apimanagement KeyVaultContractCreateProperties.
    const vaultReaders = new Map<
      string,
      { id: pulumi.Output<string>; clientId: pulumi.Output<string>; grants: pulumi.Resource[] }
    >();
    const vaultReaderFor = (key: string, region: AzureRegion, role: Role) => {
      if (extras.length === 0) return undefined;
      const identity = new managedidentity.UserAssignedIdentity(
        childName(name, "kv-reader", region),
        { resourceGroupName: groups[role], location: region.name, tags },
        { parent: this },
      );
      const grants = extras.map(
        (extra) =>
          new authorization.RoleAssignment(
            `${name}-role-kv-${extra.name}-${key}`,
            {
              principalId: identity.principalId,
              principalType: "ServicePrincipal",
              roleDefinitionId: roleDefinition(roleIds.keyVaultSecretsUser),
              scope: extra.keyVaultId,
              description: `Gateway ${key} reads the ${extra.name} API key.`,
            },
            { parent: this },
          ),
      );
      const reader = { id: identity.id, clientId: identity.clientId, grants };
      vaultReaders.set(key, reader);
      return reader;
    };

    // A classic tier injected in External mode takes a Standard public IP of our own, with a DNS label, and
    // zone-redundant where the service has zones: "In external mode, configuring a public IP address is required
    // for runtime API traffic" (https://learn.microsoft.com/azure/api-management/virtual-network-injection-resources;
    // the shape follows azure-rest-api-specs ApiManagementCreateServiceInVnetWithPublicIP.json).
    const injected = Boolean(args.virtualNetwork) && injectedTiers.includes(sku);
    const publicIpFor = (region: AzureRegion, role: Role, serviceRegion: AzureRegion = region) =>
      injected
        ? new network.PublicIPAddress(
            childName(name, "apim-pip", region),
            {
              resourceGroupName: groups[role],
              location: region.name,
              sku: { name: "Standard", tier: "Regional" },
              publicIPAllocationMethod: "Static",
              publicIPAddressVersion: "IPv4",
              // "In general, you should use the same DNS name as your API Management instance": the service's name
              // (labels are regional, <label>.<region>.cloudapp.azure.com, so every location can take it).
              dnsSettings: {
                domainNameLabel: uniqueName(
                  "apiManagementService",
                  `${name}-${serviceRegion.code}`,
                  suffix.result,
                ),
              },
              // "configure the Zone-redundant setting" where zone redundancy is planned (the VNet prerequisites of
              // https://learn.microsoft.com/azure/api-management/api-management-using-with-vnet): a Premium service
              // in a region with zones gets automatic zone support by default, pinned zones or not
              // (https://learn.microsoft.com/azure/reliability/reliability-api-management).
              ...(sku === "Premium" && region.availabilityZones ? { zones: ["1", "2", "3"] } : {}),
              tags,
            },
            { parent: this },
          ).id
        : undefined;
    const serviceArgs = (region: AzureRegion, role: Role, key: string) => {
      const reader = vaultReaderFor(key, region, role);
      return {
        resourceGroupName: groups[role],
        location: region.name,
        serviceName: uniqueName("apiManagementService", `${name}-${region.code}`, suffix.result),
        publisherEmail: args.publisherEmail,
        publisherName: args.publisherName ?? name,
        sku: { name: sku, capacity },
        identity: reader
          ? {
              type: "SystemAssigned, UserAssigned",
              userAssignedIdentities: reader.id.apply((id) => ({ [id]: {} })),
            }
          : { type: "SystemAssigned" },
        ...(zonesFor(region) ? { zones: zonesFor(region) } : {}),
        ...(args.virtualNetwork
          ? {
              virtualNetworkType: "External",
              virtualNetworkConfiguration: { subnetResourceId: args.virtualNetwork.subnetIds[role] },
            }
          : {}),
        ...(injected ? { publicIpAddressId: publicIpFor(region, role) } : {}),
        tags: { ...tags, "failover-role": role },
      };
    };
    /** The service waits for its Key Vault reader's grants, when it has one. */
    const afterGrants = (key: string) => ({ parent: this, dependsOn: vaultReaders.get(key)?.grants ?? [] });
    const hostOf = (url: pulumi.Output<string>) =>
      url.apply((u) => u.replace(/^https:\/\//, "").replace(/\/.*$/, ""));

    const gateways = {} as Record<Role, RegionalGateway>;
    if (topology === "gateway-per-region") {
      for (const role of roles) {
        const region = regions[role];
        const other: Role = role === "primary" ? "standby" : "primary";
        const service = new apimanagement.ApiManagementService(
          childName(name, "apim", region),
          serviceArgs(region, role, region.code),
          afterGrants(region.code),
        );
        sendDiagnostics(
          childName(name, "apim", region),
          "Microsoft.ApiManagement/service",
          service,
          args.diagnostics,
          this,
        );
        const principalId = fillService(region.code, service, region, groups[role], [
          { poolId: "pool-models", regionDisplayName: region.displayName, order: [role, other] },
        ]);
        gateways[role] = {
          role,
          region,
          serviceId: service.id,
          serviceName: service.name,
          gatewayUrl: service.gatewayUrl,
          hostName: hostOf(service.gatewayUrl),
          principalId,
        };
      }
    } else {
      const standbyZones = zonesFor(pair.standby);
      const service = new apimanagement.ApiManagementService(
        `${name}-apim`,
        {
          ...serviceArgs(pair.primary, "primary", "multi"),
          additionalLocations: [
            {
              location: pair.standby.name,
              sku: { name: sku, capacity },
              ...(standbyZones ? { zones: standbyZones } : {}),
              ...(args.virtualNetwork
                ? { virtualNetworkConfiguration: { subnetResourceId: args.virtualNetwork.subnetIds.standby } }
                : {}),
              // Each location of a multi-region service has its own subnet and public IP: "set up a virtual
              // network, subnet, and public IP address in the location that you plan to add".
              // https://learn.microsoft.com/azure/api-management/api-management-howto-deploy-multi-region
              ...(injected ? { publicIpAddressId: publicIpFor(pair.standby, "standby", pair.primary) } : {}),
            },
          ],
        },
        afterGrants("multi"),
      );
      sendDiagnostics(`${name}-apim`, "Microsoft.ApiManagement/service", service, args.diagnostics, this);
      const principalId = fillService("multi", service, pair.primary, groups.primary, [
        {
          poolId: `pool-${pair.primary.code}`,
          regionDisplayName: pair.primary.displayName,
          order: ["primary", "standby"],
        },
        {
          poolId: `pool-${pair.standby.code}`,
          regionDisplayName: pair.standby.displayName,
          order: ["standby", "primary"],
        },
      ]);
      const standbyUrl = service.additionalLocations.apply((l) => l?.[0]?.gatewayRegionalUrl ?? "");
      for (const role of roles) {
        const url = role === "primary" ? service.gatewayRegionalUrl : standbyUrl;
        gateways[role] = {
          role,
          region: regions[role],
          serviceId: service.id,
          serviceName: service.name,
          gatewayUrl: url,
          hostName: hostOf(url),
          principalId,
        };
      }
    }

    this.primary = gateways.primary;
    this.standby = gateways.standby;
    this.apiPath = apiPath;
    this.topology = topology;
    this.sku = sku;
    this.capacity = capacity;
    this.zones = zones;
    this.retry = retry;
    this.circuitBreaker = circuitBreaker;
    this.tokenLimit = tokenLimit;
    this.forwardTimeoutSeconds = forwardTimeoutSeconds;
    this.policyXml = policyXml;
    this.notes = notes;
    this.registerOutputs({
      primaryGatewayUrl: gateways.primary.gatewayUrl,
      standbyGatewayUrl: gateways.standby.gatewayUrl,
      healthPath: gatewayHealthPath,
    });
  }
}
