import * as pulumi from "@pulumi/pulumi";
import * as cdn from "@pulumi/azure-native/cdn";
import * as frontdoor from "@pulumi/azure-native/frontdoor";
import { fail, show } from "../errors";
import { DiagnosticsArgs, checkDiagnostics, sendDiagnostics } from "../observability/diagnostics";
import { checkTags } from "../internal/regional";
import { globalName, uniqueName, uniqueSuffix, uniqueSuffixLength } from "../naming/names";
import type { AzureRegion } from "../regions/catalog";
import { requireRegion } from "../regions/pair";
import { FrontDoorFailoverBudget, frontDoorFailoverBudget } from "./budget";

/** One origin (a regional gateway or app) behind Front Door. */
export interface FrontDoorOriginSpec<Name extends string = string> {
  /** Unique among the origins, e.g. `eastus2`. `originIds` is keyed by it, so a mistyped key does not compile. */
  name: Name;
  /** Host name Front Door connects to, e.g. the regional gateway's `agents-eus2.azure-api.net`. */
  hostName: pulumi.Input<string>;
  /** ARM region the origin runs in (for the two-regions check and reports). */
  region: string;
  /**
   * 1 (highest) to 5. Active/passive: traffic goes to the lowest number that is healthy.
   * @default - 1 for origins in the first origin's region, 2 for the others (active/passive); 1 for all (active/active)
   */
  priority?: number;
  /** 1-1000: share among origins of the same priority. @default 500 */
  weight?: number;
  /** Host header sent to the origin. @default - the origin's host name (what TLS certificates and APIM expect) */
  originHostHeader?: pulumi.Input<string>;
  /** @default true */
  enabled?: boolean;
  /** @default 443 */
  httpsPort?: number;
  /**
   * Reach the origin over Private Link (Premium only): the private-link-enabled resource, its group id (e.g.
   * `Gateway` for API Management) and its region. The connection must then be approved on the resource.
   * @default - over the public Internet (TLS, certificate name checked)
   */
  privateLink?: {
    resourceId: pulumi.Input<string>;
    groupId: string;
    location: string;
    requestMessage?: string;
  };
}

export interface FrontDoorFailoverArgs<Name extends string = string> {
  /** Resource group of the (global) Front Door resources. */
  resourceGroupName: pulumi.Input<string>;
  /** The origins: at least two, in at least two regions. */
  origins: FrontDoorOriginSpec<Name>[];
  /**
   * `active-passive`: the first region takes all traffic, the others only when it is unhealthy (priorities 1/2).
   * `active-active`: every healthy origin takes traffic, by weight.
   * @default "active-passive"
   */
  mode?: "active-passive" | "active-active";
  /** @default "Premium_AzureFrontDoor" - needed for managed WAF rule sets and Private Link origins */
  sku?: "Premium_AzureFrontDoor" | "Standard_AzureFrontDoor";
  /**
   * Path Front Door probes on each origin with HTTPS GET, as Microsoft's API Management-behind-Front Door guide
   * configures it (https://learn.microsoft.com/azure/api-management/front-door-api-management); only HTTP 200
   * counts as healthy.
   * @default "/status-0123456789abcdef" - API Management's built-in health endpoint
   */
  probePath?: string;
  /** Seconds between probes from each edge location, 1-255. @default 10 - detection in about 30 s with the defaults below */
  probeIntervalSeconds?: number;
  /** Probe results each edge location looks at. @default 4 */
  sampleSize?: number;
  /** Of those, how many must succeed for the origin to be healthy. @default 2 - one lost probe never flips it */
  successfulSamplesRequired?: number;
  /** Latency band (ms) within which origins of one priority share traffic. @default 50 */
  additionalLatencyMilliseconds?: number;
  /** Seconds Front Door waits for an origin's response; model completions can be slow. 16-240. @default 120 */
  originResponseTimeoutSeconds?: number;
  /**
   * Requests per minute one socket IP address may send before the WAF blocks it: a flood guard. Front Door's rate
   * limits can only group by socket address, geography or nothing (`groupBy` variableName SocketAddr |
   * GeoLocation | None, azure-rest-api-specs frontdoor webapplicationfirewall.json), so the per-caller limit is
   * the gateway's token limit, keyed on the validated caller; agents behind a shared egress address are exempted
   * through `rateLimitExemptAddresses`.
   * @default 1000
   */
  rateLimitPerMinute?: number;
  /**
   * Source addresses (CIDR) the per-socket rate limit does not count: your agents' shared egress (the firewall's or
   * NAT gateway's public IPs, e.g. a MirroredNetwork's `firewallPublicIps`), where one address is a whole fleet.
   * Values known now are checked; outputs are taken as they come. @default - none
   */
  rateLimitExemptAddresses?: pulumi.Input<string>[];
  /**
   * `Prevention` blocks what the managed rules match; `Detection` only logs it. Microsoft says to "validate and
   * tune any rule-set changes in a test environment" (https://learn.microsoft.com/azure/web-application-firewall/afds/protect-azure-open-ai):
   * prompts that contain code or SQL can match. @default "Prevention"
   */
  wafMode?: "Prevention" | "Detection";
  /**
   * Managed-rule exclusions for fields that carry prompts, found while tuning in Detection mode, in ARM's shape:
   * `{ matchVariable: "RequestBodyJsonArgNames", selectorMatchOperator: "Equals", selector: "messages" }`.
   * Microsoft's guide recommends none, so there are none by default. @default - none
   */
  wafExclusions?: { matchVariable: string; selectorMatchOperator: string; selector: string }[];
  /** Custom domains, each with a Front Door managed certificate (TLS 1.2+). @default - the endpoint's own host name only */
  customDomains?: string[];
  /** Tags for every resource. @default - none */
  tags?: Record<string, string>;
  /** Send the profile's access, health probe and WAF logs and its metrics to a Log Analytics workspace. @default - none */
  diagnostics?: DiagnosticsArgs;
}

