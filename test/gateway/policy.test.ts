import { expect } from "chai";
import { XMLParser } from "fast-xml-parser";
import {
  GatewayPolicyOptions,
  InvalidArgumentError,
  circuitBreakerRule,
  gatewayPolicyXml,
  isoDurationSeconds,
  resolveCircuitBreaker,
  resolveRetry,
  resolveTokenLimit,
} from "../../src";

type Node = Record<string, unknown>;
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseAttributeValue: false,
  isArray: (name) =>
    ["when", "set-variable", "choose", "audience", "application-id", "include-fragment"].includes(name),
});
type Policies = { inbound: Node; backend: Node; outbound: Node; "on-error": Node };
const parse = (xml: string) => (parser.parse(xml) as { policies: Policies }).policies;

const entra = {
  mode: "entra-id" as const,
  tenantId: "11111111-2222-3333-4444-555555555555",
  audiences: ["api://agents-gateway"],
  clientApplicationIds: ["aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"],
};
const options = (over: Partial<GatewayPolicyOptions> = {}): GatewayPolicyOptions => ({
  routing: { models: [{ regionDisplayName: "East US 2", all: { id: "pool-models", members: 2 } }] },
  retry: resolveRetry(undefined, 2, 50),
  forwardTimeoutSeconds: 50,
  circuitBreaker: resolveCircuitBreaker(undefined),
  tokenLimit: resolveTokenLimit(undefined),
  callers: entra,
  frontDoorId: "fd-0000-1111",
  metricNamespace: "azure-ai-failover",
  ...over,
});
const policy = (over: Partial<GatewayPolicyOptions> = {}) => parse(gatewayPolicyXml(options(over)));
const variables = (section: Node) =>
  Object.fromEntries(((section["set-variable"] as Node[]) ?? []).map((v) => [v.name, v.value]));
const retryOf = (p: Policies) => p.backend.retry as Node;
/** The `when` branches of every choose in a section, flattened. */
const whens = (section: Node) => ((section.choose as Node[]) ?? []).flatMap((c) => c.when as Node[]);

