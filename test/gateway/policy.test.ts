import { expect } from "chai";
import { XMLParser } from "fast-xml-parser";
import {
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
  isArray: (name) => name === "when",
});
const parse = (xml: string) =>
  parser.parse(xml) as { policies: { inbound: Node; backend: Node; outbound: Node; "on-error": Node } };

const policy = (over: Partial<Parameters<typeof gatewayPolicyXml>[0]> = {}) =>
  parse(
    gatewayPolicyXml({
      pools: { poolId: "pool-models" },
      retry: resolveRetry(undefined, 2),
      tokenLimit: resolveTokenLimit(undefined),
      metricNamespace: "azure-ai-failover",
      ...over,
    }),
  ).policies;

describe("gateway policy XML", () => {
  it("authenticates to the models with the managed identity", () => {
    expect(policy().inbound["authentication-managed-identity"]).to.deep.equal({
      resource: "https://cognitiveservices.azure.com",
    });
  });

  it("limits tokens per subscription with prompt estimation and remaining-tokens header", () => {
    expect(policy().inbound["llm-token-limit"]).to.deep.equal({
      "counter-key": "@(context.Subscription.Id)",
      "tokens-per-minute": "10000",
      "estimate-prompt-tokens": "true",
      "retry-after-header-name": "Retry-After",
      "remaining-tokens-header-name": "x-ratelimit-remaining-tokens",
      "tokens-consumed-header-name": "x-tokens-consumed",
    });
  });

  it("keys the limit on the caller's identity and adds a quota when asked", () => {
    const limit = policy({
      tokenLimit: resolveTokenLimit({
        counterKey: "caller-identity",
        tokensPerMinute: 5000,
        quota: { tokens: 1000000, period: "Monthly" },
        estimatePromptTokens: false,
      }),
    }).inbound["llm-token-limit"] as Node;
    expect(limit["counter-key"]).to.equal(
      '@(context.Request.Headers.GetValueOrDefault("Authorization", "").AsJwt()?.Claims.GetValueOrDefault("oid", context.Request.IpAddress) ?? context.Request.IpAddress)',
    );
    expect(limit).to.include({
      "tokens-per-minute": "5000",
      "token-quota": "1000000",
      "token-quota-period": "Monthly",
      "estimate-prompt-tokens": "false",
    });
  });

  it("emits token metrics with subscription, API and client dimensions", () => {
    const metric = policy().inbound["llm-emit-token-metric"] as { namespace: string; dimension: Node[] };
    expect(metric.namespace).to.equal("azure-ai-failover");
    expect(metric.dimension.map((d) => d.name)).to.deep.equal(["Subscription ID", "API ID", "Client IP"]);
  });

  it("sends every request to the backend pool", () => {
    expect(policy().inbound["set-backend-service"]).to.deep.equal({ "backend-id": "pool-models" });
  });

  it("picks the pool by gateway region in multi-region mode", () => {
    const choose = policy({
      pools: {
        byRegion: [
          { regionDisplayName: "East US 2", poolId: "pool-eus2" },
          { regionDisplayName: "Central US", poolId: "pool-cus" },
        ],
      },
    }).inbound.choose as { when: Node[]; otherwise: Node };
    expect(
      choose.when.map((w) => [w.condition, (w["set-backend-service"] as Node)["backend-id"]]),
    ).to.deep.equal([
      ['@(context.Deployment.Region == "East US 2")', "pool-eus2"],
      ['@(context.Deployment.Region == "Central US")', "pool-cus"],
    ]);
    expect(choose.otherwise["set-backend-service"]).to.deep.equal({ "backend-id": "pool-eus2" });
  });

  it("retries 429 and 503 with exponential backoff: interval, max-interval and delta all set, bounded", () => {
    const retry = policy().backend.retry as Node;
    expect(retry).to.deep.include({
      condition: "@(context.Response.StatusCode == 429 || context.Response.StatusCode == 503)",
      count: "2",
      interval: "1",
      "max-interval": "30",
      delta: "2",
      "first-fast-retry": "true",
    });
    expect(retry["forward-request"]).to.deep.equal({ "buffer-request-body": "true" });
  });

  it("keeps <base /> in inbound, outbound and on-error", () => {
    const p = policy();
    for (const section of [p.inbound, p.outbound, p["on-error"]]) expect(section).to.have.property("base");
  });
});

