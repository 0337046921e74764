import { fail, show } from "../errors";

/**
 * Retry of a request on 429/503 from a backend: the pool picks another backend, so the first retry may be
 * immediate; later ones back off exponentially (interval, max-interval and delta all set).
 * https://learn.microsoft.com/azure/api-management/retry-policy
 */
export interface RetrySettings {
  /** Retries after the first attempt, 1-50. @default - the number of backends in the pool, at least 2 */
  count?: number;
  /** First wait, seconds. @default 1 */
  intervalSeconds?: number;
  /** Longest wait, seconds. @default 30 */
  maxIntervalSeconds?: number;
  /** Growth step: wait = interval + (2^retry - 1) x delta (±20 %), capped at max-interval. @default 2 */
  deltaSeconds?: number;
  /** Retry the first time without waiting (it goes to another backend). @default true */
  firstFastRetry?: boolean;
}

/**
 * A circuit breaker on every backend: after `failureCount` matching responses within `failureInterval` the
 * backend is taken out of the pool for `tripDuration` (or for the backend's Retry-After, when accepted).
 * https://learn.microsoft.com/azure/api-management/backends#circuit-breaker
 */
export interface CircuitBreakerSettings {
  /** Matching responses that trip the breaker. @default 3 */
  failureCount?: number;
  /** Window those responses are counted in, ISO 8601. @default "PT1M" */
  failureInterval?: string;
  /** How long a tripped backend gets no traffic, ISO 8601. @default "PT1M" */
  tripDuration?: string;
  /** Trip for as long as the backend's Retry-After says (Azure OpenAI sends it with 429). @default true */
  acceptRetryAfter?: boolean;
}

/** Tokens a caller may use. https://learn.microsoft.com/azure/api-management/llm-token-limit-policy */
export interface TokenLimitSettings {
  /** Tokens per minute per caller. @default 10000 */
  tokensPerMinute?: number;
  /**
   * Who "a caller" is: the API Management subscription, or the caller's Entra ID object id (`oid` claim of the
   * bearer token, the client IP when there is none).
   * @default "subscription"
   */
  counterKey?: "subscription" | "caller-identity";
  /** A token quota per period on top of the per-minute limit (exceeding it answers 403). @default - none */
  quota?: { tokens: number; period: "Hourly" | "Daily" | "Weekly" | "Monthly" | "Yearly" };
  /** Count prompt tokens before calling the model, so an over-limit request never reaches it. @default true */
  estimatePromptTokens?: boolean;
}

export interface ResolvedRetry {
  readonly count: number;
  readonly intervalSeconds: number;
  readonly maxIntervalSeconds: number;
  readonly deltaSeconds: number;
  readonly firstFastRetry: boolean;
}
export interface ResolvedCircuitBreaker {
  readonly failureCount: number;
  readonly failureInterval: string;
  readonly tripDuration: string;
  readonly acceptRetryAfter: boolean;
}
export interface ResolvedTokenLimit {
  readonly tokensPerMinute: number;
  readonly counterKey: "subscription" | "caller-identity";
  readonly quota?: { readonly tokens: number; readonly period: string };
  readonly estimatePromptTokens: boolean;
}

/** ISO 8601 duration (`PT1M`, `PT30S`, `P1D`), as APIM takes trip durations and intervals. */
export const isoDurationPattern =
  /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

/** Seconds in an ISO 8601 duration without years or months. */
export function isoDurationSeconds(duration: string): number {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(duration);
  if (!m) return NaN;
  const [w, d, h, min, s] = m.slice(1).map((v) => Number(v ?? 0));
  return (((w * 7 + d) * 24 + h) * 60 + min) * 60 + s;
}

function number(argument: string, value: unknown, min: number, max: number, whole = true): number {
  if (
    typeof value !== "number" ||
    !Number.isFinite(value) ||
    (whole && !Number.isInteger(value)) ||
    value < min ||
    value > max
  ) {
    fail(
      argument,
      `${argument} must be a ${whole ? "whole " : ""}number from ${min} to ${max}, but got ${show(value)}.`,
    );
  }
  return value;
}

