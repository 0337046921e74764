import { fail, show } from "../errors";

/**
 * Failover inside one request: the `<retry>` re-selects the backend pool on every attempt, so an attempt that the
 * pool's circuit breaker just took a backend out for goes to the next backend (the same pattern as Microsoft's
 * sample, Azure-Samples/AI-Gateway `labs/backend-pool-load-balancing/policy.xml`: "Switch back to same backend
 * pool which will have automatically removed the faulty backend"). Waits grow exponentially with API
 * Management's own jitter: wait = interval + 2^(n-1) x random(0.8 x delta, 1.2 x delta), capped at max-interval
 * (https://learn.microsoft.com/azure/api-management/retry-policy; older versions of the page write the exponent
 * as 2^n - 1: the budget check below uses max-interval, so either reading is safe); that random factor is the
 * only jitter API Management offers (the `retry` policy has no other).
 */
export interface RetrySettings {
  /**
   * Retries after the first attempt, 1-50.
   * @default - one less than the backends a request can reach, at least 1: every backend is tried once (Microsoft's sample: "Set count to one less than the number of backends in the pool to try all backends")
   */
  count?: number;
  /** First wait, seconds. @default 1 */
  intervalSeconds?: number;
  /** Longest wait, seconds. @default 8 */
  maxIntervalSeconds?: number;
  /** Growth step, seconds (randomised ±20 % by API Management). @default 1 */
  deltaSeconds?: number;
  /** Retry the first time without waiting: it goes to another backend. @default true */
  firstFastRetry?: boolean;
  /**
   * Most seconds one request may spend in the gateway, all attempts and waits included: no retry starts unless it
   * can finish (wait + forward timeout) inside this budget. Keep it below Front Door's origin response timeout
   * and your clients' own timeouts, or they give up while the gateway is still retrying.
   * @default 110 - below Front Door's default origin response timeout of 120 s
   */
  budgetSeconds?: number;
}

/**
 * The circuit breaker of every backend: after `failureCount` matching responses within `failureInterval` the
 * backend is taken out of the pool for `tripDuration`, or for as long as the backend's Retry-After says.
 * Azure allows one rule per breaker ("Currently, only one rule can be configured for a backend circuit
 * breaker", https://learn.microsoft.com/azure/api-management/backends#circuit-breaker), so 429 and 5xx share it.
 */
export interface CircuitBreakerSettings {
  /**
   * Matching responses that trip the breaker. @default 1 - the first 429 moves traffic on, as in Microsoft's
   * AI-Gateway sample (`modules/apim/v1/openai-api.bicep`: count 1 on 429, acceptRetryAfter)
   */
  failureCount?: number;
  /** Window those responses are counted in, ISO 8601. @default "PT1M" */
  failureInterval?: string;
  /** How long a tripped backend gets no traffic when it sent no Retry-After, ISO 8601. @default "PT30S" */
  tripDuration?: string;
  /** Trip for as long as the backend's Retry-After says (Azure OpenAI sends it with 429). @default true */
  acceptRetryAfter?: boolean;
}

/**
 * Tokens a caller may use, counted per validated caller (the Entra ID token's `oid` claim, or the API Management
 * subscription in key mode), never per IP address.
 * https://learn.microsoft.com/azure/api-management/llm-token-limit-policy
 */