describe("gateway policy XML", () => {
  describe("inbound, by default", () => {
    const inbound = policy().inbound;

    it("admits only the platform's Front Door: X-Azure-FDID must equal its id, 403 otherwise", () => {
      expect(inbound["check-header"]).to.deep.equal({
        name: "X-Azure-FDID",
        "failed-check-httpcode": "403",
        "failed-check-error-message": "Call this API through the platform's Front Door endpoint.",
        "ignore-case": "true",
        value: "fd-0000-1111",
      });
    });

    it("validates the caller's Entra ID token: tenant, client applications, audiences, 401 otherwise", () => {
      expect(inbound["validate-azure-ad-token"]).to.deep.equal({
        "tenant-id": "11111111-2222-3333-4444-555555555555",
        "header-name": "Authorization",
        "failed-validation-httpcode": "401",
        "failed-validation-error-message":
          "A valid Microsoft Entra ID bearer token for this API is required.",
        "output-token-variable-name": "caller-token",
        "client-application-ids": { "application-id": ["aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"] },
        audiences: { audience: ["api://agents-gateway"] },
      });
    });

    it("keys the caller on the validated token's oid, never on an IP address", () => {
      expect(variables(inbound).caller).to.equal(
        '@(((Jwt)context.Variables["caller-token"]).Claims.GetValueOrDefault("oid", ""))',
      );
      expect(gatewayPolicyXml(options())).to.not.match(/IpAddress|X-Azure-ClientIP|Client IP/);
    });

    it("limits tokens per validated caller with prompt estimation, Retry-After and remaining tokens", () => {
      expect(inbound["llm-token-limit"]).to.deep.equal({
        "counter-key": '@(((string)context.Variables["caller"]))',
        "tokens-per-minute": "10000",
        "estimate-prompt-tokens": "true",
        "retry-after-header-name": "Retry-After",
        "remaining-tokens-header-name": "x-ratelimit-remaining-tokens",
        "tokens-consumed-header-name": "x-tokens-consumed",
      });
    });

    it("emits token metrics by API, operation and validated caller: bounded dimensions, no IP", () => {
      const metric = inbound["llm-emit-token-metric"] as { namespace: string; dimension: Node[] };
      expect(metric.namespace).to.equal("azure-ai-failover");
      expect(metric.dimension).to.deep.equal([
        { name: "API ID" },
        { name: "Operation ID" },
        { name: "Caller", value: '@(((string)context.Variables["caller"]))' },
      ]);
    });

    it("drops the caller's api-key and authenticates to the models with the gateway's managed identity", () => {
      expect(inbound["set-header"]).to.deep.equal({ name: "api-key", "exists-action": "delete" });
      expect(inbound["authentication-managed-identity"]).to.deep.equal({
        resource: "https://cognitiveservices.azure.com",
      });
    });

    it("chooses the models pool, and starts with no retry pending", () => {
      const pool = whens(inbound).map((w) => [w.condition, variables(w).pool]);
      expect(pool).to.deep.equal([["@(true)", "pool-models"]]);
      expect(variables(inbound).retry).to.equal("@(false)");
    });

    it("keeps <base /> in inbound, outbound and on-error", () => {
      const p = policy();
      for (const section of [p.inbound, p.outbound, p["on-error"]]) expect(section).to.have.property("base");
    });
  });

  describe("backend: failover inside the request", () => {
    const p = policy();
    const retry = retryOf(p);

    it("retries with exponential backoff (interval, max-interval, delta), first retry at once, one try per backend", () => {
      expect(retry).to.deep.include({
        condition: '@(((bool)context.Variables["retry"]))',
        count: "1",
        interval: "1",
        "max-interval": "8",
        delta: "1",
        "first-fast-retry": "true",
      });
    });

    it("re-selects the pool inside the retry, so the attempt after a trip goes to the next backend", () => {
      const select = (retry.choose as Node[])[0].when as Node[];
      expect(select.map((w) => [w.condition, w["set-backend-service"]])).to.deep.equal([
        ['@(((string)context.Variables["pool"]) == "pool-models")', { "backend-id": "pool-models" }],
      ]);
    });

    it("forwards with a timeout below Front Door's, the body buffered for retries and the response streamed", () => {
      expect(retry["forward-request"]).to.deep.equal({
        timeout: "50",
        "buffer-request-body": "true",
        "buffer-response": "false",
      });
    });

    it("retries 429, 5xx and no response, stops on the pool's own exhausted 503, and keeps within the budget", () => {
      const v = variables(retry);
      expect(v.retry).to.equal(
        "@((context.Response == null || context.Response.StatusCode == 429 || context.Response.StatusCode >= 500) && " +
          '(!(context.Response != null && context.Response.StatusCode == 503 && ((context.Response.StatusReason ?? "").Contains("Backend pool") || (context.Response.StatusReason ?? "").Contains("is temporarily unavailable")))) && ' +
          "context.Elapsed.TotalSeconds + 58 <= 110)",
      );
      expect(v.attempts).to.equal('@(context.Variables.GetValueOrDefault<int>("attempts", 0) + 1)');
      expect(v["retry-after"]).to.contain('context.Response.Headers.GetValueOrDefault("Retry-After", "")');
      expect(v["retry-after"]).to.contain("value < seen");
      expect(v["only-429"]).to.equal(
        '@(context.Variables.GetValueOrDefault<bool>("only-429", true) && context.Response != null && context.Response.StatusCode == 429)',
      );
    });
  });

  describe("when no backend can serve", () => {
    for (const section of ["outbound", "on-error"] as const) {
      it(`answers one clean 429 or 503 with the smallest Retry-After, saying the pool is exhausted (${section})`, () => {
        const [overloaded, unavailable] = whens(policy()[section]);
        expect(overloaded.condition).to.match(/ContainsKey\("attempts"\).*only-429/);
        const answer = (w: Node) => w["return-response"] as Node;
        expect((answer(overloaded)["set-status"] as Node).code).to.equal("429");
        expect((answer(unavailable)["set-status"] as Node).code).to.equal("503");
        for (const w of [overloaded, unavailable]) {
          const headers = answer(w)["set-header"] as Node[];
          const retryAfter = headers.find((h) => h.name === "Retry-After")!;
          expect(retryAfter.value).to.equal(
            '@{ var seen = context.Variables.GetValueOrDefault<int>("retry-after", -1); return (seen >= 0 ? seen : 30).ToString(); }',
          );
          const body = JSON.parse(String(answer(w)["set-body"]));
          expect(body.error.code).to.equal("PoolExhausted");
          expect(body.error.message).to.not.match(/azure\.com|eastus|centralus|models-/);
        }
      });
    }
  });

  it("also answers cleanly in on-error when a forward failed or timed out before any attempt was counted", () => {
    const [, unavailable] = whens(policy()["on-error"]);
    expect(unavailable.condition).to.match(
      / \|\| \(context\.LastError != null && context\.LastError\.Source == "forward-request"\)\)$/,
    );
    const [, outbound] = whens(policy().outbound);
    expect(outbound.condition).to.not.contain("LastError");
  });

  it("falls back to the trip duration when no backend sent Retry-After", () => {
    const xml = gatewayPolicyXml(
      options({ circuitBreaker: resolveCircuitBreaker({ tripDuration: "PT2M" }) }),
    );
    expect(xml).to.contain("return (seen &gt;= 0 ? seen : 120).ToString();");
  });

  it("uses the subscription as the caller in key mode, and validates no token", () => {
    const p = policy({ callers: { mode: "subscription-key", subscriptions: ["agents"] } });
    expect(p.inbound).to.not.have.property("validate-azure-ad-token");
    expect(variables(p.inbound).caller).to.equal("@(context.Subscription.Id)");
  });

  it("has no Front Door check without a Front Door id", () => {
    expect(policy({ frontDoorId: undefined }).inbound).to.not.have.property("check-header");
  });

  it("omits client-application-ids when none are given", () => {
    const p = policy({ callers: { ...entra, clientApplicationIds: [] } });
    expect(p.inbound["validate-azure-ad-token"]).to.not.have.property("client-application-ids");
  });

  it("adds a token quota when asked", () => {
    const limit = policy({
      tokenLimit: resolveTokenLimit({
        tokensPerMinute: 5000,
        quota: { tokens: 1000000, period: "Monthly" },
        estimatePromptTokens: false,
      }),
    }).inbound["llm-token-limit"] as Node;
    expect(limit).to.include({
      "tokens-per-minute": "5000",
      "token-quota": "1000000",
      "token-quota-period": "Monthly",
      "estimate-prompt-tokens": "false",
    });
  });

  it("picks the pool by gateway region in multi-region mode", () => {
    const p = policy({
      routing: {
        models: [
          { regionDisplayName: "East US 2", all: { id: "pool-eus2", members: 2 } },
          { regionDisplayName: "Central US", all: { id: "pool-cus", members: 2 } },
        ],
      },
    });
    const [choose] = p.inbound.choose as Node[];
    expect((choose.when as Node[]).map((w) => [w.condition, variables(w).pool])).to.deep.equal([
      ['@("East US 2".Equals(context.Deployment.Region, StringComparison.OrdinalIgnoreCase))', "pool-eus2"],
      ['@("Central US".Equals(context.Deployment.Region, StringComparison.OrdinalIgnoreCase))', "pool-cus"],
    ]);
    expect(variables(choose.otherwise as Node).pool).to.equal("pool-eus2");
    const select = (retryOf(p).choose as Node[])[0].when as Node[];
    expect(select.map((w) => (w["set-backend-service"] as Node)["backend-id"])).to.deep.equal([
      "pool-eus2",
      "pool-cus",
    ]);
  });

  describe("extra providers", () => {
    const p = policy({
      routing: {
        models: [{ regionDisplayName: "East US 2", all: { id: "pool-models", members: 2 } }],
        extra: { all: { id: "pool-extra", members: 1 } },
      },
      retry: resolveRetry(undefined, 3, 50),
    });
    const retry = retryOf(p);

    it("are reached only by /v1 operations, after the model pool fails", () => {
      expect(variables(p.inbound).v1).to.equal('@(context.Operation.UrlTemplate.StartsWith("/v1/"))');
      const switchTo = (retry.choose as Node[])[1];
      const [when] = switchTo.when as Node[];
      expect(when.condition).to.equal(
        '@((context.Response == null || context.Response.StatusCode == 429 || context.Response.StatusCode >= 500) && ((string)context.Variables["pool"]) != "pool-extra" && ((bool)context.Variables["v1"]))',
      );
      expect(variables(when)).to.deep.equal({ pool: "pool-extra", switched: "@(true)" });
      expect(variables(retry).retry).to.contain('|| ((bool)context.Variables["switched"])');
      expect(retry.count).to.equal("2");
    });

    it("get neither the caller's credential nor the gateway's Entra ID token", () => {
      const select = (retry.choose as Node[])[0].when as Node[];
      const extra = select.find((w) => (w["set-backend-service"] as Node)["backend-id"] === "pool-extra")!;
      expect(extra["set-header"]).to.deep.equal({ name: "Authorization", "exists-action": "delete" });
      const models = select.find((w) => (w["set-backend-service"] as Node)["backend-id"] === "pool-models")!;
      expect(models).to.not.have.property("set-header");
      expect(p.inbound["set-header"]).to.deep.equal({ name: "api-key", "exists-action": "delete" });
    });
  });

  describe("governance", () => {
    /** One gateway's models pool and its bounded twin with `inside` members. */
    const boundedModels = (region: string, inside: number) => [
      {
        regionDisplayName: region,
        all: { id: "pool-models", members: 2 },
        bounded: { id: "pool-models-bounded", members: inside },
      },
    ];

    it("holds bounded requests to the pool inside the data boundary", () => {
      const p = policy({
        routing: { models: boundedModels("West Europe", 1) },
        dataBoundary: { name: "Europe", appliesTo: { claim: "roles", value: "Data.EU" } },
      });
      expect(variables(p.inbound).bounded).to.equal(
        '@(((Jwt)context.Variables["caller-token"]).Claims.GetValueOrDefault("roles", "").Split(\',\').Contains("Data.EU"))',
      );
      const [choose] = p.inbound.choose as Node[];
      expect((choose.when as Node[]).map((w) => [w.condition, variables(w).pool])).to.deep.equal([
        ['@(true && ((bool)context.Variables["bounded"]))', "pool-models-bounded"],
        ["@(true)", "pool-models"],
      ]);
    });

    it("answers 503 instead of leaving the boundary when no backend is inside it", () => {
      const p = policy({
        routing: { models: boundedModels("UK South", 0) },
        dataBoundary: { name: "Europe", appliesTo: "all" },
      });
      expect(variables(p.inbound).bounded).to.equal("@(true)");
      const [bounded] = (p.inbound.choose as Node[])[0].when as Node[];
      const answer = bounded["return-response"] as Node;
      expect((answer["set-status"] as Node).code).to.equal("503");
      expect(JSON.parse(String(answer["set-body"])).error).to.deep.equal({
        code: "DataBoundary",
        message:
          "No model backend inside the Europe data boundary serves this gateway: the request was not sent outside it.",
      });
      const select = (retryOf(p).choose as Node[])[0].when as Node[];
      expect(select.map((w) => (w["set-backend-service"] as Node)["backend-id"])).to.deep.equal([
        "pool-models",
      ]);
    });

    it("never switches a bounded request to extra providers outside the boundary", () => {
      const p = policy({
        routing: {
          models: boundedModels("West Europe", 2),
          extra: { all: { id: "pool-extra", members: 1 }, bounded: { id: "pool-extra-bounded", members: 0 } },
        },
        dataBoundary: { name: "Europe", appliesTo: "all" },
      });
      const [when] = (retryOf(p).choose as Node[])[1].when as Node[];
      expect(when.condition).to.match(/&& !\(\(bool\)context\.Variables\["bounded"\]\)\)$/);
    });

    it("refuses models a caller group may not use, with 403", () => {
      const p = policy({
        allowedModels: [
          { group: { claim: "roles", value: "Agents.Basic" }, deployments: ["chat-mini"] },
          { group: { claim: "roles", value: "Agents.Full" }, deployments: ["chat", "chat-mini"] },
        ],
      });
      expect(variables(p.inbound).model).to.contain('MatchedParameters.TryGetValue("deployment-id", out id)');
      expect(variables(p.inbound).model).to.contain('body?["model"]');
      const [refuse] = (p.inbound.choose as Node[])[0].when as Node[];
      expect(refuse.condition).to.contain(
        '.Contains("Agents.Basic")) && new [] { "chat-mini" }.Contains(model)',
      );
      expect(refuse.condition).to.contain('new [] { "chat", "chat-mini" }.Contains(model)');
      expect(((refuse["return-response"] as Node)["set-status"] as Node).code).to.equal("403");
    });

    it("groups key-mode callers by subscription", () => {
      const p = policy({
        callers: { mode: "subscription-key", subscriptions: ["batch"] },
        allowedModels: [{ group: { subscription: "batch" }, deployments: ["embeddings"] }],
      });
      const [refuse] = (p.inbound.choose as Node[])[0].when as Node[];
      expect(refuse.condition).to.contain('context.Subscription.Id == "batch"');
    });
  });

  it("includes pre-model hooks before the model call and post-model hooks after it, in order", () => {
    const p = policy({ hooks: { preModel: ["content-safety", "redact"], postModel: ["audit"] } });
    expect(p.inbound["include-fragment"]).to.deep.equal([
      { "fragment-id": "content-safety" },
      { "fragment-id": "redact" },
    ]);
    expect(p.outbound["include-fragment"]).to.deep.equal([{ "fragment-id": "audit" }]);
    const xml = gatewayPolicyXml(options({ hooks: { preModel: ["content-safety"], postModel: [] } }));
    expect(xml.indexOf("content-safety")).to.be.lessThan(xml.indexOf("authentication-managed-identity"));
    expect(xml.indexOf("llm-token-limit")).to.be.lessThan(xml.indexOf("content-safety"));
  });
});