function duration(argument: string, value: unknown): string {
  if (typeof value !== "string" || !isoDurationPattern.test(value)) {
    fail(
      argument,
      `${argument} must be an ISO 8601 duration such as "PT1M" (one minute) or "PT30S", but got ${show(value)}.`,
    );
  }
  return value;
}

export function resolveRetry(settings: RetrySettings | undefined, backends: number): ResolvedRetry {
  const s = settings ?? {};
  const count = number("retry.count", s.count ?? Math.max(2, backends), 1, 50);
  const intervalSeconds = number("retry.intervalSeconds", s.intervalSeconds ?? 1, 0, 300, false);
  const maxIntervalSeconds = number("retry.maxIntervalSeconds", s.maxIntervalSeconds ?? 30, 1, 300, false);
  const deltaSeconds = number("retry.deltaSeconds", s.deltaSeconds ?? 2, 0.1, 300, false);
  if (intervalSeconds > maxIntervalSeconds) {
    fail(
      "retry.intervalSeconds",
      `retry.intervalSeconds (${intervalSeconds}) cannot exceed retry.maxIntervalSeconds (${maxIntervalSeconds}): the backoff would never grow.`,
    );
  }
  return {
    count,
    intervalSeconds,
    maxIntervalSeconds,
    deltaSeconds,
    firstFastRetry: s.firstFastRetry ?? true,
  };
}

export function resolveCircuitBreaker(settings: CircuitBreakerSettings | undefined): ResolvedCircuitBreaker {
  const s = settings ?? {};
  return {
    failureCount: number("circuitBreaker.failureCount", s.failureCount ?? 3, 1, 10000),
    failureInterval: duration("circuitBreaker.failureInterval", s.failureInterval ?? "PT1M"),
    tripDuration: duration("circuitBreaker.tripDuration", s.tripDuration ?? "PT1M"),
    acceptRetryAfter: s.acceptRetryAfter ?? true,
  };
}

export function resolveTokenLimit(settings: TokenLimitSettings | undefined): ResolvedTokenLimit {
  const s = settings ?? {};
  const counterKey = s.counterKey ?? "subscription";
  if (counterKey !== "subscription" && counterKey !== "caller-identity") {
    fail(
      "tokenLimit.counterKey",
      `tokenLimit.counterKey must be "subscription" or "caller-identity", but got ${show(counterKey)}.`,
    );
  }
  const periods = ["Hourly", "Daily", "Weekly", "Monthly", "Yearly"];
  if (s.quota !== undefined && !periods.includes(s.quota?.period)) {
    fail(
      "tokenLimit.quota.period",
      `tokenLimit.quota.period must be one of ${periods.join(", ")}, but got ${show(s.quota?.period)}.`,
    );
  }
  return {
    tokensPerMinute: number("tokenLimit.tokensPerMinute", s.tokensPerMinute ?? 10000, 1, 1e12),
    counterKey,
    ...(s.quota
      ? {
          quota: {
            tokens: number("tokenLimit.quota.tokens", s.quota.tokens, 1, 1e15),
            period: s.quota.period,
          },
        }
      : {}),
    estimatePromptTokens: s.estimatePromptTokens ?? true,
  };
}

/** The circuit breaker of one backend in ARM's shape: trips on 429 and 5xx. */
export function circuitBreakerRule(cb: ResolvedCircuitBreaker) {
  return {
    rules: [
      {
        name: "overload-or-failure",
        failureCondition: {
          count: cb.failureCount,
          interval: cb.failureInterval,
          statusCodeRanges: [
            { min: 429, max: 429 },
            { min: 500, max: 599 },
          ],
        },
        tripDuration: cb.tripDuration,
        acceptRetryAfter: cb.acceptRetryAfter,
      },
    ],
  };
}

