import { expect } from "chai";
import { expectConstructionFailure, outputValue } from "../helpers";
import {
  FrontDoorFailover,
  FrontDoorFailoverArgs,
  frontDoorFailoverBudget,
  frontDoorHealthSettings,
  originGroupBudgets,
} from "../../src";
import { Recording, record } from "../../src/testing";

const base: FrontDoorFailoverArgs = {
  resourceGroupName: "rg-global",
  origins: [
    { name: "eastus2", hostName: "agents-eus2.azure-api.net", region: "eastus2" },
    { name: "centralus", hostName: "agents-cus.azure-api.net", region: "centralus" },
  ],
};

async function build(over: Partial<FrontDoorFailoverArgs> = {}) {
  let component: FrontDoorFailover | undefined;
  const recording = await record(() => {
    component = new FrontDoorFailover("agents", { ...base, ...over });
  });
  return { recording, component: component! };
}

describe("frontDoorFailoverBudget", () => {
  it("takes n - x + 1 failed probes to detect and x good ones to restore", () => {
    expect(
      frontDoorFailoverBudget({ probeIntervalSeconds: 30, sampleSize: 4, successfulSamplesRequired: 3 }),
    ).to.deep.include({
      failedProbesToDetect: 2,
      detectSeconds: 60,
      successfulProbesToRestore: 3,
      restoreSeconds: 90,
    });
    expect(
      frontDoorFailoverBudget({ probeIntervalSeconds: 30, sampleSize: 5, successfulSamplesRequired: 3 })
        .detectSeconds,
    ).to.equal(90);
    expect(
      frontDoorFailoverBudget({ probeIntervalSeconds: 10, sampleSize: 2, successfulSamplesRequired: 1 })
        .detectSeconds,
    ).to.equal(20);
  });

  it("explains its arithmetic", () => {
    expect(
      frontDoorFailoverBudget({ probeIntervalSeconds: 10, sampleSize: 4, successfulSamplesRequired: 2 })
        .explanation,
    ).to.equal(
      "an origin is out after 3 failed probes in a row (sample size 4 - 2 successful required + 1) x 10 s = 30 s; " +
        "back in after 2 good probes x 10 s = 20 s (estimate, per edge location)",
    );
  });
});

