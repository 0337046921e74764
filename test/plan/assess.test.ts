import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../src/cli";
import { planProgram } from "../../src/plan";
import {
  Assessment,
  assess,
  assessExitCode,
  programResources,
  renderAssessmentMarkdown,
  renderAssessmentText,
} from "../../src/plan/assess";
import { parseStackExport, readStackExport, stateSecretMask } from "../../src/plan/state";
import type { CheckedResource } from "../../src/policies/model";

const root = path.resolve(__dirname, "../..");
const fixtures = path.join(__dirname, "../fixtures/assess");
const exportFile = path.join(fixtures, "stack-export.json");

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(args, { write: (s: string) => (out += s) }, { write: (s: string) => (err += s) });
  return { code, out, err };
}

const workload = (a: Assessment, name: string) => {
  const found = a.workloads.find((w) => w.name === name);
  if (!found) throw new Error(`no workload ${name} in ${a.workloads.map((w) => w.name).join(", ")}`);
  return found;
};

describe("assess: a program in one region (fixture written like Pulumi's examples)", () => {
  let a: Assessment;
  before(async () => {
    const plan = await planProgram({ program: path.join(fixtures, "gaps-program") });
    a = assess(programResources(plan.recording), { project: plan.project.name, stack: plan.project.stack });
  });

  it("answers no, naming every unprotected tier-1 workload, and exits 3", () => {
    expect(a.summary.tierOne).to.equal(5);
    expect([...a.summary.tierOneUnprotected].sort()).to.deep.equal([
      "agents-db",
      "agents-openai",
      "chat",
      "vector-store",
    ]);
    expect(assessExitCode(a)).to.equal(3);
  });

  it("judges each workload: region, copy, failover, drill, zones", () => {
    const db = workload(a, "agents-db");
    expect(db.region).to.equal("westeurope");
    expect(db.zones.status).to.equal("yes");
    expect(db.copy.status).to.equal("no");
    expect(db.copy.detail).to.match(/geo-redundant backup only/);
    const docs = workload(a, "agents-docs");
    expect(docs.protected).to.equal(true);
    expect(docs.copy.regions).to.deep.equal(["northeurope"]);
    expect(docs.failover.detail).to.match(/enableAutomaticFailover/);
    expect(docs.drill.status).to.equal("no");
    // The deployment inherits tier 1 from its account.
    expect(workload(a, "chat").tierOne).to.equal(true);
  });

  it("ranks tier 1 first, then by how much is missing; the copy before the failover before the drill", () => {
    const tiers = a.workloads.map((w) => w.tierOne);
    expect(tiers.indexOf(false)).to.be.greaterThan(tiers.lastIndexOf(true));
    expect(a.workloads.at(-1)!.name).to.equal("agentslogs");
    expect(a.workloads.findIndex((w) => w.name === "agents-docs")).to.be.greaterThan(
      a.workloads.findIndex((w) => w.name === "vector-store"),
    );
    const vm = a.gaps.filter((g) => g.workload === "vector-store").map((g) => g.aspect);
    expect(vm).to.deep.equal(["copy", "failover", "drill"]);
    expect(a.gaps.findIndex((g) => !g.tierOne)).to.be.greaterThan(
      a.gaps.map((g) => g.tierOne).lastIndexOf(true),
    );
  });

  it("prints each fix as code with the stack's real names and regions", () => {
    const fix = (name: string, aspect: string) =>
      a.gaps.find((g) => g.workload === name && g.aspect === aspect)!.fix;
    expect(fix("vector-store", "copy")).to.include('new SiteRecovery("vector-store-dr"');
    expect(fix("vector-store", "copy")).to.include(
      'regions: { primary: "westeurope", standby: "northeurope" }',
    );
    expect(fix("vector-store", "copy")).to.match(/vmId: ".*\/virtualMachines\/vector-store"/);
    expect(fix("vector-store", "failover")).to.include("vectorStoreRecovery.recoveryPlanId");
    expect(fix("agents-openai", "copy")).to.include(
      '{ name: "chat", model: { name: "gpt-4o", version: "2024-11-20" }, sku: "GlobalStandard", capacityThousandTpm: 50 }',
    );
    expect(fix("agents-db", "copy")).to.include('createMode: "Replica"');
    expect(fix("agents-db", "copy")).to.include("new PostgresStandby(");
    expect(fix("agentslogs", "copy")).to.include('sku: { name: "Standard_GZRS" }');
  });

  it("prints a fix once, pointing later gaps at it", () => {
    const text = renderAssessmentText(a);
    const n = a.gaps.findIndex((g) => g.workload === "agents-openai" && g.aspect === "copy") + 1;
    expect(text).to.include(`chat (copy)`);
    expect(text).to.include(`fix: the same as gap ${n}`);
    expect(text.match(/new RegionalOpenAi\(/g)).to.have.length(1);
  });
});

describe("assess: a stack export", () => {
  it("reads Pulumi's export format: custom resources only, secrets masked, versioned types normalised", () => {
    const state = readStackExport(exportFile);
    expect(state.stack).to.equal("prod");
    expect(state.project).to.equal("chat-api");
    const types = state.resources.map((r) => r.type);
    expect(types).to.not.include("pulumi:pulumi:Stack");
    expect(types.some((t) => t.startsWith("pulumi:providers:"))).to.equal(false);
    expect(state.resources.map((r) => r.name)).to.not.include("old-logs"); // pending delete
    const db = state.resources.find((r) => r.name === "chat-db")!;
    expect(db.type).to.equal("azure-native:dbforpostgresql:Server");
    expect(db.props.administratorLoginPassword).to.equal(stateSecretMask);
    expect(db.parent).to.match(/pulumi:pulumi:Stack/);
    const apim = state.resources.find((r) => r.name === "chat-apim")!;
    expect(apim.props.identity).to.deep.include({ principalId: "aaaaaaaa-0000-0000-0000-000000000001" });
  });

  it("finds the replica, the Chaos experiment (on the database's NSG, not the database), and the gateway and origin group with no second region", () => {
    const state = readStackExport(exportFile);
    const a = assess(state.resources, { stack: state.stack });
    const db = workload(a, "chat-db");
    expect(db.copy).to.deep.include({ status: "yes", regions: ["norwayeast"] });
    expect(db.failover.status).to.equal("no");
    expect(db.drill.status).to.equal("no");
    expect(a.workloads.map((w) => w.name)).to.not.include("chat-db-replica");
    expect(a.drills).to.deep.equal([
      {
        kind: "chaos-experiment",
        name: "db-outage",
        detail:
          "Chaos Studio experiment, 1 fault action(s) on 1 target(s); it runs when started (nothing in the stack schedules it)",
        covers: [],
      },
    ]);
    const origins = workload(a, "chat-origins");
    expect(origins.tierOne).to.equal(true); // through its profile
    expect(origins.copy.detail).to.equal(
      "1 enabled origin(s), all in swedencentral: nothing to fail over to",
    );
    const fix = a.gaps.find((g) => g.workload === "chat-origins" && g.aspect === "copy")!.fix;
    expect(fix).to.include(
      '{ name: "swedencentral", hostName: "chat-apim.azure-api.net", region: "swedencentral" }',
    );
    expect(fix).to.include('probePath: "/status-0123456789abcdef"');
    expect(a.summary.tierOneUnprotected).to.have.members(["chat-apim", "chat-origins", "chat-db"]);
  });

  it("refuses what is not an export", () => {
    const bad = (json: unknown) => () => parseStackExport(json, "x.json");
    expect(bad([])).to.throw(/x.json is not a Pulumi stack export: no JSON object/);
    expect(bad({ version: 3 })).to.throw(/no "deployment"/);
    expect(bad({ deployment: { resources: {} } })).to.throw(/"deployment.resources" is not a list/);
    expect(bad({ deployment: { resources: [{ type: "x" }] } })).to.throw(/resource 0 has no "urn"/);
    expect(bad({ deployment: { resources: [{ urn: "urn:pulumi:a::b::t::n" }] } })).to.throw(/has no "type"/);
    expect(parseStackExport({ deployment: {} }, "empty.json").resources).to.deep.equal([]);
  });
});

describe("assess: failover automation is judged by roles and Service Health, not by presence", () => {
  const sub = "/subscriptions/00000000-0000-0000-0000-000000000009";
  const rg = (n: string) => `${sub}/resourceGroups/${n}`;
  const r = (type: string, name: string, props: Record<string, unknown>, dependencies: string[] = []) =>
    ({ urn: `urn:pulumi:s::p::${type}::${name}`, type, name, props, dependencies }) as CheckedResource;
  const serverId = `${rg("db")}/providers/Microsoft.DBforPostgreSQL/flexibleServers/orders`;
  const replicaId = `${rg("db")}/providers/Microsoft.DBforPostgreSQL/flexibleServers/orders-cus`;
  const accountId = `${rg("ops")}/providers/Microsoft.Automation/automationAccounts/ops`;
  const base = (regions: string[]) => [
    r("azure-native:dbforpostgresql:Server", "orders", {
      id: serverId,
      location: "eastus2",
      highAvailability: { mode: "ZoneRedundant" },
      tags: { tier: "1" },
    }),
    r("azure-native:dbforpostgresql:Server", "orders-cus", {
      id: replicaId,
      location: "centralus",
      createMode: "Replica",
      sourceServerResourceId: serverId,
    }),
    r("azure-native:automation:AutomationAccount", "ops", {
      id: accountId,
      location: "centralus",
      automationAccountName: "ops",
      identity: { type: "SystemAssigned", principalId: "p-1" },
    }),
    r("azure-native:monitor:ActionGroup", "ag", {
      id: `${rg("ops")}/providers/Microsoft.Insights/actionGroups/ag`,
      automationRunbookReceivers: [{ automationAccountId: accountId, runbookName: "entry" }],
    }),
    r("azure-native:monitor:ActivityLogAlert", "health", {
      enabled: true,
      condition: {
        allOf: [
          { field: "category", equals: "ServiceHealth" },
          { field: "properties.impactedServices[*].ImpactedRegions[*].RegionName", containsAny: regions },
        ],
      },
      actions: {
        actionGroups: [{ actionGroupId: `${rg("ops")}/providers/Microsoft.Insights/actionGroups/ag` }],
      },
    }),
  ];
  const role = (scope: string, actions?: string[], builtIn = "b24988ac-6180-42a0-ab88-20f7382dd24c") => [
    ...(actions
      ? [
          r("azure-native:authorization:RoleDefinition", "def", {
            id: `${sub}/providers/Microsoft.Authorization/roleDefinitions/def`,
            permissions: [{ actions }],
          }),
        ]
      : []),
    r("azure-native:authorization:RoleAssignment", "grant", {
      principalId: "p-1",
      scope,
      roleDefinitionId: actions
        ? `${sub}/providers/Microsoft.Authorization/roleDefinitions/def`
        : `${sub}/providers/Microsoft.Authorization/roleDefinitions/${builtIn}`,
    }),
  ];
  const failover = (resources: CheckedResource[]) => workload(assess(resources), "orders").failover;

  it("counts a role on the replica for an account a Service Health alert for the region wakes", () => {
    expect(failover([...base(["East US 2"]), ...role(replicaId)]).status).to.equal("yes");
    expect(
      failover([
        ...base(["East US 2"]),
        ...role(rg("db"), ["Microsoft.DBforPostgreSQL/flexibleServers/write"]),
      ]).status,
    ).to.equal("yes");
  });
  it("prints FailoverAutomation's databases argument, with the pair's ids, as the fix for a replica nobody promotes", () => {
    const a = assess(base(["East US 2"]));
    const fix = a.gaps.find((g) => g.workload === "orders" && g.aspect === "failover")!.fix;
    expect(fix).to.include("databases: {");
    expect(fix).to.include(`primaryServerId: "${serverId}"`);
    expect(fix).to.include(`replicaServerId: "${replicaId}"`);
  });
  it("not when the alert watches another region", () => {
    const f = failover([...base(["West Europe"]), ...role(replicaId)]);
    expect(f.status).to.equal("no");
    expect(f.detail).to.equal("no Service Health alert for East US 2 wakes a runbook that acts on it");
  });
  it("counts geo-redundant storage as protected only when something may start its account failover", () => {
    const storageId = `${rg("db")}/providers/Microsoft.Storage/storageAccounts/ordersdocs`;
    const account = r("azure-native:storage:StorageAccount", "orders-docs", {
      id: storageId,
      location: "eastus2",
      accountName: "ordersdocs",
      resourceGroupName: "db",
      sku: { name: "Standard_RAGZRS" },
      tags: { tier: "1" },
    });
    const alone = assess([account]);
    const docs = workload(alone, "orders-docs");
    expect(docs.copy.status).to.equal("yes");
    expect(docs.failover.status).to.equal("no");
    expect(docs.failover.detail).to.match(
      /customer-managed account failover, and nothing in the stack starts one/,
    );
    expect(docs.protected).to.equal(false);
    const fix = alone.gaps.find((g) => g.workload === "orders-docs" && g.aspect === "failover")!.fix;
    expect(fix).to.include(
      "https://learn.microsoft.com/azure/storage/common/storage-initiate-account-failover",
    );
    expect(fix).to.include("az storage account failover --name ordersdocs --resource-group db");
    const started = assess([
      account,
      ...base(["East US 2"]),
      ...role(storageId, ["Microsoft.Storage/storageAccounts/failover/action"]),
    ]);
    expect(workload(started, "orders-docs").failover.status).to.equal("yes");
    expect(workload(started, "orders-docs").protected).to.equal(true);
  });
  it("not for a built-in reader role, nor a custom role that only reads", () => {
    // Contributor (b24988ac-...) acts; Reader (acdd72a7-...) only reads
    // (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/general).
    expect(failover([...base(["East US 2"]), ...role(replicaId)]).status).to.equal("yes");
    const reader = failover([
      ...base(["East US 2"]),
      ...role(replicaId, undefined, "acdd72a7-3385-48ef-bd42-f606fba81ae7"),
    ]);
    expect(reader.status).to.equal("no");
    expect(reader.detail).to.match(/holds no role on it or its copy/);
    expect(
      failover([
        ...base(["East US 2"]),
        ...role(replicaId, ["Microsoft.DBforPostgreSQL/flexibleServers/read"]),
      ]).status,
    ).to.equal("no");
  });
  it("not for a subscription-wide custom role whose actions are another provider's", () => {
    const f = failover([...base(["East US 2"]), ...role(sub, ["Microsoft.ResourceHealth/events/read"])]);
    expect(f.status).to.equal("no");
    expect(f.detail).to.match(/holds no role on it or its copy/);
  });
});

describe("assess: a Chaos Studio experiment is a drill only with a fault action on the workload", () => {
  const sub = "/subscriptions/00000000-0000-0000-0000-000000000009/resourceGroups/data";
  const cosmosId = `${sub}/providers/Microsoft.DocumentDB/databaseAccounts/orders`;
  const target = `${cosmosId}/providers/Microsoft.Chaos/targets/Microsoft-CosmosDB`;
  const cosmos: CheckedResource = {
    urn: "urn:pulumi:s::p::azure-native:cosmosdb:DatabaseAccount::orders",
    type: "azure-native:cosmosdb:DatabaseAccount",
    name: "orders",
    props: {
      id: cosmosId,
      location: "eastus2",
      enableAutomaticFailover: true,
      locations: [{ locationName: "East US 2" }, { locationName: "Central US" }],
    },
    dependencies: [],
  };
  // The experiment JSON of https://learn.microsoft.com/azure/chaos-studio/chaos-studio-tutorial-service-direct-cli.
  const experiment = (actions: unknown[]): CheckedResource => ({
    urn: "urn:pulumi:s::p::azure-native:chaos:Experiment::region-failover",
    type: "azure-native:chaos:Experiment",
    name: "region-failover",
    props: {
      properties: {
        selectors: [{ id: "Selector1", type: "List", targets: [{ type: "ChaosTarget", id: target }] }],
        steps: [{ name: "Step1", branches: [{ name: "Branch1", actions }] }],
      },
    },
    dependencies: [],
  });
  const failoverFault = {
    type: "continuous",
    selectorId: "Selector1",
    duration: "PT10M",
    parameters: [{ key: "readRegion", value: "East US 2" }],
    name: "urn:csci:microsoft:cosmosDB:failover/1.0",
  };

  it("counts an experiment whose fault action's selector targets the workload", () => {
    const a = assess([cosmos, experiment([failoverFault])]);
    expect(workload(a, "orders").drill.status).to.equal("yes");
    expect(a.drills[0].covers).to.deep.equal(["orders"]);
  });
  it("not an experiment with no steps, with only a delay, or whose fault uses another selector", () => {
    const delay = { type: "delay", name: "urn:csci:microsoft:chaosStudio:timedDelay/1.0", duration: "PT10M" };
    for (const actions of [[], [delay], [{ ...failoverFault, selectorId: "Selector2" }]]) {
      const a = assess([cosmos, experiment(actions)]);
      expect(workload(a, "orders").drill.status, JSON.stringify(actions)).to.equal("no");
      expect(a.drills[0].covers).to.deep.equal([]);
    }
    expect(assess([cosmos, experiment([])]).drills[0].detail).to.equal(
      "Chaos Studio experiment with no fault action: it tests nothing",
    );
  });
});

describe("assess: API Management reads disableGateway per location", () => {
  const apim = (props: Record<string, unknown>): CheckedResource => ({
    urn: "urn:pulumi:s::p::azure-native:apimanagement:ApiManagementService::gw",
    type: "azure-native:apimanagement:ApiManagementService",
    name: "gw",
    props: { location: "eastus2", sku: { name: "Premium", capacity: 1 }, ...props },
    dependencies: [],
  });
  const copy = (props: Record<string, unknown>) => workload(assess([apim(props)]), "gw").copy;
  const location = (name: string, disableGateway?: boolean) => ({
    location: name,
    sku: { name: "Premium", capacity: 1 },
    ...(disableGateway === undefined ? {} : { disableGateway }),
  });

  it("an enabled additional location is a copy, even when the primary region's gateway is off and another serves", () => {
    expect(copy({ additionalLocations: [location("centralus", false)] })).to.deep.include({
      status: "yes",
      regions: ["centralus"],
    });
    expect(
      copy({ disableGateway: true, additionalLocations: [location("centralus"), location("westus3")] }),
    ).to.deep.include({ status: "yes", regions: ["centralus", "westus3"] });
  });
  it("a disabled additional location is no copy; nor is the one location left serving when the primary's is off", () => {
    const off = copy({ additionalLocations: [location("centralus", true)] });
    expect(off.status).to.equal("no");
    expect(off.detail).to.equal(
      "every additional location's gateway is disabled (gateway disabled in centralus)",
    );
    const primaryOff = copy({ disableGateway: true, additionalLocations: [location("centralus")] });
    expect(primaryOff.status).to.equal("no");
    expect(primaryOff.detail).to.equal(
      "the primary region's gateway is disabled (disableGateway) and only centralus's serves",
    );
  });
});

describe("assess: PostgreSQL zone-redundant HA, where Microsoft offers it", () => {
  const server = (location: string, parent?: string) =>
    ({
      urn: "urn:pulumi:s::p::azure-native:dbforpostgresql:Server::orders",
      type: "azure-native:dbforpostgresql:Server",
      name: "orders",
      props: { location, serverName: "orders-x", highAvailability: { mode: "SameZone" } },
      dependencies: [],
      ...(parent ? { parent } : {}),
    }) as CheckedResource;
  const zonesGap = (r: CheckedResource) =>
    assess([r]).gaps.find((g) => g.workload === "orders" && g.aspect === "zones");

  it("reads n/a, with no gap, where Microsoft's region table offers no zone-redundant HA to new servers", () => {
    // eastus2: "blocked"; canadaeast: "no" (src/database/spec.ts, from Microsoft's regions table).
    const blocked = workload(assess([server("eastus2")]), "orders").zones;
    expect(blocked).to.deep.equal({
      status: "n/a",
      detail:
        "high availability SameZone: Microsoft's region table says new zone-redundant HA deployments are temporarily blocked in eastus2",
    });
    expect(zonesGap(server("eastus2"))).to.equal(undefined);
    expect(workload(assess([server("canadaeast")]), "orders").zones.detail).to.match(
      /offers no zone-redundant HA in canadaeast$/,
    );
  });
  it("is a gap where it is offered, fixed on the component that builds the server", () => {
    expect(workload(assess([server("centralus")]), "orders").zones.status).to.equal("no");
    const raw = zonesGap(server("centralus"))!.fix;
    expect(raw).to.include('highAvailability: { mode: "ZoneRedundant" },');
    expect(raw).to.include("https://learn.microsoft.com/azure/reliability/reliability-database-postgresql");
    const standby = zonesGap(
      server("centralus", "urn:pulumi:s::p::azure-ai-failover:database:PostgresStandby::orders-db"),
    )!.fix;
    expect(standby).to.match(/^\/\/ On the PostgresStandby "orders-db" that builds orders-x:/);
    expect(standby).to.match(/\nhighAvailability: "ZoneRedundant",$/);
    const platform = zonesGap(
      server(
        "centralus",
        "urn:pulumi:s::p::azure-ai-failover:platform:WarmStandbyAiPlatform$azure-ai-failover:database:PostgresStandby::agents",
      ),
    )!.fix;
    expect(platform).to.match(/\ndatabase: \{ highAvailability: "ZoneRedundant" \},$/);
    expect(platform).to.not.include("mode:");
  });
});

describe("assess: AKS node pools, inline or as AgentPool resources", () => {
  const cluster: CheckedResource = {
    urn: "urn:pulumi:s::p::azure-native:containerservice:ManagedCluster::aks",
    type: "azure-native:containerservice:ManagedCluster",
    name: "aks",
    props: {
      location: "eastus2",
      resourceGroupName: "apps",
      resourceName: "aks-eus2",
      agentPoolProfiles: [{ name: "system", mode: "System", availabilityZones: ["1", "2", "3"] }],
    },
    dependencies: [],
  };
  const pool = (availabilityZones?: string[]): CheckedResource => ({
    urn: "urn:pulumi:s::p::azure-native:containerservice:AgentPool::user",
    type: "azure-native:containerservice:AgentPool",
    name: "user",
    props: { resourceGroupName: "apps", resourceName: "aks-eus2", agentPoolName: "user", availabilityZones },
    dependencies: [],
  });
  const zones = (resources: CheckedResource[]) => workload(assess(resources), "aks").zones;

  it("is zone-redundant when every pool, inline and separate, spans zones", () => {
    expect(zones([cluster]).status).to.equal("yes");
    expect(zones([cluster, pool(["1", "2", "3"])]).status).to.equal("yes");
  });
  it("not when a separate user pool has no zones", () => {
    expect(zones([cluster, pool()])).to.deep.equal({
      status: "no",
      detail: "node pools without availabilityZones: user",
    });
  });
});

describe("assess: the reference platform", () => {
  let resources: CheckedResource[];
  before(async () => {
    const plan = await planProgram({ program: root });
    resources = programResources(plan.recording);
  });

  it("protects every tier-1 workload: the VM is replicated and failed over by FailoverAutomation", () => {
    const a = assess(resources);
    expect(a.summary.allTierOneProtected).to.equal(true);
    expect(assessExitCode(a)).to.equal(0);
    const vm = workload(a, "agents-vm-eus2");
    expect(vm.tierOne).to.equal(true);
    expect(vm.copy.detail).to.equal("Site Recovery replication to centralus (agents-item-vector-store)");
    expect(vm.failover.detail).to.match(
      /^Automation account agents-aa-cus\w*, woken by Service Health for East US 2/,
    );
    // The standby side is no workload of its own; nor is Site Recovery's cache.
    expect(a.workloads.map((w) => w.name)).to.have.members([
      "agents-vm-eus2",
      "agents-pg-eus2",
      "agents-apim-eus2",
      "agents-oai-eus2",
      "agents-deploy-chat-eus2",
      "agents-deploy-embeddings-eus2",
      "agents-fd-origins",
    ]);
    expect(a.workloads.every((w) => w.protected)).to.equal(true);
  });

  it("finds the platform's own monthly drill: it covers what it exercises (the plan's VM, the standby models), not the database, gateway or Front Door", () => {
    const a = assess(resources);
    const accountName = String(resources.find((r) => r.name === "agents-aa-cus")!.props.id)
      .split("/")
      .pop();
    expect(a.drills).to.have.length(1);
    expect(a.drills[0].name).to.match(/^agents-jobschedule-drill/);
    expect(a.drills[0].detail).to.match(
      new RegExp(
        `^runbook agents-drill in Automation account ${accountName}, every 1 month: a test failover of recovery plan agents-plan into the drill network, then a probe of the standby models \\(agents-cus-\\w+\\.openai\\.azure\\.com\\)$`,
      ),
    );
    expect(a.drills[0].covers).to.have.members([
      "agents-vm-eus2",
      "agents-oai-eus2",
      "agents-deploy-chat-eus2",
      "agents-deploy-embeddings-eus2",
    ]);
    // The drill never promotes the replica, nor touches API Management or Front Door (worker.py run_drill).
    const drillGaps = a.gaps.filter((g) => g.aspect === "drill");
    expect(drillGaps.map((g) => g.workload)).to.have.members([
      "agents-pg-eus2",
      "agents-apim-eus2",
      "agents-fd-origins",
    ]);
    expect(drillGaps.every((g) => !g.tierOne)).to.equal(true);
    expect(workload(a, "agents-pg-eus2").drill.detail).to.match(
      /^not exercised by the drills found \(agents-jobschedule-drill\w*\)$/,
    );
    expect(drillGaps[0].fix).to.match(
      /^\/\/ No drill of this library exercises agents-\S+: its scheduled drill \(agents-drill\)/,
    );
    expect(a.gaps.filter((g) => g.aspect !== "zones" && g.aspect !== "drill")).to.deep.equal([]);
  });

  it("without the runbook's configuration in the stack, a drill covers the kinds it exercises that its identity may act on", () => {
    const a = assess(
      resources.filter(
        (r) =>
          r.type !== "azure-native:storage:Blob" &&
          r.props.kind !== "azure-ai-failover:automation:RunbookContent",
      ),
    );
    expect(a.drills[0].detail).to.match(
      /\(its configuration is not in the stack: judged by its identity's roles/,
    );
    expect(a.drills[0].covers).to.have.members([
      "agents-vm-eus2",
      "agents-oai-eus2",
      "agents-deploy-chat-eus2",
      "agents-deploy-embeddings-eus2",
    ]);
  });

  it("a drill runbook whose configuration names no drill network covers nothing", () => {
    const drillContent = resources.find((r) => r.name === "agents-runbook-content-drill")!;
    const content = String(drillContent.props.content).replace(
      /^CONFIG = json\.loads\((".*")\)$/m,
      (_line, literal: string) => {
        const config = JSON.parse(JSON.parse(literal) as string) as { recovery: Record<string, unknown> };
        delete config.recovery.drillNetworkId;
        return `CONFIG = json.loads(${JSON.stringify(JSON.stringify(config))})`;
      },
    );
    const a = assess(
      resources.map((r) => (r === drillContent ? { ...r, props: { ...r.props, content } } : r)),
    );
    expect(a.drills[0].covers).to.deep.equal([]);
    expect(a.drills[0].detail).to.match(
      /names no recovery plan and drill network, so it stops before testing anything$/,
    );
    expect(workload(a, "agents-vm-eus2").drill.status).to.equal("no");
  });

  it("until a drill is scheduled, the VM's tier-1 gaps are its drill, fixed by scheduling agents-drill, and its zone", () => {
    const a = assess(resources.filter((r) => r.type !== "azure-native:automation:JobSchedule"));
    const tierOne = a.gaps.filter((g) => g.tierOne);
    expect(tierOne.map((g) => `${g.workload}:${g.aspect}`)).to.deep.equal([
      "agents-vm-eus2:drill",
      "agents-vm-eus2:zones",
    ]);
    expect(tierOne[0].fix).to.include('runbook: { name: "agents-drill" }');
    expect(tierOne[0].fix).to.include('frequency: "Month"');
  });

  it("reads the zone-pinned VM as not zone-resilient: a zones gap of weight 1", () => {
    const a = assess(resources);
    const vm = workload(a, "agents-vm-eus2");
    expect(vm.zones).to.deep.equal({ status: "no", detail: "pinned to zone 1" });
    const gap = a.gaps.find((g) => g.workload === "agents-vm-eus2" && g.aspect === "zones")!;
    expect(gap.fix).to.include(
      "https://learn.microsoft.com/azure/resiliency/goals-recommendations-support-matrix",
    );
    expect(vm.risk).to.equal(100 + 1);
    // A VM with no zone is not judged: Azure places it.
    const regional = assess(
      resources.map((r) =>
        r.name === "agents-vm-eus2" ? { ...r, props: { ...r.props, zones: undefined } } : r,
      ),
    );
    expect(workload(regional, "agents-vm-eus2").zones).to.deep.equal({
      status: "n/a",
      detail: "regional (no zone)",
    });
  });

  it("reads the database's zones as n/a: Microsoft blocks new zone-redundant HA in eastus2, so SameZone is no gap", () => {
    const a = assess(resources);
    const pg = workload(a, "agents-pg-eus2");
    expect(pg.zones.status).to.equal("n/a");
    expect(pg.zones.detail).to.match(/temporarily blocked in eastus2$/);
    expect(a.gaps.filter((g) => g.workload === "agents-pg-eus2").map((g) => g.aspect)).to.deep.equal([
      "drill",
    ]);
  });

  it("says a schedule that no job schedule links to a runbook runs nothing", () => {
    const accountName = String(resources.find((r) => r.name === "agents-aa-cus")!.props.id)
      .split("/")
      .pop();
    const a = assess([
      ...resources,
      {
        urn: "urn:pulumi:dev::p::azure-native:automation:Schedule::lonely",
        type: "azure-native:automation:Schedule",
        name: "lonely",
        props: { automationAccountName: accountName, name: "lonely", frequency: "Month" },
        dependencies: [],
      },
    ]);
    expect(a.notes).to.include(
      `schedule lonely in ${accountName} is linked to no runbook (no JobSchedule): it runs nothing.`,
    );
  });
});

describe("azure-ai-failover assess (CLI)", () => {
  it("prints text and exits 3 when a tier-1 workload is unprotected", async () => {
    const { code, out, err } = await cli("assess", "--state", exportFile);
    expect(code).to.equal(3);
    expect(out).to.match(/^Assessment of chat-api \(stack prod\), from stack export /);
    expect(out).to.include("Are all tier-1 workloads protected in a second region? No: 3 of 3");
    expect(err).to.equal("assess: 3 tier-1 workload(s) unprotected: chat-apim, chat-origins, chat-db\n");
  });

  it("prints Markdown for a pull request with --markdown", async () => {
    const { code, out } = await cli("assess", "--state", exportFile, "--markdown");
    expect(code).to.equal(3);
    expect(out).to.match(/^## Failover readiness: chat-api/);
    expect(out).to.include(
      "| **1** | `chat-db` | PostgreSQL flexible server | swedencentral | yes: read replica in norwayeast |",
    );
    expect(out).to.include('   ```ts\n   import { AiGateway } from "azure-ai-failover";');
  });

  it("prints JSON for tools with --json, and writes both files with --out", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "assess-"));
    const { code, out } = await cli("assess", "--state", exportFile, "--json", "--out", dir);
    expect(code).to.equal(3);
    const doc = JSON.parse(out) as Assessment;
    expect(doc.summary.tierOneUnprotected).to.have.members(["chat-apim", "chat-origins", "chat-db"]);
    expect(doc.gaps[0]).to.have.keys(["workload", "urn", "tierOne", "aspect", "problem", "fix"]);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "assessment.json"), "utf8"))).to.deep.equal(doc);
    expect(fs.readFileSync(path.join(dir, "assessment.md"), "utf8")).to.equal(
      `${renderAssessmentMarkdown(assess(readStackExport(exportFile).resources, { project: "chat-api", stack: "prod", source: `stack export ${exportFile}` }))}\n`,
    );
  });

  it("exits 0 on the reference program", async () => {
    const { code, out, err } = await cli("assess", "--program", root);
    expect(err).to.equal("");
    expect(code).to.equal(0);
    expect(out).to.include(
      "Are all tier-1 workloads protected in a second region? Yes: all 1 tier-1 workload(s)",
    );
  });

  it("exits 3 on the one-region program, with --config taken as plan takes it", async () => {
    const { code, out } = await cli(
      "assess",
      "--program",
      path.join(fixtures, "gaps-program"),
      "--config",
      "location=swedencentral",
    );
    expect(code).to.equal(3);
    expect(out).to.include("[tier 1] vector-store  virtual machine  swedencentral  UNPROTECTED");
  });

  it("exits 1 on a missing or malformed export, saying what is wrong", async () => {
    const missing = await cli("assess", "--state", path.join(fixtures, "nope.json"));
    expect(missing.code).to.equal(1);
    expect(missing.err).to.match(
      /^assess failed: --state .*nope\.json does not exist: write it with `pulumi stack export --file /,
    );
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "assess-"));
    fs.writeFileSync(path.join(dir, "broken.json"), '{"deployment": {"resources": [');
    const broken = await cli("assess", "--state", path.join(dir, "broken.json"));
    expect(broken.code).to.equal(1);
    expect(broken.err).to.match(/^assess failed: .*broken\.json is not valid JSON: /);
    fs.writeFileSync(path.join(dir, "plan.json"), '{"project": "x", "resources": []}');
    const notExport = await cli("assess", "--state", path.join(dir, "plan.json"));
    expect(notExport.code).to.equal(1);
    expect(notExport.err).to.include('is not a Pulumi stack export: no "deployment"');
  });

  it("exits 1 on a program that cannot be planned, as plan does", async () => {
    const { code, err } = await cli("assess", "--program", os.tmpdir());
    expect(code).to.equal(1);
    expect(err).to.match(/^assess failed: no Pulumi.yaml in /);
  });

  it("prints assess's own usage for assess --help, plan's for plan --help, and both with no command", async () => {
    const assessHelp = await cli("assess", "--help");
    expect(assessHelp.code).to.equal(0);
    expect(assessHelp.out).to.match(/^Usage: azure-ai-failover assess \[options\]\n/);
    expect(assessHelp.out).to.not.include("azure-ai-failover plan");
    const planHelp = await cli("plan", "-h");
    expect(planHelp.out).to.match(/^Usage: azure-ai-failover plan \[options\]\n/);
    expect(planHelp.out).to.not.include("azure-ai-failover assess");
    const both = await cli("--help");
    expect(both.out)
      .to.include("Usage: azure-ai-failover plan")
      .and.include("Usage: azure-ai-failover assess");
    // An error is one line, pointing at the command's own help.
    const unknown = await cli("assess", "--stat", exportFile);
    expect(unknown.err)
      .to.include("see `azure-ai-failover assess --help`")
      .and.not.include("azure-ai-failover plan");
  });

  it("exits 2 on bad usage: unknown flags, --state with a program, plan's own flags", async () => {
    const unknown = await cli("assess", "--stat", exportFile);
    expect(unknown.code).to.equal(2);
    expect(unknown.err).to.match(/Unknown option '--stat'/);
    const both = await cli("assess", "--state", exportFile, "--program", root);
    expect(both.code).to.equal(2);
    expect(both.err).to.equal(
      "--state reads a stack export: it does not take --program, --stack, --config or --timeout\n",
    );
    const policy = await cli("assess", "--state", exportFile, "--policy-config", "x.json");
    expect(policy.code).to.equal(2);
    // plan reads a stack export too (test/plan/robustness.test.ts), with the same refusals
    const planState = await cli("plan", "--state", exportFile, "--stack", "prod");
    expect(planState.code).to.equal(2);
  });
});
