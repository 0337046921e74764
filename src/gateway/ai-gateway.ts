import * as pulumi from "@pulumi/pulumi";
import * as apimanagement from "@pulumi/azure-native/apimanagement";
import * as applicationinsights from "@pulumi/azure-native/applicationinsights";
import * as authorization from "@pulumi/azure-native/authorization";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import { fail, show } from "../errors";
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
import type { RegionPair, RegionPairArgs } from "../regions/pair";
import {
  CircuitBreakerSettings,
  PoolSelection,
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

/** Another OpenAI-compatible provider, used last, with its API key held in Key Vault. */
export interface ExtraBackendSpec {
  /** Unique among extra backends; letters, digits and hyphens. */
  name: string;
  /** Base URL the API's operation paths are appended to, HTTPS only. */
  url: string;
  /** Key Vault secret identifier of the API key: `https://<vault>.vault.azure.net/secrets/<name>`. */
  apiKeySecretId: string;
  /** ARM id of that Key Vault: the gateway's identity gets "Key Vault Secrets User" on it. */
  keyVaultId: pulumi.Input<string>;
  /** Header the key is sent in. @default "api-key" */
  apiKeyHeader?: string;
}

export type GatewayTopology = "gateway-per-region" | "premium-multi-region";

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
  /** Scale units per gateway. @default 1 (2 for Premium, spread over two zones) */
  capacity?: number;
  /**
   * Outbound VNet integration, so the gateway reaches private model endpoints: a subnet per region
   * (delegated to `Microsoft.Web/serverFarms` for the v2 tiers). @default - no VNet integration
   */
  virtualNetwork?: { subnetIds: PerRegion<pulumi.Input<string>> };
  /** @default - see RetrySettings */
  retry?: RetrySettings;
  /** @default - see CircuitBreakerSettings */
  circuitBreaker?: CircuitBreakerSettings;
  /** @default - see TokenLimitSettings */
  tokenLimit?: TokenLimitSettings;
  /** Path of the API on the gateway: clients call `https://<gateway>/<apiPath>/deployments/<name>/chat/completions`. @default "openai" */
  apiPath?: string;
  /** Tags for every resource. @default - none */
  tags?: Record<string, string>;
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
  const capacity = args.capacity ?? (sku === "Premium" ? 2 : 1);
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > 31) {
    fail(
      "capacity",
      `capacity must be a whole number of scale units from 1 to 31, but got ${show(capacity)}.`,
    );
  }
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
  const apiPath = args.apiPath ?? "openai";
  if (!/^[A-Za-z0-9][A-Za-z0-9/_-]{0,399}$/.test(apiPath) || apiPath.endsWith("/")) {
    fail(
      "apiPath",
      `apiPath must be a relative URL path such as "openai" (no leading or trailing "/"), but got ${show(apiPath)}.`,
    );
  }
  const modelBackends = args.models ? 2 : 0;
  const retry = resolveRetry(args.retry, modelBackends + extras.length);
  const circuitBreaker = resolveCircuitBreaker(args.circuitBreaker);
  const tokenLimit = resolveTokenLimit(args.tokenLimit);
  for (const region of pair.regions) {
    globalName("apiManagementService", `${name}-${region.code}`, "x".repeat(uniqueSuffixLength), "name");
  }
  return { pair, tags, topology, sku, capacity, extras, apiPath, retry, circuitBreaker, tokenLimit };
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
  /** The resolved overload settings. */
  readonly retry: ResolvedRetry;
  readonly circuitBreaker: ResolvedCircuitBreaker;
  readonly tokenLimit: ResolvedTokenLimit;
  /** The API policy document of each service, by service key (`eus2`, `cus`, or `multi`). */
  readonly policyXml: Readonly<Record<string, string>>;
  /** Findings for reports. */
  readonly notes: readonly string[];

  constructor(name: string, args: AiGatewayArgs, opts?: pulumi.ComponentResourceOptions) {
    const { pair, tags, topology, sku, capacity, extras, apiPath, retry, circuitBreaker, tokenLimit } =
      checkAiGatewayArgs(name, args);
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
    const policyXml: Record<string, string> = {};

    const zonesFor = (region: AzureRegion) =>
      sku === "Premium" && region.availabilityZones && capacity >= 2
        ? capacity % 3 === 0
          ? ["1", "2", "3"]
          : ["1", "2"]
        : undefined;

    /** Everything inside one API Management service: identity grants, observability, backends, pools, API, policy. */
    const fillService = (
      key: string,
      service: apimanagement.ApiManagementService,
      home: AzureRegion,
      rg: pulumi.Output<string>,
      pools: { poolKey: string; regionDisplayName: string; order: Role[] }[],
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
      const workspace = new operationalinsights.Workspace(
        childName(name, "logs", home),
        { resourceGroupName: rg, location: home.name, sku: { name: "PerGB2018" }, retentionInDays: 30, tags },
        { parent: this },
      );
      const insights = new applicationinsights.Component(
        childName(name, "appi", home),
        {
          resourceGroupName: rg,
          location: home.name,
          kind: "web",
          applicationType: "web",
          ingestionMode: "LogAnalytics",
          workspaceResourceId: workspace.id,
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

      const backends: { role: Role | "extra"; backend: apimanagement.Backend }[] = [];
      for (const role of args.models ? roles : []) {
        backends.push({
          role,
          backend: new apimanagement.Backend(
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
          ),
        });
      }
      for (const extra of extras) {
        const vaultGrant = grant(
          `kv-${extra.name}`,
          extra.keyVaultId,
          roleIds.keyVaultSecretsUser,
          `Gateway ${key} reads the ${extra.name} API key.`,
        );
        const namedValue = new apimanagement.NamedValue(
          `${name}-nv-${extra.name}-${key}`,
          {
            resourceGroupName: rg,
            serviceName: service.name,
            namedValueId: `${extra.name}-api-key`,
            displayName: `${extra.name}-api-key`,
            secret: true,
            keyVault: { secretIdentifier: extra.apiKeySecretId },
          },
          // The identity must be able to read the secret before API Management fetches it.
          { parent: this, dependsOn: [vaultGrant] },
        );
        backends.push({
          role: "extra",
          backend: new apimanagement.Backend(
            `${name}-backend-${extra.name}-${key}`,
            {
              resourceGroupName: rg,
              serviceName: service.name,
              backendId: `extra-${extra.name}`,
              title: `extra provider ${extra.name}`,
              protocol: "http",
              url: extra.url,
              credentials: { header: { [extra.apiKeyHeader ?? "api-key"]: [`{{${extra.name}-api-key}}`] } },
              tls: { validateCertificateChain: true, validateCertificateName: true },
              circuitBreaker: circuitBreakerRule(circuitBreaker),
            },
            { parent: this, dependsOn: [namedValue] },
          ),
        });
      }

      const poolResources = pools.map(
        (pool) =>
          new apimanagement.Backend(
            `${name}-pool-${pool.poolKey}-${key}`,
            {
              resourceGroupName: rg,
              serviceName: service.name,
              backendId: `pool-${pool.poolKey}`,
              title: `models, ${pool.order.map((r) => regions[r].name).join(" first, then ")}${extras.length ? ", then extra providers" : ""}`,
              type: "Pool",
              pool: {
                services: backends.map((b) => ({
                  id: b.backend.id,
                  // Lower numbers first; a lower priority gets traffic only when every higher one is tripped.
                  priority: b.role === "extra" ? 3 : pool.order.indexOf(b.role) + 1,
                })),
              },
            },
            { parent: this },
          ),
      );
      const selection: PoolSelection =
        pools.length === 1
          ? { poolId: `pool-${pools[0].poolKey}` }
          : {
              byRegion: pools.map((p) => ({
                regionDisplayName: p.regionDisplayName,
                poolId: `pool-${p.poolKey}`,
              })),
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
          subscriptionRequired: true,
          // The header OpenAI SDKs send their key in.
          subscriptionKeyParameterNames: { header: "api-key", query: "api-key" },
        },
        { parent: this },
      );
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
      const xml = gatewayPolicyXml({
        pools: selection,
        retry,
        tokenLimit,
        metricNamespace: "azure-ai-failover",
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
        // The policy names the pools; the models must trust the identity before traffic flows.
        { parent: this, dependsOn: [...poolResources, diagnostic, ...modelGrants] },
      );
      return principalId;
    };

    const serviceArgs = (region: AzureRegion, role: Role) => ({
      resourceGroupName: groups[role],
      location: region.name,
      serviceName: uniqueName("apiManagementService", `${name}-${region.code}`, suffix.result),
      publisherEmail: args.publisherEmail,
      publisherName: args.publisherName ?? name,
      sku: { name: sku, capacity },
      identity: { type: "SystemAssigned" as const },
      ...(zonesFor(region) ? { zones: zonesFor(region) } : {}),
      ...(args.virtualNetwork
        ? {
            virtualNetworkType: "External",
            virtualNetworkConfiguration: { subnetResourceId: args.virtualNetwork.subnetIds[role] },
          }
        : {}),
      tags: { ...tags, "failover-role": role },
    });
    const hostOf = (url: pulumi.Output<string>) =>
      url.apply((u) => u.replace(/^https:\/\//, "").replace(/\/.*$/, ""));

    const gateways = {} as Record<Role, RegionalGateway>;
    if (topology === "gateway-per-region") {
      for (const role of roles) {
        const region = regions[role];
        const other: Role = role === "primary" ? "standby" : "primary";
        const service = new apimanagement.ApiManagementService(
          childName(name, "apim", region),
          serviceArgs(region, role),
          { parent: this },
        );
        const principalId = fillService(region.code, service, region, groups[role], [
          { poolKey: "models", regionDisplayName: region.displayName, order: [role, other] },
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
          ...serviceArgs(pair.primary, "primary"),
          additionalLocations: [
            {
              location: pair.standby.name,
              sku: { name: sku, capacity },
              ...(standbyZones ? { zones: standbyZones } : {}),
              ...(args.virtualNetwork
                ? { virtualNetworkConfiguration: { subnetResourceId: args.virtualNetwork.subnetIds.standby } }
                : {}),
            },
          ],
        },
        { parent: this },
      );
      const principalId = fillService("multi", service, pair.primary, groups.primary, [
        {
          poolKey: pair.primary.code,
          regionDisplayName: pair.primary.displayName,
          order: ["primary", "standby"],
        },
        {
          poolKey: pair.standby.code,
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
    this.retry = retry;
    this.circuitBreaker = circuitBreaker;
    this.tokenLimit = tokenLimit;
    this.policyXml = policyXml;
    this.notes = notes;
    this.registerOutputs({
      primaryGatewayUrl: gateways.primary.gatewayUrl,
      standbyGatewayUrl: gateways.standby.gatewayUrl,
      healthPath: gatewayHealthPath,
    });
  }
}