/**
 * Front Door's origin response timeout unless told otherwise: model completions can be slow, and the gateway's
 * forward timeout and retry budget must fit below it. Azure takes 16-240 s (https://learn.microsoft.com/azure/frontdoor/troubleshoot-issues).
 */
export const defaultOriginResponseTimeoutSeconds = 120;

/** The probe and load-balancing values in force, after defaults. */
export interface FrontDoorHealthSettings {
  readonly probePath: string;
  readonly probeIntervalSeconds: number;
  readonly sampleSize: number;
  readonly successfulSamplesRequired: number;
  readonly additionalLatencyMilliseconds: number;
}

const hostPattern = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

function wholeNumber(argument: string, value: unknown, min: number, max: number, why = ""): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    fail(argument, `${argument} must be a whole number from ${min} to ${max}${why}, but got ${show(value)}.`);
  }
  return value;
}

/** Validated health settings with defaults applied; pure, so `plan` and tests can use it. */
export function frontDoorHealthSettings(args: Partial<FrontDoorFailoverArgs>): FrontDoorHealthSettings {
  const probePath = args.probePath ?? "/status-0123456789abcdef";
  if (typeof probePath !== "string" || !probePath.startsWith("/")) {
    fail(
      "probePath",
      `probePath must start with "/", such as "/status-0123456789abcdef", but got ${show(probePath)}.`,
    );
  }
  const probeIntervalSeconds = wholeNumber("probeIntervalSeconds", args.probeIntervalSeconds ?? 10, 1, 255);
  const sampleSize = wholeNumber("sampleSize", args.sampleSize ?? 4, 1, 255);
  const successfulSamplesRequired = wholeNumber(
    "successfulSamplesRequired",
    args.successfulSamplesRequired ?? 2,
    1,
    255,
  );
  if (successfulSamplesRequired > sampleSize) {
    fail(
      "successfulSamplesRequired",
      `successfulSamplesRequired (${successfulSamplesRequired}) cannot exceed sampleSize (${sampleSize}): ` +
        "an origin could never be healthy. Lower it or raise sampleSize.",
    );
  }
  const additionalLatencyMilliseconds = wholeNumber(
    "additionalLatencyMilliseconds",
    args.additionalLatencyMilliseconds ?? 50,
    0,
    1000,
  );
  return {
    probePath,
    probeIntervalSeconds,
    sampleSize,
    successfulSamplesRequired,
    additionalLatencyMilliseconds,
  };
}

/**
 * Validates FrontDoorFailover's args and works out what it builds from them, registering nothing: its constructor calls
 * it first, and WarmStandbyAiPlatform calls it for every part before building any.
 *
 * @throws InvalidArgumentError naming the argument, the value received and the fix.
 */