const attr = (value: string | number | boolean) =>
  String(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Which backend pool a request goes to: one pool, or one per gateway region (multi-region Premium). */
export type PoolSelection =
  { poolId: string } | { byRegion: { regionDisplayName: string; poolId: string }[] };

export interface GatewayPolicyOptions {
  pools: PoolSelection;
  retry: ResolvedRetry;
  tokenLimit: ResolvedTokenLimit;
  /** Namespace of the token metrics in Application Insights. */
  metricNamespace: string;
}

/** Entra ID audience of Azure OpenAI and AI Services. */
export const cognitiveServicesAudience = "https://cognitiveservices.azure.com";

/**
 * The API policy: authenticate to the models with the gateway's managed identity, limit tokens per caller,
 * emit token metrics, send the request to the backend pool, and retry on 429/503 with exponential backoff.
 */
export function gatewayPolicyXml(options: GatewayPolicyOptions): string {
  const { retry, tokenLimit } = options;
  const counterKey =
    tokenLimit.counterKey === "subscription"
      ? "@(context.Subscription.Id)"
      : '@(context.Request.Headers.GetValueOrDefault("Authorization", "").AsJwt()?.Claims.GetValueOrDefault("oid", context.Request.IpAddress) ?? context.Request.IpAddress)';
  const limitAttributes = [
    `counter-key="${attr(counterKey)}"`,
    `tokens-per-minute="${tokenLimit.tokensPerMinute}"`,
    ...(tokenLimit.quota
      ? [`token-quota="${tokenLimit.quota.tokens}"`, `token-quota-period="${tokenLimit.quota.period}"`]
      : []),
    `estimate-prompt-tokens="${tokenLimit.estimatePromptTokens}"`,
    `retry-after-header-name="Retry-After"`,
    `remaining-tokens-header-name="x-ratelimit-remaining-tokens"`,
    `tokens-consumed-header-name="x-tokens-consumed"`,
  ];
  const backend =
    "poolId" in options.pools
      ? `    <set-backend-service backend-id="${attr(options.pools.poolId)}" />`
      : [
          "    <choose>",
          ...options.pools.byRegion.map(
            (p) =>
              `      <when condition="${attr(`@(context.Deployment.Region == "${p.regionDisplayName}")`)}">\n` +
              `        <set-backend-service backend-id="${attr(p.poolId)}" />\n      </when>`,
          ),
          "      <otherwise>",
          `        <set-backend-service backend-id="${attr(options.pools.byRegion[0].poolId)}" />`,
          "      </otherwise>",
          "    </choose>",
        ].join("\n");
  return [
    "<policies>",
    "  <inbound>",
    "    <base />",
    `    <authentication-managed-identity resource="${cognitiveServicesAudience}" />`,
    `    <llm-token-limit ${limitAttributes.join(" ")} />`,
    `    <llm-emit-token-metric namespace="${attr(options.metricNamespace)}">`,
    '      <dimension name="Subscription ID" />',
    '      <dimension name="API ID" />',
    '      <dimension name="Client IP" value="@(context.Request.IpAddress)" />',
    "    </llm-emit-token-metric>",
    backend,
    "  </inbound>",
    "  <backend>",
    // 429: that backend is out of tokens; 503: its breaker is open or it is unavailable. The pool sends the
    // retry elsewhere; the body is buffered so it can be sent again.
    `    <retry condition="${attr("@(context.Response.StatusCode == 429 || context.Response.StatusCode == 503)")}" ` +
      `count="${retry.count}" interval="${retry.intervalSeconds}" max-interval="${retry.maxIntervalSeconds}" ` +
      `delta="${retry.deltaSeconds}" first-fast-retry="${retry.firstFastRetry}">`,
    '      <forward-request buffer-request-body="true" />',
    "    </retry>",
    "  </backend>",
    "  <outbound>",
    "    <base />",
    "  </outbound>",
    "  <on-error>",
    "    <base />",
    "  </on-error>",
    "</policies>",
  ].join("\n");
}