describe("resolveRetry", () => {
  it("defaults to one try per reachable backend, a short exponential backoff and a 110 s budget", () => {
    expect(resolveRetry(undefined, 2, 50)).to.deep.equal({
      count: 1,
      intervalSeconds: 1,
      maxIntervalSeconds: 8,
      deltaSeconds: 1,
      firstFastRetry: true,
      budgetSeconds: 110,
    });
    expect(resolveRetry(undefined, 4, 50).count).to.equal(3);
    expect(resolveRetry(undefined, 1, 50).count).to.equal(1);
  });

  it("takes every setting", () => {
    expect(
      resolveRetry(
        {
          count: 5,
          intervalSeconds: 2,
          maxIntervalSeconds: 60,
          deltaSeconds: 3,
          firstFastRetry: false,
          budgetSeconds: 200,
        },
        2,
        50,
      ),
    ).to.deep.equal({
      count: 5,
      intervalSeconds: 2,
      maxIntervalSeconds: 60,
      deltaSeconds: 3,
      firstFastRetry: false,
      budgetSeconds: 200,
    });
  });

  const fails: [string, Parameters<typeof resolveRetry>[0], string, RegExp][] = [
    ["a count of 0", { count: 0 }, "retry.count", /from 1 to 50, but got 0/],
    ["a count above 50", { count: 51 }, "retry.count", /but got 51/],
    ["a negative interval", { intervalSeconds: -1 }, "retry.intervalSeconds", /but got -1/],
    [
      "an interval above max-interval",
      { intervalSeconds: 40, maxIntervalSeconds: 30 },
      "retry.intervalSeconds",
      /cannot exceed retry.maxIntervalSeconds/,
    ],
    [
      "a budget shorter than one attempt",
      { budgetSeconds: 30 },
      "retry.budgetSeconds",
      /retry.budgetSeconds \(30\) is shorter than forwardTimeoutSeconds \(50\)/,
    ],
    ["a budget above 240 s", { budgetSeconds: 300 }, "retry.budgetSeconds", /from 1 to 240, but got 300/],
  ];
  for (const [what, settings, argument, message] of fails) {
    it(`fails on ${what}`, () => {
      expect(() => resolveRetry(settings, 2, 50))
        .to.throw(InvalidArgumentError, message)
        .with.property("argument", argument);
    });
  }
});