export function checkFrontDoorFailoverArgs(name: string, args: FrontDoorFailoverArgs) {
  if (!args || typeof args !== "object")
    fail("args", `FrontDoorFailover "${name}" needs args, but got ${show(args)}.`);
  if (!args.resourceGroupName)
    fail("resourceGroupName", `resourceGroupName is required: the group that holds the Front Door profile.`);
  const tags = checkTags(args.tags);
  const sku = args.sku ?? "Premium_AzureFrontDoor";
  if (sku !== "Premium_AzureFrontDoor" && sku !== "Standard_AzureFrontDoor") {
    fail(
      "sku",
      `sku must be "Premium_AzureFrontDoor" or "Standard_AzureFrontDoor" (classic Front Door is retiring), but got ${show(sku)}.`,
    );
  }
  const mode = args.mode ?? "active-passive";
  if (mode !== "active-passive" && mode !== "active-active") {
    fail("mode", `mode must be "active-passive" or "active-active", but got ${show(mode)}.`);
  }
  const health = frontDoorHealthSettings(args);
  const originResponseTimeoutSeconds = wholeNumber(
    "originResponseTimeoutSeconds",
    args.originResponseTimeoutSeconds ?? defaultOriginResponseTimeoutSeconds,
    16,
    240,
  );
  const rateLimitPerMinute = wholeNumber(
    "rateLimitPerMinute",
    args.rateLimitPerMinute ?? 1000,
    10,
    1_000_000,
  );
  if (!Array.isArray(args.origins) || args.origins.length < 2) {
    fail(
      "origins",
      `origins must list at least two origins (one per region) for Front Door to fail over, but got ${show(
        Array.isArray(args.origins) ? args.origins.map((o) => o?.name) : args.origins,
      )}.`,
    );
  }
  const regions: AzureRegion[] = args.origins.map((o, i) => requireRegion(`origins[${i}].region`, o?.region));
  const firstRegion = regions[0].name;
  const names = new Set<string>();
  const origins = args.origins.map((origin, i) => {
    const at = `origins[${i}]`;
    if (
      typeof origin.name !== "string" ||
      !/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,88}[A-Za-z0-9])?$/.test(origin.name)
    ) {
      fail(
        `${at}.name`,
        `${at}.name must be 1-90 letters, digits and hyphens, but got ${show(origin.name)}.`,
      );
    }
    if (names.has(origin.name))
      fail(
        `${at}.name`,
        `${at}.name "${origin.name}" is used by another origin: origin names must be unique.`,
      );
    names.add(origin.name);
    if (!origin.hostName)
      fail(`${at}.hostName`, `${at}.hostName is required: the host Front Door connects to.`);
    if (
      typeof origin.hostName === "string" &&
      !/^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(origin.hostName)
    ) {
      const host = origin.hostName.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "").replace(/[/:?#].*$/, "");
      fail(
        `${at}.hostName`,
        `${at}.hostName must be a host name such as "${host || "agents-eus2.azure-api.net"}", but got ${show(origin.hostName)}: ` +
          "no scheme, port or path (an AiGateway gives hostName; its gatewayUrl is a URL).",
      );
    }
    const defaultPriority = mode === "active-active" || regions[i].name === firstRegion ? 1 : 2;
    const priority = wholeNumber(`${at}.priority`, origin.priority ?? defaultPriority, 1, 5);
    const weight = wholeNumber(`${at}.weight`, origin.weight ?? 500, 1, 1000);
    const httpsPort = wholeNumber(`${at}.httpsPort`, origin.httpsPort ?? 443, 1, 65535);
    if (origin.privateLink && sku !== "Premium_AzureFrontDoor") {
      fail(
        `${at}.privateLink`,
        `${at}.privateLink needs sku "Premium_AzureFrontDoor": Standard cannot reach origins over Private Link.`,
      );
    }
    return { ...origin, priority, weight, httpsPort, region: regions[i] };
  });
  if (new Set(regions.map((r) => r.name)).size < 2) {
    fail(
      "origins",
      `origins are all in ${firstRegion}: put at least one origin in another region, or a regional outage takes every origin down.`,
    );
  }
  if (
    mode === "active-passive" &&
    !origins.some((o) => o.priority > Math.min(...origins.map((p) => p.priority)))
  ) {
    fail(
      "origins",
      'origins all have the same priority, so nothing is passive: give the standby\'s origins a higher number, or set mode "active-active".',
    );
  }
  const wafMode = args.wafMode ?? "Prevention";
  if (wafMode !== "Prevention" && wafMode !== "Detection") {
    fail("wafMode", `wafMode must be "Prevention" or "Detection", but got ${show(wafMode)}.`);
  }
  const rateLimitExemptAddresses = args.rateLimitExemptAddresses ?? [];
  rateLimitExemptAddresses.forEach((cidr, i) => {
    if (pulumi.Output.isInstance(cidr) || cidr instanceof Promise) return; // known once built
    if (typeof cidr !== "string" || !/^\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?$/.test(cidr)) {
      fail(
        `rateLimitExemptAddresses[${i}]`,
        `rateLimitExemptAddresses[${i}] must be an IPv4 address or CIDR such as "20.1.2.3/32", but got ${show(cidr)}.`,
      );
    }
  });
  const exclusionVariables = [
    "RequestHeaderNames",
    "RequestCookieNames",
    "QueryStringArgNames",
    "RequestBodyPostArgNames",
    "RequestBodyJsonArgNames",
  ];
  const wafExclusions = args.wafExclusions ?? [];
  wafExclusions.forEach((exclusion, i) => {
    if (!exclusionVariables.includes(exclusion?.matchVariable)) {
      fail(
        `wafExclusions[${i}].matchVariable`,
        `wafExclusions[${i}].matchVariable must be one of ${exclusionVariables.join(", ")}, but got ${show(exclusion?.matchVariable)}.`,
      );
    }
    if (
      !["Equals", "Contains", "StartsWith", "EndsWith", "EqualsAny"].includes(exclusion.selectorMatchOperator)
    ) {
      fail(
        `wafExclusions[${i}].selectorMatchOperator`,
        `wafExclusions[${i}].selectorMatchOperator must be Equals, Contains, StartsWith, EndsWith or EqualsAny, but got ${show(exclusion.selectorMatchOperator)}.`,
      );
    }
  });
  const domains = args.customDomains ?? [];
  domains.forEach((domain, i) => {
    if (typeof domain !== "string" || !hostPattern.test(domain)) {
      fail(
        `customDomains[${i}]`,
        `customDomains[${i}] must be a lower-case host name such as "agents.contoso.com", but got ${show(domain)}.`,
      );
    }
  });
  // The WAF policy name allows letters and digits only, and must start with a letter.
  const wafName = `${name.replace(/[^A-Za-z0-9]/g, "")}waf`;
  if (!/^[A-Za-z][A-Za-z0-9]{0,127}$/.test(wafName)) {
    fail(
      "name",
      `the component name ${show(name)} must start with a letter: the WAF policy is named after it.`,
    );
  }
  checkDiagnostics(args.diagnostics);
  globalName("frontDoorEndpoint", name, "x".repeat(uniqueSuffixLength), "name");
  return {
    tags,
    sku,
    mode,
    health,
    originResponseTimeoutSeconds,
    rateLimitPerMinute,
    rateLimitExemptAddresses,
    wafMode,
    wafExclusions,
    origins,
    domains,
    wafName,
  };
}