export interface TokenLimitSettings {
  /** Tokens per minute per caller. @default 10000 */
  tokensPerMinute?: number;
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
  readonly budgetSeconds: number;
}
export interface ResolvedCircuitBreaker {
  readonly failureCount: number;
  readonly failureInterval: string;
  readonly tripDuration: string;
  readonly acceptRetryAfter: boolean;
}
export interface ResolvedTokenLimit {
  readonly tokensPerMinute: number;
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

/**
 * @param backends how many backends one request can reach (the largest pool, plus extra providers)
 * @param forwardTimeoutSeconds the per-attempt timeout: the budget must leave room for a retry after a timeout
 */
export function resolveRetry(
  settings: RetrySettings | undefined,
  backends: number,
  forwardTimeoutSeconds: number,
): ResolvedRetry {
  const s = settings ?? {};
  const count = number("retry.count", s.count ?? Math.max(1, backends - 1), 1, 50);
  const intervalSeconds = number("retry.intervalSeconds", s.intervalSeconds ?? 1, 0, 300, false);
  const maxIntervalSeconds = number("retry.maxIntervalSeconds", s.maxIntervalSeconds ?? 8, 1, 300, false);
  const deltaSeconds = number("retry.deltaSeconds", s.deltaSeconds ?? 1, 0.1, 300, false);
  const budgetSeconds = number("retry.budgetSeconds", s.budgetSeconds ?? 110, 1, 240);
  if (intervalSeconds > maxIntervalSeconds) {
    fail(
      "retry.intervalSeconds",
      `retry.intervalSeconds (${intervalSeconds}) cannot exceed retry.maxIntervalSeconds (${maxIntervalSeconds}): the backoff would never grow.`,
    );
  }
  if (budgetSeconds < forwardTimeoutSeconds) {
    fail(
      "retry.budgetSeconds",
      `retry.budgetSeconds (${budgetSeconds}) is shorter than forwardTimeoutSeconds (${forwardTimeoutSeconds}): ` +
        "one slow attempt would outlast the whole budget. Raise the budget or lower the forward timeout.",
    );
  }
  return {
    count,
    intervalSeconds,
    maxIntervalSeconds,
    deltaSeconds,
    firstFastRetry: s.firstFastRetry ?? true,
    budgetSeconds,
  };
}

export function resolveCircuitBreaker(settings: CircuitBreakerSettings | undefined): ResolvedCircuitBreaker {
  const s = settings ?? {};
  return {
    failureCount: number("circuitBreaker.failureCount", s.failureCount ?? 1, 1, 10000),
    failureInterval: duration("circuitBreaker.failureInterval", s.failureInterval ?? "PT1M"),
    tripDuration: duration("circuitBreaker.tripDuration", s.tripDuration ?? "PT30S"),
    acceptRetryAfter: s.acceptRetryAfter ?? true,
  };
}

export function resolveTokenLimit(settings: TokenLimitSettings | undefined): ResolvedTokenLimit {
  const s = settings ?? {};
  if ("counterKey" in s) {
    fail(
      "tokenLimit.counterKey",
      `tokenLimit.counterKey is gone (got ${show((s as { counterKey?: unknown }).counterKey)}): limits now always ` +
        "key on the validated caller (the Entra ID token's oid claim, or the subscription in key mode). Remove it.",
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

/**
 * The circuit breaker of one backend in ARM's shape (one rule: Azure allows no more): trips on 429, on 5xx and on
 * connection failures ("Server errors", as Microsoft's AI-Gateway sample lists), honouring Retry-After.
 */
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
          errorReasons: ["Server errors"],
        },
        tripDuration: cb.tripDuration,
        acceptRetryAfter: cb.acceptRetryAfter,
      },
    ],
  };
}

