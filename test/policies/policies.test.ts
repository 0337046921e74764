import * as fs from "fs";
import { expect } from "chai";
import * as path from "path";
import { CheckedResource, checkedResources, planProgram, resilienceChecks, runChecks } from "../../src";
import { toPulumiPolicies } from "../../src/policies/pulumi";
import { WarmStandbyAiPlatform } from "../../src";
import { record } from "../../src/testing";

const root = path.resolve(__dirname, "../..");
let baseline: CheckedResource[];

/** The violations that fail a deployment. */
const mandatory = (found: ReturnType<typeof runChecks>) =>
  found.filter((v) => v.enforcementLevel === "mandatory");

/**
 * The advisories the reference platform (production profile) still gets, each a documented exception: the resources
 * it fires on, by name. The README's "Documented exceptions of the reference platform" table gives each one's reason
 * and Microsoft source; a test below holds the two lists together.
 */
const referenceExceptions: Record<string, string[]> = {
  "automation-account-require-customer-managed-key": ["agents-aa-cus", "agents-asr-aa-cus"],
  "automation-account-restrict-public-access": ["agents-aa-cus", "agents-asr-aa-cus"],
  "compute-disk-require-customer-managed-key": ["agents-vm-data-eus2"],
  "compute-vm-enable-encryption-at-host": ["agents-vm-eus2"],
  "data-postgresql-require-custom-maintenance": ["agents-pg-cus"],
  "data-storage-disable-shared-key": ["agents-flowlogs-cus", "agents-flowlogs-eus2"],
  "data-storage-require-blob-soft-delete": [
    "agents-cache-eus2",
    "agents-flowlogs-cus",
    "agents-flowlogs-eus2",
    "agents-rcache-cus",
  ],
  "data-storage-require-blob-versioning": [
    "agents-cache-eus2",
    "agents-flowlogs-cus",
    "agents-flowlogs-eus2",
    "agents-rcache-cus",
  ],
  "data-storage-require-container-soft-delete": [
    "agents-cache-eus2",
    "agents-flowlogs-cus",
    "agents-flowlogs-eus2",
    "agents-rcache-cus",
  ],
  "data-storage-restrict-network-access": ["agents-cache-eus2", "agents-rcache-cus", "agents-runbooks-cus"],
  "models-account-use-customer-managed-key": ["agents-oai-cus", "agents-oai-eus2"],
  "monitor-workspace-restrict-public-access": ["agents-logs-cus"],
  "network-vnet-enable-ddos-protection": ["agents-vnet-cus", "agents-vnet-drill-cus", "agents-vnet-eus2"],
  "recovery-vault-enable-immutability": ["agents-vault"],
};

/** A copy of the compliant baseline with one change made by `mutate`. */
function changed(mutate: (resources: CheckedResource[]) => void): CheckedResource[] {
  const copy = structuredClone(baseline) as CheckedResource[];
  mutate(copy);
  return copy;
}
const one = (resources: CheckedResource[], type: string, name?: string) => {
  const found = resources.find((r) => r.type.endsWith(type) && (name === undefined || r.name === name));
  if (!found) throw new Error(`no ${type} ${name ?? ""} in the baseline`);
  return found as { props: Record<string, any> } & CheckedResource; // eslint-disable-line @typescript-eslint/no-explicit-any
};
const check = (name: string) => resilienceChecks.find((c) => c.name === name)!;
const violations = (name: string, resources: CheckedResource[], settings = {}) =>
  runChecks(resources, settings, [check(name)]).map((v) => v.message);