/**
 * Azure Front Door (Standard/Premium) in front of regional origins: a profile, an endpoint, one origin group
 * with a health probe, origins per region (active/passive by priority or active/active by weight), an HTTPS-only
 * route without caching, and a WAF policy in Prevention mode with managed rule sets and a per-client rate
 * limit, attached by a security policy. `failoverBudget` says how fast a dead region is routed around.
 */
export class FrontDoorFailover<const Name extends string = string> extends pulumi.ComponentResource {
  /** The endpoint's host name, `<endpoint>-<hash>.z01.azurefd.net`. */
  readonly hostName: pulumi.Output<string>;
  /** `https://<hostName>`. */
  readonly url: pulumi.Output<string>;
  readonly profileId: pulumi.Output<string>;
  readonly profileName: pulumi.Output<string>;
  /** The profile's Front Door ID, which Front Door sends to origins in `X-Azure-FDID`: gateways admit only it. */
  readonly frontDoorId: pulumi.Output<string>;
  /** Seconds Front Door waits for an origin's response. */
  readonly originResponseTimeoutSeconds: number;
  readonly endpointId: pulumi.Output<string>;
  readonly originGroupId: pulumi.Output<string>;
  /** Origin ARM ids by origin name (the failover runbook disables the primary's). */
  readonly originIds: Readonly<Record<Name, pulumi.Output<string>>>;
  readonly wafPolicyId: pulumi.Output<string>;
  /** The health settings in force. */
  readonly health: FrontDoorHealthSettings;
  /** Estimated time to route around a dead origin and to return to it. */
  readonly failoverBudget: FrontDoorFailoverBudget;
  /** DNS validation tokens of the custom domains (TXT `_dnsauth.<domain>`), by domain. */
  readonly customDomainValidationTokens: Readonly<Record<string, pulumi.Output<string>>>;