describe("resolveRetry", () => {
  it("defaults the count to the backends in the pool, at least two", () => {
    expect(resolveRetry(undefined, 3).count).to.equal(3);
    expect(resolveRetry(undefined, 1).count).to.equal(2);
  });
  it("takes every option", () => {
    expect(
      resolveRetry(
        { count: 5, intervalSeconds: 2, maxIntervalSeconds: 60, deltaSeconds: 4, firstFastRetry: false },
        2,
      ),
    ).to.deep.equal({
      count: 5,
      intervalSeconds: 2,
      maxIntervalSeconds: 60,
      deltaSeconds: 4,
      firstFastRetry: false,
    });
  });
  const fails: [string, Parameters<typeof resolveRetry>[0], string, RegExp][] = [
    ["a count of 0", { count: 0 }, "retry.count", /from 1 to 50, but got 0/],
    ["a count of 51", { count: 51 }, "retry.count", /but got 51/],
    [
      "an interval above max-interval",
      { intervalSeconds: 40, maxIntervalSeconds: 30 },
      "retry.intervalSeconds",
      /retry\.intervalSeconds \(40\) cannot exceed retry\.maxIntervalSeconds \(30\)/,
    ],
    ["a zero delta (no backoff)", { deltaSeconds: 0 }, "retry.deltaSeconds", /from 0\.1 to 300, but got 0/],
  ];
  for (const [what, settings, argument, message] of fails) {
    it(`fails on ${what}`, () =>
      expect(() => resolveRetry(settings, 2))
        .to.throw(InvalidArgumentError, message)
        .with.property("argument", argument));
  }
});

describe("circuit breaker", () => {
  it("trips on 429 and 5xx, honours Retry-After, for a minute by default", () => {
    expect(circuitBreakerRule(resolveCircuitBreaker(undefined))).to.deep.equal({
      rules: [
        {
          name: "overload-or-failure",
          failureCondition: {
            count: 3,
            interval: "PT1M",
            statusCodeRanges: [
              { min: 429, max: 429 },
              { min: 500, max: 599 },
            ],
          },
          tripDuration: "PT1M",
          acceptRetryAfter: true,
        },
      ],
    });
  });
  it("takes a configured trip duration, count and window", () => {
    expect(
      resolveCircuitBreaker({
        tripDuration: "PT5M",
        failureCount: 1,
        failureInterval: "PT10S",
        acceptRetryAfter: false,
      }),
    ).to.deep.equal({
      failureCount: 1,
      failureInterval: "PT10S",
      tripDuration: "PT5M",
      acceptRetryAfter: false,
    });
  });
  for (const bad of ["1m", "60", "PT", "P", "PT1.5.5S"]) {
    it(`rejects the trip duration ${JSON.stringify(bad)}`, () => {
      expect(() => resolveCircuitBreaker({ tripDuration: bad }))
        .to.throw(
          InvalidArgumentError,
          `circuitBreaker.tripDuration must be an ISO 8601 duration such as "PT1M" (one minute) or "PT30S", but got "${bad}".`,
        )
        .with.property("argument", "circuitBreaker.tripDuration");
    });
  }
  it("reads ISO durations as seconds", () => {
    expect(isoDurationSeconds("PT1M")).to.equal(60);
    expect(isoDurationSeconds("PT1H30S")).to.equal(3630);
    expect(isoDurationSeconds("P1D")).to.equal(86400);
  });
});

describe("resolveTokenLimit", () => {
  const fails: [string, Parameters<typeof resolveTokenLimit>[0], string, RegExp][] = [
    ["a zero limit", { tokensPerMinute: 0 }, "tokenLimit.tokensPerMinute", /but got 0/],
    ["a negative limit", { tokensPerMinute: -5 }, "tokenLimit.tokensPerMinute", /but got -5/],
    [
      "an unknown counter key",
      { counterKey: "ip" as never },
      "tokenLimit.counterKey",
      /"subscription" or "caller-identity", but got "ip"/,
    ],
    [
      "a bad quota period",
      { quota: { tokens: 10, period: "Daily-ish" as never } },
      "tokenLimit.quota.period",
      /must be one of Hourly, Daily/,
    ],
    ["a zero quota", { quota: { tokens: 0, period: "Daily" } }, "tokenLimit.quota.tokens", /but got 0/],
  ];
  for (const [what, settings, argument, message] of fails) {
    it(`fails on ${what}`, () =>
      expect(() => resolveTokenLimit(settings))
        .to.throw(InvalidArgumentError, message)
        .with.property("argument", argument));
  }
});