describe("circuit breaker", () => {
  it("has one rule (Azure allows no more) that trips on the first 429, 5xx or connection failure, honouring Retry-After", () => {
    expect(circuitBreakerRule(resolveCircuitBreaker(undefined))).to.deep.equal({
      rules: [
        {
          name: "overload-or-failure",
          failureCondition: {
            count: 1,
            interval: "PT1M",
            statusCodeRanges: [
              { min: 429, max: 429 },
              { min: 500, max: 599 },
            ],
            errorReasons: ["Server errors"],
          },
          tripDuration: "PT30S",
          acceptRetryAfter: true,
        },
      ],
    });
  });

  it("takes custom settings", () => {
    const rule = circuitBreakerRule(
      resolveCircuitBreaker({
        failureCount: 5,
        failureInterval: "PT5M",
        tripDuration: "PT2M",
        acceptRetryAfter: false,
      }),
    ).rules[0];
    expect(rule).to.deep.include({ tripDuration: "PT2M", acceptRetryAfter: false });
    expect(rule.failureCondition).to.deep.include({ count: 5, interval: "PT5M" });
  });

  for (const bad of ["1 minute", "PT", "60", ""]) {
    it(`rejects the trip duration ${JSON.stringify(bad)}`, () => {
      expect(() => resolveCircuitBreaker({ tripDuration: bad }))
        .to.throw(InvalidArgumentError, /ISO 8601 duration/)
        .with.property("argument", "circuitBreaker.tripDuration");
    });
  }

  it("reads ISO 8601 durations in seconds", () => {
    expect(isoDurationSeconds("PT1M")).to.equal(60);
    expect(isoDurationSeconds("PT1H30M")).to.equal(5400);
    expect(isoDurationSeconds("P1D")).to.equal(86400);
    expect(Number.isNaN(isoDurationSeconds("nonsense"))).to.equal(true);
  });
});

describe("resolveTokenLimit", () => {
  const fails: [string, Parameters<typeof resolveTokenLimit>[0], string, RegExp][] = [
    ["zero tokens", { tokensPerMinute: 0 }, "tokenLimit.tokensPerMinute", /but got 0/],
    [
      "the retired counterKey",
      { counterKey: "subscription" } as Parameters<typeof resolveTokenLimit>[0],
      "tokenLimit.counterKey",
      /counterKey is gone \(got "subscription"\): limits now always key on the validated caller/,
    ],
    [
      "an unknown quota period",
      { quota: { tokens: 10, period: "Fortnightly" as "Daily" } },
      "tokenLimit.quota.period",
      /must be one of Hourly, Daily, Weekly, Monthly, Yearly/,
    ],
  ];
  for (const [what, settings, argument, message] of fails) {
    it(`fails on ${what}`, () => {
      expect(() => resolveTokenLimit(settings))
        .to.throw(InvalidArgumentError, message)
        .with.property("argument", argument);
    });
  }
});