  constructor(name: string, args: FrontDoorFailoverArgs<Name>, opts?: pulumi.ComponentResourceOptions) {
    const {
      tags,
      sku,
      health,
      originResponseTimeoutSeconds,
      rateLimitPerMinute,
      rateLimitExemptAddresses,
      wafMode,
      wafExclusions,
      origins,
      domains,
      wafName,
    } = checkFrontDoorFailoverArgs(name, args);
    super("azure-ai-failover:frontdoor:FrontDoorFailover", name, {}, opts);
    const rg = args.resourceGroupName;
    const suffix = uniqueSuffix(name, this);

    const profile = new cdn.Profile(
      `${name}-fd`,
      { resourceGroupName: rg, location: "global", sku: { name: sku }, originResponseTimeoutSeconds, tags },
      { parent: this },
    );
    sendDiagnostics(`${name}-fd`, "Microsoft.Cdn/profiles", profile, args.diagnostics, this);
    const endpoint = new cdn.AFDEndpoint(
      `${name}-fd-endpoint`,
      {
        resourceGroupName: rg,
        profileName: profile.name,
        endpointName: uniqueName("frontDoorEndpoint", name, suffix.result),
        location: "global",
        enabledState: "Enabled",
        // The host name stays the same if the endpoint is recreated in this tenant.
        autoGeneratedDomainNameLabelScope: "TenantReuse",
        tags,
      },
      { parent: this },
    );
    const group = new cdn.AFDOriginGroup(
      `${name}-fd-origins`,
      {
        resourceGroupName: rg,
        profileName: profile.name,
        healthProbeSettings: {
          probePath: health.probePath,
          probeProtocol: "Https",
          // GET, as Microsoft's guide for API Management behind Front Door configures the probe of
          // /status-0123456789abcdef (https://learn.microsoft.com/azure/api-management/front-door-api-management).
          // HEAD is not documented for that endpoint, and if it failed everywhere Front Door would round-robin
          // over every origin (https://learn.microsoft.com/azure/frontdoor/health-probes).
          probeRequestType: "GET",
          probeIntervalInSeconds: health.probeIntervalSeconds,
        },
        loadBalancingSettings: {
          sampleSize: health.sampleSize,
          successfulSamplesRequired: health.successfulSamplesRequired,
          additionalLatencyInMilliseconds: health.additionalLatencyMilliseconds,
        },
        // Agents hold conversations through the gateway, which is stateless: no sticky sessions needed.
        sessionAffinityState: "Disabled",
      },
      { parent: this },
    );
    const originIds: Record<string, pulumi.Output<string>> = {};
    const originResources: cdn.AFDOrigin[] = [];
    let previous: pulumi.Resource | undefined;
    for (const origin of origins) {
      // One origin write at a time in a group: concurrent writes to one origin group conflict.
      const resource: cdn.AFDOrigin = new cdn.AFDOrigin(
        `${name}-fd-origin-${origin.name}`,
        {
          resourceGroupName: rg,
          profileName: profile.name,
          originGroupName: group.name,
          originName: origin.name,
          hostName: origin.hostName,
          originHostHeader: origin.originHostHeader ?? origin.hostName,
          httpPort: 80,
          httpsPort: origin.httpsPort,
          priority: origin.priority,
          weight: origin.weight,
          enabledState: origin.enabled === false ? "Disabled" : "Enabled",
          enforceCertificateNameCheck: true,
          ...(origin.privateLink
            ? {
                sharedPrivateLinkResource: {
                  privateLink: { id: origin.privateLink.resourceId },
                  groupId: origin.privateLink.groupId,
                  privateLinkLocation: origin.privateLink.location,
                  requestMessage:
                    origin.privateLink.requestMessage ?? `Front Door ${name} to origin ${origin.name}`,
                },
              }
            : {}),
        },
        { parent: this, dependsOn: previous ? [previous] : [] },
      );
      previous = resource;
      originResources.push(resource);
      originIds[origin.name] = resource.id;
    }

    const customDomains = domains.map(
      (domain) =>
        new cdn.AFDCustomDomain(
          `${name}-fd-domain-${domain.replace(/\./g, "-")}`,
          {
            resourceGroupName: rg,
            profileName: profile.name,
            customDomainName: domain.replace(/\./g, "-"),
            hostName: domain,
            tlsSettings: { certificateType: "ManagedCertificate", minimumTlsVersion: "TLS12" },
          },
          { parent: this },
        ),
    );
    const customDomainValidationTokens: Record<string, pulumi.Output<string>> = {};
    domains.forEach((domain, i) => {
      customDomainValidationTokens[domain] = customDomains[i].validationProperties.apply(
        (v) => v.validationToken ?? "",
      );
    });

    new cdn.Route(
      `${name}-fd-route`,
      {
        resourceGroupName: rg,
        profileName: profile.name,
        endpointName: endpoint.name,
        originGroup: { id: group.id },
        patternsToMatch: ["/*"],
        // HTTPS only: an HTTP request (which could carry a key in clear text) is never accepted, not even to redirect it.
        supportedProtocols: ["Https"],
        httpsRedirect: "Disabled",
        forwardingProtocol: "HttpsOnly",
        linkToDefaultDomain: "Enabled",
        customDomains: customDomains.map((d) => ({ id: d.id })),
        // No cacheConfiguration: API traffic (model calls) must never be cached.
        enabledState: "Enabled",
      },
      // A route needs its origin group to hold origins before it can be created.
      { parent: this, dependsOn: originResources },
    );

    const premium = sku === "Premium_AzureFrontDoor";
    const waf = new frontdoor.Policy(
      `${name}-waf`,
      {
        resourceGroupName: rg,
        policyName: wafName,
        location: "Global",
        sku: { name: sku },
        policySettings: { enabledState: "Enabled", mode: wafMode, requestBodyCheck: "Enabled" },
        // Managed rule sets are a Premium feature; Standard gets the custom rate-limit rule only. The rule sets are
        // those Microsoft's guide for Azure OpenAI behind Front Door names: "Microsoft_DefaultRuleSet_2.2 and
        // Microsoft_BotManagerRuleSet_1.1" (https://learn.microsoft.com/azure/web-application-firewall/afds/protect-azure-open-ai).
        ...(premium
          ? {
              managedRules: {
                managedRuleSets: [
                  {
                    ruleSetType: "Microsoft_DefaultRuleSet",
                    ruleSetVersion: "2.2",
                    ruleSetAction: "Block",
                    ...(wafExclusions.length > 0 ? { exclusions: wafExclusions } : {}),
                  },
                  { ruleSetType: "Microsoft_BotManagerRuleSet", ruleSetVersion: "1.1" },
                ],
              },
            }
          : {}),
        customRules: {
          rules: [
            {
              name: "RateLimitPerSocketIp",
              priority: 100,
              enabledState: "Enabled",
              ruleType: "RateLimitRule",
              rateLimitDurationInMinutes: 1,
              rateLimitThreshold: rateLimitPerMinute,
              groupBy: [{ variableName: "SocketAddr" }],
              // Counts every request except those from the exempt (shared egress) addresses.
              matchConditions:
                rateLimitExemptAddresses.length > 0
                  ? [
                      {
                        matchVariable: "SocketAddr",
                        operator: "IPMatch",
                        negateCondition: true,
                        matchValue: rateLimitExemptAddresses,
                      },
                    ]
                  : [{ matchVariable: "RequestUri", operator: "Any", matchValue: [] }],
              action: "Block",
            },
          ],
        },
        tags,
      },
      { parent: this },
    );
    new cdn.SecurityPolicy(
      `${name}-fd-waf`,
      {
        resourceGroupName: rg,
        profileName: profile.name,
        parameters: {
          type: "WebApplicationFirewall",
          wafPolicy: { id: waf.id },
          associations: [
            {
              domains: [{ id: endpoint.id }, ...customDomains.map((d) => ({ id: d.id }))],
              patternsToMatch: ["/*"],
            },
          ],
        },
      },
      { parent: this },
    );

    this.hostName = endpoint.hostName;
    this.url = pulumi.interpolate`https://${endpoint.hostName}`;
    this.profileId = profile.id;
    this.profileName = profile.name;
    this.frontDoorId = profile.frontDoorId;
    this.originResponseTimeoutSeconds = originResponseTimeoutSeconds;
    this.endpointId = endpoint.id;
    this.originGroupId = group.id;
    this.originIds = originIds as Record<Name, pulumi.Output<string>>;
    this.wafPolicyId = waf.id;
    this.health = health;
    this.failoverBudget = frontDoorFailoverBudget(health);
    this.customDomainValidationTokens = customDomainValidationTokens;
    this.registerOutputs({
      url: this.url,
      profileId: profile.id,
      originIds,
      failoverBudget: this.failoverBudget,
    });
  }
}