describe("resilience policies", function () {
  this.timeout(60_000);
  before(async () => {
    baseline = checkedResources((await planProgram({ program: root })).recording);
  });

  it("keeps every policy of version 0.1, so none disappears silently", () => {
    expect(resilienceChecks.map((c) => c.name)).to.include.members([
      "frontdoor-profile-require-standard-premium",
      "frontdoor-origin-group-require-health-probe",
      "frontdoor-origin-group-require-two-regions",
      "frontdoor-route-require-https-redirect",
      "frontdoor-endpoint-require-waf-prevention",
      "frontdoor-failover-budget-within-objective",
      "models-account-disable-local-auth",
      "models-account-restrict-public-access",
      "models-account-require-custom-subdomain",
      "models-deployment-require-two-regions",
      "models-deployment-standby-capacity",
      "gateway-backends-require-pool",
      "gateway-backend-require-circuit-breaker",
      "gateway-retry-require-exponential-backoff",
      "gateway-require-token-limit",
      "network-nsg-rules-match-standby",
      "network-nsg-deny-inbound-any-any-internet",
      "network-firewall-require-zone-redundancy",
      "recovery-tier1-vm-require-replication",
      "recovery-replica-disk-require-premium",
      "recovery-vault-not-in-source-region",
      "automation-service-health-covers-tier1-regions",
      "data-postgresql-require-ha-and-geo",
      "data-postgresql-tier1-require-geo-replica",
      "data-postgresql-restrict-public-access",
      "data-postgresql-require-entra-auth",
      "data-keyvault-require-purge-protection",
      "data-storage-require-redundancy-and-tls",
    ]);
  });

  it("passes the reference platform (our components with default args): no mandatory violation, and only its documented exceptions", () => {
    const found = runChecks(baseline);
    expect(found.filter((v) => v.enforcementLevel === "mandatory")).to.deep.equal([]);
    const byPolicy: Record<string, string[]> = {};
    for (const v of found)
      (byPolicy[v.policy] ??= []).push(baseline.find((r) => r.urn === v.urn)?.name ?? "");
    for (const names of Object.values(byPolicy)) names.sort();
    expect(byPolicy).to.deep.equal(referenceExceptions);
  });

  it("gives every documented exception its reason in the README's known limits", () => {
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
    const start = readme.indexOf("#### Documented exceptions of the reference platform");
    expect(start).to.be.greaterThan(0);
    const table = readme.slice(start, readme.indexOf("\n\n", readme.indexOf("|---", start)));
    const named = [...table.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]).sort();
    expect(named).to.deep.equal(Object.keys(referenceExceptions).sort());
  });

  it("passes the library's own platform tagged tier 1: the standby region needs no failover alert of its own", async () => {
    const recording = await record(() => {
      new WarmStandbyAiPlatform("agents", {
        regions: { primary: "uksouth", standby: "ukwest" },
        tags: { tier: "1" },
        gateway: {
          callers: {
            tenantId: "11111111-2222-3333-4444-555555555555",
            clientApplicationIds: ["aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"],
            audiences: ["api://agents-gateway"],
          },
        },
      });
    });
    const resources = checkedResources(recording);
    expect(mandatory(runChecks(resources))).to.deep.equal([]);
    // A tier-1 resource in a third region, serving, is still flagged.
    const account = resources.find((r) => r.type === "azure-native:cognitiveservices:Account")!;
    const elsewhere = {
      ...account,
      urn: `${account.urn}-copy`,
      props: { ...account.props, location: "westeurope", tags: { tier: "1" } },
    };
    expect(runChecks([...resources, elsewhere]).map((v) => v.message)).to.include(
      "tier-1 resources run in West Europe, but no enabled Service Health alert for it starts a failover runbook.",
    );
    // A group tagged standby exempts what is in it, not the region: a primary beside it is still judged.
    const decoy = {
      ...elsewhere,
      urn: `${account.urn}-decoy`,
      type: "azure-native:resources:ResourceGroup",
      props: { name: "decoy", location: "westeurope", tags: { "failover-role": "standby" } },
    };
    expect(runChecks([...resources, elsewhere, decoy]).map((v) => v.message)).to.include(
      "tier-1 resources run in West Europe, but no enabled Service Health alert for it starts a failover runbook.",
    );
  });

  // One changed field per case, from the compliant baseline.
  const cases: [string, (r: CheckedResource[]) => void, RegExp][] = [
    [
      "frontdoor-profile-require-standard-premium",
      (r) => (one(r, "cdn:Profile").props.sku = { name: undefined }),
      /Front Door profile sku is undefined/,
    ],
    [
      "frontdoor-profile-require-standard-premium",
      (r) =>
        r.push({
          urn: "urn:classic",
          type: "azure-native:network:FrontDoor",
          name: "classic",
          props: {},
          dependencies: [],
        }),
      /Front Door \(classic\) is retiring/,
    ],
    [
      "frontdoor-origin-group-require-health-probe",
      (r) => delete one(r, "AFDOriginGroup").props.healthProbeSettings,
      /has 2 origins but no health probe/,
    ],
    [
      "frontdoor-origin-group-require-health-probe",
      (r) => (one(r, "AFDOriginGroup").props.healthProbeSettings.probeRequestType = "NotSet"),
      /probes with "NotSet": set GET or HEAD explicitly/,
    ],
    [
      "frontdoor-origin-group-require-health-probe",
      (r) => (one(r, "AFDOriginGroup").props.healthProbeSettings.probePath = "/"),
      /probes "\/": probe a dedicated health path/,
    ],
    [
      "frontdoor-origin-group-require-two-regions",
      (r) => (one(r, "AFDOrigin", "agents-fd-origin-centralus").props.enabledState = "Disabled"),
      /has 1 enabled origin\(s\)/,
    ],
    [
      "frontdoor-origin-group-require-two-regions",
      (r) =>
        (one(r, "AFDOrigin", "agents-fd-origin-centralus").props.hostName = one(
          r,
          "AFDOrigin",
          "agents-fd-origin-eastus2",
        ).props.hostName),
      /every enabled origin runs in eastus2/,
    ],
    [
      "frontdoor-route-require-https-redirect",
      (r) => {
        one(r, "cdn:Route").props.supportedProtocols = ["Http", "Https"];
        one(r, "cdn:Route").props.httpsRedirect = "Disabled";
      },
      /accepts plain HTTP without redirecting/,
    ],
    [
      "frontdoor-route-require-https-redirect",
      (r) => (one(r, "cdn:Route").props.forwardingProtocol = "MatchRequest"),
      /forwards to origins with "MatchRequest"/,
    ],
    [
      "frontdoor-endpoint-require-waf-prevention",
      (r) => (one(r, "frontdoor:Policy").props.policySettings.mode = "Detection"),
      /not an enabled policy in Prevention mode/,
    ],
    [
      "frontdoor-endpoint-require-waf-prevention",
      (r) => r.splice(r.indexOf(one(r, "cdn:SecurityPolicy")), 1),
      /has no WAF attached/,
    ],
    [
      "frontdoor-failover-budget-within-objective",
      (r) => (one(r, "AFDOriginGroup").props.healthProbeSettings.probeIntervalInSeconds = 30),
      /takes ~90 s .* over the 60 s objective/,
    ],
    [
      "models-account-disable-local-auth",
      (r) => (one(r, "cognitiveservices:Account").props.properties.disableLocalAuth = false),
      /local \(key\) authentication is on/,
    ],
    [
      "models-account-restrict-public-access",
      (r) =>
        Object.assign(one(r, "cognitiveservices:Account").props.properties, {
          publicNetworkAccess: "Enabled",
          networkAcls: { defaultAction: "Allow" },
        }),
      /public network access is "Enabled" with no deny-by-default/,
    ],
    [
      "models-account-require-custom-subdomain",
      (r) => delete one(r, "cognitiveservices:Account").props.properties.customSubDomainName,
      /no custom subdomain/,
    ],
    [
      "models-deployment-require-two-regions",
      (r) => r.splice(r.indexOf(one(r, "cognitiveservices:Deployment", "agents-deploy-chat-cus")), 1),
      /deployment "chat" exists only in eastus2/,
    ],
    [
      "models-deployment-require-two-regions",
      (r) =>
        (one(r, "cognitiveservices:Deployment", "agents-deploy-chat-cus").props.properties.model.version =
          "2024-08-06"),
      /deployment "chat" runs different models across regions \(gpt-4o@2024-11-20 vs gpt-4o@2024-08-06\)/,
    ],
    [
      "models-deployment-standby-capacity",
      (r) => (one(r, "cognitiveservices:Deployment", "agents-deploy-chat-cus").props.sku.capacity = 40),
      /deployment "chat" has 40 against 100 elsewhere \(40%, objective 100%\)/,
    ],
    [
      "gateway-backends-require-pool",
      (r) => r.splice(r.indexOf(one(r, "apimanagement:Backend", "agents-pool-models-eus2")), 1),
      /has 2 backend\(s\) but no pool of two or more/,
    ],
    [
      "gateway-backend-require-circuit-breaker",
      (r) => delete one(r, "apimanagement:Backend", "agents-backend-cus-eus2").props.circuitBreaker,
      /backend agents-backend-cus-eus2 in pool agents-pool-models-eus2 has no circuit breaker/,
    ],
    [
      "gateway-backend-require-circuit-breaker",
      (r) =>
        (one(
          r,
          "apimanagement:Backend",
          "agents-backend-cus-eus2",
        ).props.circuitBreaker.rules[0].acceptRetryAfter = false),
      /ignores Retry-After/,
    ],
    [
      "gateway-retry-require-exponential-backoff",
      (r) => {
        const policy = one(r, "apimanagement:ApiPolicy", "agents-policy-eus2");
        policy.props.value = (policy.props.value as string)
          .replace(/ max-interval="[^"]*" delta="[^"]*"/, "")
          .replace(/interval="[^"]*"/, 'interval="0"');
      },
      /retry in agents-policy-eus2 has no max-interval, delta: that is a fixed interval, not exponential backoff/,
    ],
    [
      "gateway-require-token-limit",
      (r) => {
        const policy = one(r, "apimanagement:ApiPolicy", "agents-policy-cus");
        policy.props.value = (policy.props.value as string).replace(/<llm-token-limit[^>]*\/>/, "");
      },
      /gateway agents-apim-cus has no token limit/,
    ],
    [
      "network-nsg-rules-match-standby",
      (r) =>
        (one(r, "NetworkSecurityGroup", "agents-nsg-agents-cus").props.securityRules.find(
          (rule: { name: string }) => rule.name === "AllowHttpsFromVnet",
        ).destinationPortRange = "8443"),
      /NSG agents-nsg-agents-cus \(centralus\) differs from agents-nsg-agents-eus2 \(eastus2\) for role agents-nsg-agents: missing or different AllowHttpsFromVnet; extra or different AllowHttpsFromVnet/,
    ],
    [
      "network-nsg-deny-inbound-any-any-internet",
      (r) =>
        one(r, "NetworkSecurityGroup", "agents-nsg-agents-eus2").props.securityRules.push({
          name: "OpenDoor",
          priority: 300,
          direction: "Inbound",
          access: "Allow",
          protocol: "*",
          sourceAddressPrefix: "*",
          destinationAddressPrefix: "*",
          destinationPortRange: "*",
        }),
      /rule OpenDoor allows any source from the Internet to every port/,
    ],
    [
      "network-firewall-require-zone-redundancy",
      (r) => (one(r, "AzureFirewall", "agents-fw-eus2").props.zones = ["1"]),
      /firewall in eastus2 is in zone 1/,
    ],
    [
      "recovery-tier1-vm-require-replication",
      (r) => r.splice(r.indexOf(one(r, "ReplicationProtectedItem")), 1),
      /tier-1 VM agents-vm-eus2 is not replicated/,
    ],
    [
      "recovery-replica-disk-require-premium",
      (r) =>
        (one(
          r,
          "ReplicationProtectedItem",
        ).props.properties.providerSpecificDetails.vmManagedDisks[1].recoveryTargetDiskAccountType =
          "Standard_LRS"),
      /disk agents-vm-data-eus2[0-9a-f]*: recoveryTargetDiskAccountType is Standard_LRS/,
    ],
    [
      "recovery-vault-not-in-source-region",
      (r) => (one(r, "recoveryservices:Vault", "agents-vault").props.location = "eastus2"),
      /vault agents-vault is in eastus2, a region it protects/,
    ],
    [
      "automation-service-health-covers-tier1-regions",
      (r) =>
        (one(r, "ActivityLogAlert", "agents-service-health").props.condition.allOf[3].containsAny = [
          "Central US",
        ]),
      /tier-1 resources run in East US 2, but no enabled Service Health alert for it starts a failover runbook/,
    ],
    [
      "automation-service-health-covers-tier1-regions",
      (r) => (one(r, "monitor:ActionGroup", "agents-ag").props.automationRunbookReceivers = []),
      /tier-1 resources run in East US 2/,
    ],
    [
      "data-storage-require-redundancy-and-tls",
      (r) => (one(r, "storage:StorageAccount", "agents-runbooks-cus").props.sku = { name: "Standard_LRS" }),
      /sku Standard_LRS keeps every copy in one datacenter/,
    ],
    [
      "data-storage-require-redundancy-and-tls",
      (r) => (one(r, "storage:StorageAccount", "agents-runbooks-cus").props.allowBlobPublicAccess = true),
      /public \(anonymous\) blob access is allowed/,
    ],
    [
      "data-storage-require-redundancy-and-tls",
      (r) => (one(r, "storage:StorageAccount", "agents-runbooks-cus").props.minimumTlsVersion = "TLS1_0"),
      /minimum TLS version is "TLS1_0"/,
    ],
  ];
  for (const [policy, mutate, message] of cases) {
    it(`${policy}: ${message.source.slice(0, 60)}`, () => {
      expect(violations(policy, baseline), "baseline").to.deep.equal([]);
      const found = violations(policy, changed(mutate));
      expect(
        found.some((m) => message.test(m)),
        found.join("\n") || "no violation",
      ).to.equal(true);
    });
  }

  describe("data checks (resources our platform does not create)", () => {
    const server = (props: Record<string, unknown>, name = "db"): CheckedResource => ({
      urn: `urn:${name}`,
      type: "azure-native:dbforpostgresql:Server",
      name,
      props: { location: "eastus2", id: `/servers/${name}`, ...props },
      dependencies: [],
    });
    const compliant = server({
      highAvailability: { mode: "ZoneRedundant" },
      backup: { geoRedundantBackup: "Enabled" },
    });

    it("data-postgresql-require-ha-and-geo: passes zone-redundant HA with geo backup, or with a geo replica", () => {
      expect(violations("data-postgresql-require-ha-and-geo", [compliant])).to.deep.equal([]);
      const withReplica = [
        server({ highAvailability: { mode: "ZoneRedundant" } }),
        server(
          { createMode: "Replica", sourceServerResourceId: "/servers/db", location: "centralus" },
          "replica",
        ),
      ];
      expect(violations("data-postgresql-require-ha-and-geo", withReplica)).to.deep.equal([]);
    });
    it("data-postgresql-require-ha-and-geo: fails without zone-redundant HA", () => {
      expect(
        violations("data-postgresql-require-ha-and-geo", [
          server({ backup: { geoRedundantBackup: "Enabled" } }),
        ]),
      ).to.deep.equal(['server db has no zone-redundant HA (mode "Disabled").']);
    });
    it("data-postgresql-require-ha-and-geo: takes a same-zone standby only where Microsoft offers no new zone-redundant HA", () => {
      const sameZone = { highAvailability: { mode: "SameZone" }, backup: { geoRedundantBackup: "Enabled" } };
      // East US 2: "new zone-redundant HA deployments are temporarily blocked" in Microsoft's region table.
      expect(violations("data-postgresql-require-ha-and-geo", [server(sameZone)])).to.deep.equal([]);
      // Central US offers it.
      expect(
        violations("data-postgresql-require-ha-and-geo", [server({ ...sameZone, location: "centralus" })]),
      ).to.deep.equal(['server db has no zone-redundant HA (mode "SameZone").']);
    });
    it("data-postgresql-require-ha-and-geo: fails without geo backup or replica", () => {
      expect(
        violations("data-postgresql-require-ha-and-geo", [
          server({ highAvailability: { mode: "ZoneRedundant" } }),
        ])[0],
      ).to.match(/neither geo-redundant backup nor a replica/);
    });

    const vault = (properties: Record<string, unknown>): CheckedResource => ({
      urn: "urn:kv",
      type: "azure-native:keyvault:Vault",
      name: "kv",
      props: { properties },
      dependencies: [],
    });
    it("data-keyvault-require-purge-protection: passes with purge protection, fails without, or with soft delete off", () => {
      expect(
        violations("data-keyvault-require-purge-protection", [vault({ enablePurgeProtection: true })]),
      ).to.deep.equal([]);
      expect(violations("data-keyvault-require-purge-protection", [vault({})])).to.deep.equal([
        "purge protection is off: a deleted vault or secret can be purged before anyone notices.",
      ]);
      expect(
        violations("data-keyvault-require-purge-protection", [
          vault({ enablePurgeProtection: true, enableSoftDelete: false }),
        ])[0],
      ).to.match(/soft delete is off/);
    });
  });

  it("takes thresholds and enforcement levels from settings, and can disable a policy", () => {
    const slow = changed(
      (r) => (one(r, "AFDOriginGroup").props.healthProbeSettings.probeIntervalInSeconds = 30),
    );
    const budget = resilienceChecks.filter((c) => c.name === "frontdoor-failover-budget-within-objective");
    expect(
      runChecks(
        slow,
        { "frontdoor-failover-budget-within-objective": { maximumDetectionSeconds: 120 } },
        budget,
      ),
    ).to.deep.equal([]);
    const [advisory] = runChecks(
      slow,
      { "frontdoor-failover-budget-within-objective": { enforcementLevel: "advisory" } },
      budget,
    );
    expect(advisory).to.deep.include({
      policy: "frontdoor-failover-budget-within-objective",
      enforcementLevel: "advisory",
      severity: "medium",
    });
    expect(
      runChecks(slow, { "frontdoor-failover-budget-within-objective": "disabled" }, budget),
    ).to.deep.equal([]);
  });

  it("checks a stack that uses none of our components", async () => {
    const plain = checkedResources(
      (await planProgram({ program: path.join(__dirname, "../fixtures/plain-stack") })).recording,
    );
    const found = runChecks(plain);
    // one violation per resource and policy, listing every problem
    expect(
      found.filter((v) => v.enforcementLevel === "mandatory").map((v) => [v.policy, v.resource]),
    ).to.deep.equal([["data-storage-require-redundancy-and-tls", "logs"]]);
    const redundancy = found.find((v) => v.policy === "data-storage-require-redundancy-and-tls")!;
    expect(redundancy.problems.length).to.be.greaterThan(1);
    expect(redundancy.message).to.equal(redundancy.problems.join(" "));
    // the advisories name the storage account's own properties
    expect(found.find((v) => v.policy === "data-storage-disable-shared-key")?.remediation).to.match(
      /allowSharedKeyAccess/,
    );
  });

  describe("as CrossGuard policies", () => {
    const policies = toPulumiPolicies();
    const getConfig = () => ({}) as never;

    it("makes one policy per check with severity, remediation and config schema", () => {
      expect(policies.map((p) => p.name)).to.deep.equal(resilienceChecks.map((c) => c.name));
      const budget = policies.find((p) => p.name === "frontdoor-failover-budget-within-objective")!;
      expect(budget).to.deep.include({ enforcementLevel: "mandatory", severity: "medium" });
      expect(budget.configSchema).to.deep.equal({
        properties: {
          maximumDetectionSeconds: {
            type: "number",
            default: 60,
            description: "Objective for detecting a dead origin, seconds.",
          },
        },
      });
    });

    it("reports a resource violation with the remediation, and skips other types", () => {
      const policy = policies.find(
        (p) => p.name === "models-account-disable-local-auth",
      )! as import("@pulumi/policy").ResourceValidationPolicy;
      const reported: string[] = [];
      const validate = policy.validateResource as (args: unknown, report: (m: string) => void) => void;
      validate(
        {
          type: "azure-native:cognitiveservices:Account",
          urn: "u",
          name: "oai",
          props: { properties: {} },
          getConfig,
        },
        (m) => reported.push(m),
      );
      validate(
        { type: "azure-native:storage:StorageAccount", urn: "s", name: "st", props: {}, getConfig },
        (m) => reported.push(m),
      );
      expect(reported).to.deep.equal([
        "local (key) authentication is on: keys can be copied, leaked and used from anywhere. Fix: Set properties.disableLocalAuth: true and call the models with managed identities (Cognitive Services OpenAI User).",
      ]);
    });

    it("runs a stack policy over the engine's resources, with their dependencies", () => {
      const policy = policies.find(
        (p) => p.name === "models-deployment-require-two-regions",
      )! as import("@pulumi/policy").StackValidationPolicy;
      const account = {
        urn: "urn:a",
        type: "azure-native:cognitiveservices:Account",
        name: "a",
        props: { location: "eastus2" },
        dependencies: [],
      };
      const deployment = {
        urn: "urn:d",
        type: "azure-native:cognitiveservices:Deployment",
        name: "d",
        props: { deploymentName: "chat", properties: { model: { name: "gpt-4o", version: "1" } } },
        dependencies: [account],
      };
      const reported: [string, string | undefined][] = [];
      (policy.validateStack as (args: unknown, report: (m: string, urn?: string) => void) => void)(
        { resources: [account, deployment], getConfig },
        (m, urn) => reported.push([m, urn]),
      );
      expect(reported).to.have.length(1);
      expect(reported[0][0]).to.match(/^deployment "chat" exists only in eastus2/);
      expect(reported[0][1]).to.equal("urn:d");
    });
  });
});

describe("policy-pack/ (what `pulumi preview --policy-pack policy-pack` loads)", function () {
  this.timeout(60_000);

  it("constructs the PolicyPack, which starts serving the engine and prints its port", async () => {
    const { spawn } = await import("child_process");
    const packDir = path.resolve(__dirname, "../../policy-pack");
    const child = spawn(process.execPath, ["index.js"], {
      cwd: packDir,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let errors = "";
    child.stderr.on("data", (d: Buffer) => (errors += d.toString()));
    const port = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no port printed within 45 s: ${errors}`)), 45_000);
      child.stdout.once("data", (d: Buffer) => {
        clearTimeout(timer);
        resolve(d.toString().trim());
      });
      child.once("exit", (code) => reject(new Error(`the pack exited with ${code}: ${errors}`)));
    }).finally(() => child.kill());
    expect(port).to.match(/^\d+$/);
  });
});