describe("FrontDoorFailover", () => {
  describe("defaults", () => {
    let recording: Recording;
    let component: FrontDoorFailover;
    before(async () => ({ recording, component } = await build()));

    it("creates a Premium profile, an endpoint, one origin group, two origins, a route, a WAF and its security policy", () => {
      expect(recording.countByType()).to.deep.equal(
        new Map([
          ["azure-native:cdn:AFDEndpoint", 1],
          ["azure-native:cdn:AFDOrigin", 2],
          ["azure-native:cdn:AFDOriginGroup", 1],
          ["azure-native:cdn:Profile", 1],
          ["azure-native:cdn:Route", 1],
          ["azure-native:cdn:SecurityPolicy", 1],
          ["azure-native:frontdoor:Policy", 1],
          ["random:index/randomString:RandomString", 1],
        ]),
      );
      const profile = recording.get("cdn:Profile", "agents-fd");
      expect(profile.inputs).to.deep.include({
        location: "global",
        sku: { name: "Premium_AzureFrontDoor" },
        originResponseTimeoutSeconds: 120,
      });
    });

    it("probes with HTTPS GET (Microsoft's API Management guide) on the gateway health path every 10 s, 2 of 4 samples", () => {
      const group = recording.get("cdn:AFDOriginGroup", "agents-fd-origins");
      expect(group.inputs.healthProbeSettings).to.deep.equal({
        probePath: "/status-0123456789abcdef",
        probeProtocol: "Https",
        probeRequestType: "GET",
        probeIntervalInSeconds: 10,
      });
      expect(group.inputs.loadBalancingSettings).to.deep.equal({
        sampleSize: 4,
        successfulSamplesRequired: 2,
        additionalLatencyInMilliseconds: 50,
      });
      expect(group.inputs.sessionAffinityState).to.equal("Disabled");
    });

    it("makes the first region's origin active (priority 1) and the other passive (priority 2), both in the group", () => {
      const group = recording.get("cdn:AFDOriginGroup", "agents-fd-origins");
      const primary = recording.get("cdn:AFDOrigin", "agents-fd-origin-eastus2");
      const standby = recording.get("cdn:AFDOrigin", "agents-fd-origin-centralus");
      for (const origin of [primary, standby]) {
        expect(origin.inputs.originGroupName).to.equal(group.outputs.name);
        expect(origin.inputs).to.deep.include({
          httpsPort: 443,
          weight: 500,
          enabledState: "Enabled",
          enforceCertificateNameCheck: true,
        });
      }
      expect(primary.inputs).to.deep.include({
        priority: 1,
        hostName: "agents-eus2.azure-api.net",
        originHostHeader: "agents-eus2.azure-api.net",
      });
      expect(standby.inputs).to.deep.include({ priority: 2, hostName: "agents-cus.azure-api.net" });
      expect(standby.dependencies).to.include(primary.urn);
    });

    it("routes /* accepting HTTPS only (no HTTP, not even to redirect), never caches, and points at the origin group", () => {
      const route = recording.get("cdn:Route", "agents-fd-route");
      const endpoint = recording.get("cdn:AFDEndpoint", "agents-fd-endpoint");
      expect(route.inputs).to.deep.include({
        endpointName: endpoint.outputs.name,
        originGroup: { id: recording.get("cdn:AFDOriginGroup", "agents-fd-origins").id },
        patternsToMatch: ["/*"],
        supportedProtocols: ["Https"],
        httpsRedirect: "Disabled",
        forwardingProtocol: "HttpsOnly",
        linkToDefaultDomain: "Enabled",
      });
      expect(route.inputs).not.to.have.property("cacheConfiguration");
      expect(route.dependencies).to.include.members(recording.ofType("cdn:AFDOrigin").map((o) => o.urn));
    });

    it("runs the WAF in Prevention mode with DRS 2.2 and Bot Manager 1.1, and a per-socket flood limit", () => {
      const waf = recording.get("frontdoor:Policy", "agents-waf");
      expect(waf.inputs).to.deep.include({
        policyName: "agentswaf",
        location: "Global",
        sku: { name: "Premium_AzureFrontDoor" },
      });
      expect(waf.inputs.policySettings).to.deep.equal({
        enabledState: "Enabled",
        mode: "Prevention",
        requestBodyCheck: "Enabled",
      });
      expect(waf.inputs.managedRules).to.deep.equal({
        managedRuleSets: [
          { ruleSetType: "Microsoft_DefaultRuleSet", ruleSetVersion: "2.2", ruleSetAction: "Block" },
          { ruleSetType: "Microsoft_BotManagerRuleSet", ruleSetVersion: "1.1" },
        ],
      });
      const [rule] = (waf.inputs.customRules as { rules: Record<string, unknown>[] }).rules;
      expect(rule).to.deep.include({
        ruleType: "RateLimitRule",
        rateLimitDurationInMinutes: 1,
        rateLimitThreshold: 1000,
        action: "Block",
        groupBy: [{ variableName: "SocketAddr" }],
        matchConditions: [{ matchVariable: "RequestUri", operator: "Any", matchValue: [] }],
      });
    });

    it("exposes the profile's Front Door ID (what gateways check in X-Azure-FDID) and its origin timeout", async () => {
      const profile = recording.get("cdn:Profile", "agents-fd");
      expect(await outputValue(component.frontDoorId)).to.equal(profile.outputs.frontDoorId);
      expect(component.originResponseTimeoutSeconds).to.equal(120);
    });

    it("attaches the WAF to the endpoint with a security policy", () => {
      const policy = recording.get("cdn:SecurityPolicy", "agents-fd-waf");
      expect(policy.inputs.parameters).to.deep.equal({
        type: "WebApplicationFirewall",
        wafPolicy: { id: recording.get("frontdoor:Policy", "agents-waf").id },
        associations: [
          {
            domains: [{ id: recording.get("cdn:AFDEndpoint", "agents-fd-endpoint").id }],
            patternsToMatch: ["/*"],
          },
        ],
      });
    });

    it("names the endpoint uniquely and exposes its URL, ids and the failover budget", async () => {
      const endpoint = recording.get("cdn:AFDEndpoint", "agents-fd-endpoint");
      expect(endpoint.inputs.endpointName).to.match(/^agents-[a-z0-9]{6}$/);
      expect(endpoint.inputs.autoGeneratedDomainNameLabelScope).to.equal("TenantReuse");
      expect(await outputValue(component.url)).to.equal(`https://${endpoint.outputs.hostName}`);
      expect(await outputValue(component.originIds.eastus2)).to.equal(
        recording.get("cdn:AFDOrigin", "agents-fd-origin-eastus2").id,
      );
      expect(component.failoverBudget).to.deep.include({ detectSeconds: 30, restoreSeconds: 20 });
    });

    it("is read back by plan's budget from the recorded inputs", () => {
      expect(originGroupBudgets(recording)).to.deep.equal([
        {
          originGroup: "agents-fd-origins",
          detectSeconds: 30,
          restoreSeconds: 20,
          explanation: component.failoverBudget.explanation,
        },
      ]);
    });
  });

  it("spreads traffic by weight in active/active mode", async () => {
    const { recording } = await build({
      mode: "active-active",
      origins: [
        { ...base.origins[0], weight: 700 },
        { ...base.origins[1], weight: 300 },
      ],
    });
    const [a, b] = recording.ofType("cdn:AFDOrigin");
    expect([a.inputs.priority, a.inputs.weight, b.inputs.priority, b.inputs.weight]).to.deep.equal([
      1, 700, 1, 300,
    ]);
  });

  it("takes explicit priorities, host headers, ports and a disabled origin", async () => {
    const { recording } = await build({
      origins: [
        { ...base.origins[0], priority: 1, originHostHeader: "api.contoso.com", httpsPort: 8443 },
        { ...base.origins[1], priority: 3, enabled: false },
      ],
    });
    expect(recording.get("cdn:AFDOrigin", "agents-fd-origin-eastus2").inputs).to.deep.include({
      originHostHeader: "api.contoso.com",
      httpsPort: 8443,
    });
    expect(recording.get("cdn:AFDOrigin", "agents-fd-origin-centralus").inputs).to.deep.include({
      priority: 3,
      enabledState: "Disabled",
    });
  });

  it("takes faster or slower probes and the budget follows", async () => {
    const { recording, component } = await build({
      probePath: "/healthz",
      probeIntervalSeconds: 30,
      sampleSize: 5,
      successfulSamplesRequired: 3,
    });
    expect(
      (
        recording.get("cdn:AFDOriginGroup", "agents-fd-origins").inputs.healthProbeSettings as Record<
          string,
          unknown
        >
      ).probePath,
    ).to.equal("/healthz");
    expect(component.failoverBudget).to.deep.include({ detectSeconds: 90, restoreSeconds: 90 });
  });

  it("reaches origins over Private Link on Premium", async () => {
    const { recording } = await build({
      origins: [
        {
          ...base.origins[0],
          privateLink: {
            resourceId: "/subscriptions/s/resourceGroups/r/providers/Microsoft.ApiManagement/service/a",
            groupId: "Gateway",
            location: "eastus2",
          },
        },
        base.origins[1],
      ],
    });
    expect(
      recording.get("cdn:AFDOrigin", "agents-fd-origin-eastus2").inputs.sharedPrivateLinkResource,
    ).to.deep.equal({
      privateLink: { id: "/subscriptions/s/resourceGroups/r/providers/Microsoft.ApiManagement/service/a" },
      groupId: "Gateway",
      privateLinkLocation: "eastus2",
      requestMessage: "Front Door agents to origin eastus2",
    });
  });

  it("adds custom domains with managed certificates to the route and the WAF", async () => {
    const { recording, component } = await build({ customDomains: ["agents.contoso.com"] });
    const domain = recording.get("cdn:AFDCustomDomain", "agents-fd-domain-agents-contoso-com");
    expect(domain.inputs).to.deep.include({
      hostName: "agents.contoso.com",
      tlsSettings: { certificateType: "ManagedCertificate", minimumTlsVersion: "TLS12" },
    });
    expect(recording.get("cdn:Route", "agents-fd-route").inputs.customDomains).to.deep.equal([
      { id: domain.id },
    ]);
    const params = recording.get("cdn:SecurityPolicy", "agents-fd-waf").inputs.parameters as {
      associations: { domains: { id: string }[] }[];
    };
    expect(params.associations[0].domains.map((d) => d.id)).to.include(domain.id);
    expect(await outputValue(component.customDomainValidationTokens["agents.contoso.com"])).to.match(
      /^[0-9a-f]{32}$/,
    );
  });

  it("keeps only the rate-limit rule on Standard, which has no managed rule sets", async () => {
    const { recording } = await build({ sku: "Standard_AzureFrontDoor", rateLimitPerMinute: 300 });
    const waf = recording.get("frontdoor:Policy", "agents-waf");
    expect(waf.inputs).not.to.have.property("managedRules");
    expect(
      (waf.inputs.customRules as { rules: { rateLimitThreshold: number }[] }).rules[0].rateLimitThreshold,
    ).to.equal(300);
    expect(waf.inputs.sku).to.deep.equal({ name: "Standard_AzureFrontDoor" });
  });

  it("tunes the WAF: Detection mode, prompt-field exclusions, and a shared egress exempt from the per-socket limit", async () => {
    const { recording } = await build({
      wafMode: "Detection",
      wafExclusions: [
        { matchVariable: "RequestBodyJsonArgNames", selectorMatchOperator: "Equals", selector: "messages" },
      ],
      rateLimitExemptAddresses: ["20.1.2.3/32"],
    });
    const waf = recording.get("frontdoor:Policy", "agents-waf");
    expect((waf.inputs.policySettings as { mode: string }).mode).to.equal("Detection");
    const [drs] = (waf.inputs.managedRules as { managedRuleSets: Record<string, unknown>[] }).managedRuleSets;
    expect(drs.exclusions).to.deep.equal([
      { matchVariable: "RequestBodyJsonArgNames", selectorMatchOperator: "Equals", selector: "messages" },
    ]);
    const [rule] = (waf.inputs.customRules as { rules: Record<string, unknown>[] }).rules;
    expect(rule.matchConditions).to.deep.equal([
      {
        matchVariable: "SocketAddr",
        operator: "IPMatch",
        negateCondition: true,
        matchValue: ["20.1.2.3/32"],
      },
    ]);
  });

  describe("fails at construction, registering nothing, on", () => {
    const two = base.origins;
    const cases: [string, Partial<FrontDoorFailoverArgs>, string, RegExp][] = [
      [
        "an origin host name that is a URL",
        { origins: [{ ...two[0], hostName: "https://agents-eus2.azure-api.net/" }, two[1]] },
        "origins[0].hostName",
        /must be a host name such as "agents-eus2\.azure-api\.net", but got "https:\/\/agents-eus2\.azure-api\.net\/": no scheme, port or path/,
      ],
      [
        "an unknown WAF mode",
        { wafMode: "Block" as "Detection" },
        "wafMode",
        /must be "Prevention" or "Detection"/,
      ],
      [
        "an exempt address that is not IPv4",
        { rateLimitExemptAddresses: ["agents"] },
        "rateLimitExemptAddresses[0]",
        /must be an IPv4 address or CIDR/,
      ],
      [
        "a WAF exclusion on an unknown variable",
        { wafExclusions: [{ matchVariable: "Body", selectorMatchOperator: "Equals", selector: "messages" }] },
        "wafExclusions[0].matchVariable",
        /must be one of RequestHeaderNames/,
      ],
      [
        "a probe interval of 0",
        { probeIntervalSeconds: 0 },
        "probeIntervalSeconds",
        /from 1 to 255, but got 0/,
      ],
      [
        "a probe interval above 255",
        { probeIntervalSeconds: 256 },
        "probeIntervalSeconds",
        /from 1 to 255, but got 256/,
      ],
      [
        "more successful samples than samples",
        { sampleSize: 2, successfulSamplesRequired: 3 },
        "successfulSamplesRequired",
        /successfulSamplesRequired \(3\) cannot exceed sampleSize \(2\)/,
      ],
      [
        "a priority of 6",
        { origins: [{ ...two[0], priority: 6 }, two[1]] },
        "origins[0].priority",
        /from 1 to 5, but got 6/,
      ],
      [
        "a weight of 0",
        { origins: [two[0], { ...two[1], weight: 0 }] },
        "origins[1].weight",
        /from 1 to 1000, but got 0/,
      ],
      [
        "a weight above 1000",
        { origins: [two[0], { ...two[1], weight: 1001 }] },
        "origins[1].weight",
        /but got 1001/,
      ],
      [
        "a single origin",
        { origins: [two[0]] },
        "origins",
        /at least two origins \(one per region\) for Front Door to fail over, but got \["eastus2"\]/,
      ],
      [
        "all origins in one region",
        { origins: [two[0], { ...two[1], region: "eastus2" }] },
        "origins",
        /origins are all in eastus2: put at least one origin in another region/,
      ],
      [
        "a probe path without a slash",
        { probePath: "healthz" },
        "probePath",
        /must start with "\/", such as "\/status-0123456789abcdef", but got "healthz"/,
      ],
      [
        "an unknown origin region",
        { origins: [two[0], { ...two[1], region: "central-us" }] },
        "origins[1].region",
        /did you mean "centralus"/,
      ],
      [
        "duplicate origin names",
        { origins: [two[0], { ...two[1], name: "eastus2" }] },
        "origins[1].name",
        /is used by another origin/,
      ],
      [
        "active/passive with equal priorities",
        { origins: [two[0], { ...two[1], priority: 1 }] },
        "origins",
        /nothing is passive/,
      ],
      [
        "Private Link on Standard",
        {
          sku: "Standard_AzureFrontDoor",
          origins: [
            { ...two[0], privateLink: { resourceId: "/x", groupId: "Gateway", location: "eastus2" } },
            two[1],
          ],
        },
        "origins[0].privateLink",
        /needs sku "Premium_AzureFrontDoor"/,
      ],
      ["classic Front Door", { sku: "Standard_Microsoft" as never }, "sku", /classic Front Door is retiring/],
      [
        "an invalid custom domain",
        { customDomains: ["Agents.Contoso"] },
        "customDomains[0]",
        /lower-case host name/,
      ],
      [
        "an origin timeout above 240 s",
        { originResponseTimeoutSeconds: 300 },
        "originResponseTimeoutSeconds",
        /from 16 to 240/,
      ],
      [
        "a missing resource group",
        { resourceGroupName: "" },
        "resourceGroupName",
        /resourceGroupName is required/,
      ],
    ];
    for (const [what, over, argument, message] of cases) {
      it(what, () =>
        expectConstructionFailure(
          () => new FrontDoorFailover("agents", { ...base, ...over }),
          argument,
          message,
        ),
      );
    }
  });

  it("frontDoorHealthSettings applies the documented defaults", () => {
    expect(frontDoorHealthSettings({})).to.deep.equal({
      probePath: "/status-0123456789abcdef",
      probeIntervalSeconds: 10,
      sampleSize: 4,
      successfulSamplesRequired: 2,
      additionalLatencyMilliseconds: 50,
    });
  });

  it("plan reports a group without probes as such", async () => {
    const recording = await record(async () => {
      const cdn = await import("@pulumi/azure-native/cdn");
      new cdn.AFDOriginGroup("bare", { resourceGroupName: "rg", profileName: "fd" });
    });
    const [budget] = originGroupBudgets(recording);
    expect(budget).to.deep.include({ originGroup: "bare", detectSeconds: null });
    expect(budget.explanation).to.include("no health probe settings");
  });
});