const attr = (value: string | number | boolean) =>
  String(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const text = (value: string) => value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
/** A C# string literal for a policy expression. */
const cs = (value: string) => `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

/** Who may call, checked the same way by every regional gateway. */
export type ResolvedCallers =
  | {
      readonly mode: "entra-id";
      readonly tenantId: string;
      readonly audiences: readonly string[];
      readonly clientApplicationIds: readonly string[];
    }
  | { readonly mode: "subscription-key"; readonly subscriptions: readonly string[] };

/** A caller group: callers whose validated token carries `claim` with `value`, or one subscription (key mode). */
export type CallerGroup = { claim: string; value: string } | { subscription: string };

/** A pool the policy can send a request to, and the backends in it. */
export interface PolicyPool {
  readonly id: string;
  /** Backends in the pool: retries try them all. 0 means the pool would be empty (never built). */
  readonly members: number;
}

/** The pools of one gateway: models (by gateway region in multi-region Premium), and extra providers. */
export interface PolicyRouting {
  /** The models' pool per gateway region display name; one entry for a gateway per region. */
  readonly models: readonly {
    readonly regionDisplayName: string;
    readonly all: PolicyPool;
    readonly bounded?: PolicyPool;
  }[];
  /** Extra providers, tried only for the OpenAI-compatible `/v1/...` operations, after every model backend. */
  readonly extra?: { readonly all: PolicyPool; readonly bounded?: PolicyPool };
}

export interface GatewayPolicyOptions {
  readonly routing: PolicyRouting;
  readonly retry: ResolvedRetry;
  readonly forwardTimeoutSeconds: number;
  readonly circuitBreaker: ResolvedCircuitBreaker;
  readonly tokenLimit: ResolvedTokenLimit;
  readonly callers: ResolvedCallers;
  /** Front Door's `frontDoorId`: only requests carrying it in `X-Azure-FDID` get in. @default - no check */
  readonly frontDoorId?: string;
  /** Requests that must stay inside the data boundary, and what the boundary is called in messages. */
  readonly dataBoundary?: { readonly name: string; readonly appliesTo: "all" | CallerGroup };
  /** Model deployments each caller group may use; callers in no group are refused. */
  readonly allowedModels?: readonly {
    readonly group: CallerGroup;
    readonly deployments: readonly string[];
  }[];
  /** Policy fragments included before the model call (inbound) and after it (outbound), in order. */
  readonly hooks?: { readonly preModel: readonly string[]; readonly postModel: readonly string[] };
  /** Namespace of the token metrics in Application Insights. */
  readonly metricNamespace: string;
}

/** Entra ID audience of Azure OpenAI and AI Services. */
export const cognitiveServicesAudience = "https://cognitiveservices.azure.com";

/** The context variable the validated caller token is stored in (`Jwt`). */
export const callerTokenVariable = "caller-token";

/**
 * Texts in the reason API Management gives its own 503 when every backend of a pool is tripped, as Microsoft's
 * sample detects it (Azure-Samples/AI-Gateway `labs/backend-pool-load-balancing/policy-updated.xml`:
 * `!context.Response.StatusReason.Contains("Backend pool") && !...Contains("is temporarily unavailable")`).
 * Azure does not document this text; the policy only uses it to stop retrying early, never to decide success.
 */
export const poolExhaustedReasons = ["Backend pool", "is temporarily unavailable"] as const;

const variable = (name: string, type = "string") => `((${type})context.Variables[${cs(name)}])`;

function groupCondition(group: CallerGroup): string {
  return "subscription" in group
    ? `context.Subscription != null && context.Subscription.Id == ${cs(group.subscription)}`
    : `${variable(callerTokenVariable, "Jwt")}.Claims.GetValueOrDefault(${cs(group.claim)}, "").Split(',').Contains(${cs(group.value)})`;
}

function errorResponse(status: number, reason: string, code: string, message: string, retryAfter?: string) {
  return [
    "<return-response>",
    `  <set-status code="${status}" reason="${attr(reason)}" />`,
    ...(retryAfter
      ? [
          `  <set-header name="Retry-After" exists-action="override"><value>${text(retryAfter)}</value></set-header>`,
        ]
      : []),
    '  <set-header name="Content-Type" exists-action="override"><value>application/json</value></set-header>',
    `  <set-body>${text(JSON.stringify({ error: { code, message } }))}</set-body>`,
    "</return-response>",
  ];
}

const indent = (lines: string[], by: number) => lines.map((l) => " ".repeat(by) + l);

/**
 * The API policy of one gateway, the same in both regions but for its own pools:
 * - inbound: only Front Door's requests get in (`X-Azure-FDID`), callers are validated (Entra ID token or
 *   subscription key), governance (allowed models, data boundary) decides which pool may serve the request,
 *   tokens are limited and counted per validated caller, pre-model hooks run, and the gateway's managed identity
 *   replaces the caller's credentials;
 * - backend: a `<retry>` that re-selects the pool on every attempt (the breaker has just taken the failed backend
 *   out), covers 429, 5xx and timeouts, stops when the pool is exhausted or the time budget would be exceeded, and
 *   moves `/v1` requests to the extra providers (without any Azure credential) when every model backend is out;
 * - outbound / on-error: when no backend could serve, one clean 429 (every backend overloaded) or 503 answer that
 *   says the pool is exhausted, with the smallest Retry-After any backend gave, and no backend detail.
 */
export function gatewayPolicyXml(options: GatewayPolicyOptions): string {
  const { retry, tokenLimit, callers, routing } = options;
  const tripSeconds = Math.max(1, Math.round(isoDurationSeconds(options.circuitBreaker.tripDuration) || 30));
  const inbound: string[] = ["<base />"];

  // Only through our Front Door: https://learn.microsoft.com/azure/api-management/front-door-api-management
  // (check-header on X-Azure-FDID, whose value is the profile's Front Door ID).
  if (options.frontDoorId) {
    inbound.push(
      `<check-header name="X-Azure-FDID" failed-check-httpcode="403" failed-check-error-message="Call this API through the platform's Front Door endpoint." ignore-case="true">`,
      `  <value>${text(options.frontDoorId)}</value>`,
      "</check-header>",
    );
  }

  // Callers, validated the same way in both regions.
  if (callers.mode === "entra-id") {
    // https://learn.microsoft.com/azure/api-management/validate-azure-ad-token-policy
    inbound.push(
      `<validate-azure-ad-token tenant-id="${attr(callers.tenantId)}" header-name="Authorization" failed-validation-httpcode="401" failed-validation-error-message="A valid Microsoft Entra ID bearer token for this API is required." output-token-variable-name="${callerTokenVariable}">`,
      ...(callers.clientApplicationIds.length > 0
        ? [
            "  <client-application-ids>",
            ...callers.clientApplicationIds.map((id) => `    <application-id>${text(id)}</application-id>`),
            "  </client-application-ids>",
          ]
        : []),
      "  <audiences>",
      ...callers.audiences.map((a) => `    <audience>${text(a)}</audience>`),
      "  </audiences>",
      "</validate-azure-ad-token>",
      // The caller is the token's object id: validated, so it cannot be forged to escape a limit.
      `<set-variable name="caller" value="${attr(`@(${variable(callerTokenVariable, "Jwt")}.Claims.GetValueOrDefault("oid", ""))`)}" />`,
    );
  } else {
    inbound.push(`<set-variable name="caller" value="${attr("@(context.Subscription.Id)")}" />`);
  }
  // The caller's own credential never travels on: the models get the gateway's identity, extras their own key.
  inbound.push('<set-header name="api-key" exists-action="delete" />');

  // The deployment asked for: the classic path names it, the /v1 and responses APIs carry it in the body.
  const modelExpression =
    "@{ string id; " +
    'if (context.Request.MatchedParameters.TryGetValue("deployment-id", out id) && !string.IsNullOrEmpty(id)) { return id; } ' +
    "var body = context.Request.Body?.As<JObject>(preserveContent: true); " +
    'return body?["model"]?.ToString() ?? ""; }';
  if (options.allowedModels && options.allowedModels.length > 0) {
    const allowed = options.allowedModels
      .map(
        (rule) =>
          `(${groupCondition(rule.group)}) && new [] { ${rule.deployments.map(cs).join(", ")} }.Contains(model)`,
      )
      .join(") || (");
    inbound.push(
      `<set-variable name="model" value="${attr(modelExpression)}" />`,
      "<choose>",
      `  <when condition="${attr(`@{ var model = ${variable("model")}; return !((${allowed})); }`)}">`,
      ...indent(
        errorResponse(
          403,
          "Forbidden",
          "ModelNotAllowed",
          "Your caller group may not use this model deployment.",
        ),
        4,
      ),
      "  </when>",
      "</choose>",
    );
  }

  // Which pool serves the request: the gateway's region, and inside the data boundary when it must stay there.
  if (options.dataBoundary) {
    const applies = options.dataBoundary.appliesTo;
    inbound.push(
      `<set-variable name="bounded" value="${attr(applies === "all" ? "@(true)" : `@(${groupCondition(applies)})`)}" />`,
    );
  }
  const boundedFlag = options.dataBoundary ? `${variable("bounded", "bool")}` : "false";
  const choosePool: string[] = ["<choose>"];
  routing.models.forEach((region) => {
    // Compared as Microsoft's multi-region routing example does, ignoring case
    // (https://learn.microsoft.com/azure/api-management/api-management-howto-deploy-multi-region).
    const where =
      routing.models.length > 1
        ? `${cs(region.regionDisplayName)}.Equals(context.Deployment.Region, StringComparison.OrdinalIgnoreCase)`
        : "true";
    if (options.dataBoundary) {
      const bounded = region.bounded;
      choosePool.push(
        `  <when condition="${attr(`@(${where} && ${boundedFlag})`)}">`,
        ...(bounded && bounded.members > 0
          ? [`    <set-variable name="pool" value="${attr(bounded.id)}" />`]
          : indent(
              errorResponse(
                503,
                "Service Unavailable",
                "DataBoundary",
                `No model backend inside the ${options.dataBoundary.name} data boundary serves this gateway: the request was not sent outside it.`,
              ),
              4,
            )),
        "  </when>",
      );
    }
    choosePool.push(
      `  <when condition="${attr(`@(${where})`)}">`,
      `    <set-variable name="pool" value="${attr(region.all.id)}" />`,
      "  </when>",
    );
  });
  choosePool.push(
    "  <otherwise>",
    `    <set-variable name="pool" value="${attr(routing.models[0].all.id)}" />`,
    "  </otherwise>",
    "</choose>",
  );
  inbound.push(...choosePool);

  // Tokens per validated caller (429 with Retry-After over the minute's limit, 403 over the quota).
  const limitAttributes = [
    `counter-key="${attr(`@(${variable("caller")})`)}"`,
    `tokens-per-minute="${tokenLimit.tokensPerMinute}"`,
    ...(tokenLimit.quota
      ? [`token-quota="${tokenLimit.quota.tokens}"`, `token-quota-period="${tokenLimit.quota.period}"`]
      : []),
    `estimate-prompt-tokens="${tokenLimit.estimatePromptTokens}"`,
    `retry-after-header-name="Retry-After"`,
    `remaining-tokens-header-name="x-ratelimit-remaining-tokens"`,
    `tokens-consumed-header-name="x-tokens-consumed"`,
  ];
  inbound.push(
    `<llm-token-limit ${limitAttributes.join(" ")} />`,
    // Dimensions of bounded cardinality only (Azure Monitor caps active time series,
    // https://learn.microsoft.com/azure/api-management/llm-emit-token-metric-policy): no IP address.
    `<llm-emit-token-metric namespace="${attr(options.metricNamespace)}">`,
    '  <dimension name="API ID" />',
    '  <dimension name="Operation ID" />',
    `  <dimension name="Caller" value="${attr(`@(${variable("caller")})`)}" />`,
    "</llm-emit-token-metric>",
    ...(options.hooks?.preModel ?? []).map((id) => `<include-fragment fragment-id="${attr(id)}" />`),
    // Replaces the caller's Authorization header with the gateway's own token for the models.
    // https://learn.microsoft.com/azure/api-management/authentication-managed-identity-policy
    `<authentication-managed-identity resource="${cognitiveServicesAudience}" />`,
  );

  // Backend: one attempt per pool member at most, each re-selecting the pool.
  const pools = [
    ...routing.models.flatMap((r) => [r.all, ...(r.bounded && r.bounded.members > 0 ? [r.bounded] : [])]),
    ...(routing.extra
      ? [
          routing.extra.all,
          ...(routing.extra.bounded && routing.extra.bounded.members > 0 ? [routing.extra.bounded] : []),
        ]
      : []),
  ];
  const extraIds = routing.extra
    ? [
        routing.extra.all.id,
        ...(routing.extra.bounded && routing.extra.bounded.members > 0 ? [routing.extra.bounded.id] : []),
      ]
    : [];
  const selectBackend = [
    "<choose>",
    ...pools.flatMap((pool) => [
      `  <when condition="${attr(`@(${variable("pool")} == ${cs(pool.id)})`)}">`,
      `    <set-backend-service backend-id="${attr(pool.id)}" />`,
      ...(extraIds.includes(pool.id)
        ? ['    <set-header name="Authorization" exists-action="delete" />']
        : []),
      "  </when>",
    ]),
    "</choose>",
  ];
  const retryAfterExpression =
    '@{ var seen = context.Variables.GetValueOrDefault<int>("retry-after", -1); ' +
    "if (context.Response == null) { return seen; } " +
    'var header = context.Response.Headers.GetValueOrDefault("Retry-After", ""); ' +
    "int value; " +
    "if (int.TryParse(header, out value) && value >= 0 && (seen < 0 || value < seen)) { return value; } " +
    "return seen; }";
  const exhausted = `context.Response != null && context.Response.StatusCode == 503 && (${poolExhaustedReasons
    .map((reason) => `(context.Response.StatusReason ?? "").Contains(${cs(reason)})`)
    .join(" || ")})`;
  const failed =
    "context.Response == null || context.Response.StatusCode == 429 || context.Response.StatusCode >= 500";
  // Starts another attempt only if its longest wait plus a whole attempt still fits in the budget.
  // context.Elapsed: "time interval between the value of Timestamp and current time" (policy expressions reference).
  const fits = `context.Elapsed.TotalSeconds + ${retry.maxIntervalSeconds + options.forwardTimeoutSeconds} <= ${retry.budgetSeconds}`;
  const backend: string[] = [
    `<retry condition="${attr(`@(${variable("retry", "bool")})`)}" count="${retry.count}" interval="${retry.intervalSeconds}" max-interval="${retry.maxIntervalSeconds}" delta="${retry.deltaSeconds}" first-fast-retry="${retry.firstFastRetry}">`,
    ...indent(selectBackend, 2),
    // Not buffered: streamed completions (server-sent events) stream. https://learn.microsoft.com/azure/api-management/forward-request-policy
    `  <forward-request timeout="${options.forwardTimeoutSeconds}" buffer-request-body="true" buffer-response="false" />`,
    `  <set-variable name="attempts" value="${attr('@(context.Variables.GetValueOrDefault<int>("attempts", 0) + 1)')}" />`,
    `  <set-variable name="retry-after" value="${attr(retryAfterExpression)}" />`,
    `  <set-variable name="only-429" value="${attr(`@(context.Variables.GetValueOrDefault<bool>("only-429", true) && context.Response != null && context.Response.StatusCode == 429)`)}" />`,
  ];
  if (routing.extra) {
    const boundedExtra =
      routing.extra.bounded && routing.extra.bounded.members > 0 ? routing.extra.bounded.id : undefined;
    // A request held inside the data boundary goes only to extras inside it; with none, it never switches.
    const toExtra = !options.dataBoundary
      ? routing.extra.all.id
      : boundedExtra
        ? `@(${boundedFlag} ? ${cs(boundedExtra)} : ${cs(routing.extra.all.id)})`
        : routing.extra.all.id;
    const mayUseExtra = options.dataBoundary && !boundedExtra ? ` && !${boundedFlag}` : "";
    const onModels = extraIds.map((id) => `${variable("pool")} != ${cs(id)}`).join(" && ");
    backend.push(
      // Every model backend is out: OpenAI-compatible /v1 requests go on to the extra providers.
      "  <choose>",
      `    <when condition="${attr(`@((${failed}) && ${onModels} && ${variable("v1", "bool")}${mayUseExtra})`)}">`,
      `      <set-variable name="pool" value="${attr(toExtra)}" />`,
      '      <set-variable name="switched" value="@(true)" />',
      "    </when>",
      "    <otherwise>",
      '      <set-variable name="switched" value="@(false)" />',
      "    </otherwise>",
      "  </choose>",
    );
    inbound.push(
      `<set-variable name="v1" value="${attr('@(context.Operation.UrlTemplate.StartsWith("/v1/"))')}" />`,
    );
  }
  backend.push(
    `  <set-variable name="retry" value="${attr(
      `@((${failed}) && (!(${exhausted})${routing.extra ? ` || ${variable("switched", "bool")}` : ""}) && ${fits})`,
    )}" />`,
    "</retry>",
  );
  // Before the first attempt: the retry condition is read only after an attempt.
  inbound.push('<set-variable name="retry" value="@(false)" />');

  // No backend could serve: one clean answer, no backend detail.
  const poolOut = `context.Variables.ContainsKey("attempts") && (context.Response == null || context.Response.StatusCode == 429 || context.Response.StatusCode >= 500)`;
  const retryAfterValue = `@{ var seen = context.Variables.GetValueOrDefault<int>("retry-after", -1); return (seen >= 0 ? seen : ${tripSeconds}).ToString(); }`;
  const exhaustedAnswer = (extra = "") => [
    "<choose>",
    `  <when condition="${attr(`@(${poolOut} && context.Variables.GetValueOrDefault<bool>("only-429", false))`)}">`,
    ...indent(
      errorResponse(
        429,
        "Too Many Requests",
        "PoolExhausted",
        "Every model backend this request may use is over its capacity. Retry after the number of seconds in Retry-After.",
        retryAfterValue,
      ),
      4,
    ),
    "  </when>",
    `  <when condition="${attr(`@(${poolOut}${extra})`)}">`,
    ...indent(
      errorResponse(
        503,
        "Service Unavailable",
        "PoolExhausted",
        "No model backend this request may use is available. Retry after the number of seconds in Retry-After.",
        retryAfterValue,
      ),
      4,
    ),
    "  </when>",
    "</choose>",
  ];

  return [
    "<policies>",
    "  <inbound>",
    ...indent(inbound, 4),
    "  </inbound>",
    "  <backend>",
    ...indent(backend, 4),
    "  </backend>",
    "  <outbound>",
    "    <base />",
    ...indent(exhaustedAnswer(), 4),
    ...(options.hooks?.postModel ?? []).map((id) => `    <include-fragment fragment-id="${attr(id)}" />`),
    "  </outbound>",
    "  <on-error>",
    "    <base />",
    // A timed-out or failed forward raises an error before the attempt is counted (LastError, documented for on-error).
    ...indent(
      exhaustedAnswer(' || (context.LastError != null && context.LastError.Source == "forward-request")'),
      4,
    ),
    "  </on-error>",
    "</policies>",
  ].join("\n");
}
