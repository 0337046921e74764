import { expect } from "chai";
import { XMLParser } from "fast-xml-parser";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PlanError, loadProject, planDocument, planProgram, plainSecretWarning, renderTree } from "../../src";
import { main } from "../../src/cli";

const root = path.resolve(__dirname, "../..");
const fixture = (name: string) => path.join(__dirname, "../fixtures", name);

/** Runs the CLI in-process, capturing what it prints. */
async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(args, { write: (s: string) => (out += s) }, { write: (s: string) => (err += s) });
  return { code, out, err };
}

describe("loadProject", () => {
  it("reads the root project: its main, and config defaults declared in Pulumi.yaml", () => {
    const project = loadProject(root);
    expect(project.name).to.equal("azure-ai-failover");
    expect(project.entry).to.equal(path.join(root, "examples/reference/index.ts"));
    expect(project.stack).to.equal("dev");
    expect(project.config).to.include({
      "azure-ai-failover:primaryRegion": "eastus2",
      "azure-ai-failover:standbyRegion": "centralus",
      "azure-ai-failover:namePrefix": "agents",
    });
  });

  it("overlays the only stack file on the defaults, and keeps secure values secret", () => {
    const project = loadProject(fixture("plain-stack"));
    expect(project.stack).to.equal("prod");
    expect(project.config["plain-stack:location"]).to.equal("northeurope");
    expect(project.secretKeys).to.deep.equal(["plain-stack:adminPassword"]);
  });

  it("masks a secure value read with config.require, wherever it lands", async () => {
    const plan = await planProgram({ program: fixture("plain-stack") });
    const doc = planDocument(plan);
    expect((doc.outputs as Record<string, unknown>).connection).to.equal("[secret]");
    expect(renderTree(plan)).to.include("  connection: [secret]");
    // And says why that is not enough: the real CLI stores such a value unencrypted.
    expect(doc.warnings).to.deep.equal([plainSecretWarning]);
    expect(renderTree(plan)).to.include(`Warning: ${plainSecretWarning}`);
    const clean = planDocument(await planProgram({ program: root }));
    expect(clean.warnings).to.deep.equal([]);
    expect(JSON.stringify(doc)).not.to.include("offline-placeholder-secret");
  });

  describe("refuses config declarations the Pulumi CLI refuses", () => {
    const project = (config: string) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aaf-config-"));
      fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: p\nruntime: nodejs\nconfig:\n${config}`);
      fs.writeFileSync(path.join(dir, "index.ts"), "export {};\n");
      return dir;
    };
    for (const [what, config, message] of [
      [
        "an unknown type",
        "  count:\n    type: integr\n    default: 2\n",
        /type "integr" is not one the Pulumi CLI accepts.*did you mean "integer"\?/,
      ],
      [
        "a default of another type",
        "  region:\n    type: string\n    default: [1, 2]\n",
        /default \[1,2\] is not of type "string"/,
      ],
      [
        "an array without items",
        "  emails:\n    type: array\n    default: []\n",
        /type "array" needs "items"/,
      ],
    ] as const) {
      it(what, () => expect(() => loadProject(project(config))).to.throw(PlanError, message));
    }
    it("a stack value of another type than declared", () => {
      const dir = project('  emails:\n    type: string\n    default: "[]"\n');
      fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "config:\n  p:emails:\n    - a@example.com\n");
      expect(() => loadProject(dir)).to.throw(
        PlanError,
        /config p:emails is \["a@example.com"\], not of the type "string"/,
      );
    });
    it("while accepting what it accepts", () => {
      const dir = project(
        '  count:\n    type: integer\n    default: 2\n  on:\n    type: boolean\n    default: "true"\n  emails:\n    type: array\n    items:\n      type: string\n    default: []\n',
      );
      expect(loadProject(dir).config).to.deep.include({ "p:count": 2, "p:emails": [], "p:on": "true" });
    });
  });

  it("applies overrides last", () => {
    const project = loadProject(root, { config: { primaryRegion: "westeurope" } });
    expect(project.config["azure-ai-failover:primaryRegion"]).to.equal("westeurope");
  });

  it("fails on a folder without Pulumi.yaml", () => {
    expect(() => loadProject(__dirname)).to.throw(
      PlanError,
      /no Pulumi\.yaml in .*: --program must name the folder/,
    );
  });

  it("fails on declared config that has no value, saying how to set it", () => {
    expect(() => loadProject(fixture("missing-config"))).to.throw(
      PlanError,
      /config "primaryRegion" is required by .*Pulumi\.yaml but not set for stack "dev": run `pulumi config set primaryRegion <value>` or pass --config primaryRegion=<value>/,
    );
  });
});

describe("planProgram", () => {
  it("plans the reference program: a resource group and a mirrored network per region", async () => {
    const plan = await planProgram({ program: root });
    const vnets = plan.recording.ofType("network:VirtualNetwork");
    expect(vnets.map((v) => [v.name, v.location]).sort()).to.deep.equal([
      ["agents-vnet-cus", "centralus"],
      ["agents-vnet-drill-cus", "centralus"],
      ["agents-vnet-eus2", "eastus2"],
    ]);
    expect(plan.recording.ofType("network:AzureFirewall")).to.have.length(2);
    const accounts = plan.recording.ofType("cognitiveservices:Account");
    expect(accounts.map((a) => a.location).sort()).to.deep.equal(["centralus", "eastus2"]);
    expect(plan.recording.ofType("cognitiveservices:Deployment")).to.have.length(4);
    // Two model endpoints, the drill's, the vault's two, and the database's three (each server, the replica's drill one).
    expect(plan.recording.ofType("network:PrivateEndpoint")).to.have.length(8);
    // The agents' state: a server in the primary, its read replica in the standby.
    expect(
      plan.recording
        .ofType("dbforpostgresql:Server")
        .map((s) => [s.name, s.location, s.inputs.createMode ?? "Default"])
        .sort(),
    ).to.deep.equal([
      ["agents-pg-cus", "centralus", "Replica"],
      ["agents-pg-eus2", "eastus2", "Default"],
    ]);
    // Front Door fronts the two gateways and probes their health endpoint.
    const services = plan.recording.ofType("apimanagement:ApiManagementService");
    const origins = plan.recording.ofType("cdn:AFDOrigin");
    expect(origins.map((o) => o.inputs.hostName).sort()).to.deep.equal(
      services.map((s) => `${s.inputs.serviceName}.azure-api.net`).sort(),
    );
    const probe = plan.recording.ofType("cdn:AFDOriginGroup")[0].inputs.healthProbeSettings as {
      probePath: string;
    };
    expect(probe.probePath).to.equal("/status-0123456789abcdef");
    // Front Door lives in the standby region's group, writable when the primary region is down.
    expect(plan.recording.ofType("cdn:Profile")[0].inputs.resourceGroupName).to.equal("agents-rg-cus");
    // Site Recovery protects the example VM: its disks by id, the data disk onto Premium SSD v2.
    const item = plan.recording.ofType("ReplicationProtectedItem")[0];
    const details = (item.inputs.properties as { providerSpecificDetails: Record<string, unknown> })
      .providerSpecificDetails;
    expect(details.fabricObjectId).to.equal(plan.recording.ofType("compute:VirtualMachine")[0].id);
    const disks = details.vmManagedDisks as { diskId: string; recoveryTargetDiskAccountType: string }[];
    // Premium SSD by default; Premium SSD v2 targets need High Churn's Premium block blob cache.
    expect(disks.map((d) => d.recoveryTargetDiskAccountType)).to.deep.equal(["Premium_LRS", "Premium_LRS"]);
    expect(disks[1].diskId).to.equal(plan.recording.ofType("compute:Disk")[0].id);
    // The failover runbook knows the real origins, deployments and recovery plan of this platform.
    const worker = plan.recording.find("agents-runbook-content-failover")!.inputs.content as string;
    const config = JSON.parse(JSON.parse(/CONFIG = json\.loads\((".*")\)/.exec(worker)![1]));
    const originIds = plan.recording.ofType("cdn:AFDOrigin").map((o) => o.id);
    expect([config.frontDoor.primaryOriginId, config.frontDoor.standbyOriginId]).to.have.members(originIds);
    expect(config.frontDoor.primaryOriginId).to.match(/\/origins\/eastus2$/);
    expect(config.standbyDeployments.map((d: { capacity: number }) => d.capacity)).to.deep.equal([100, 50]);
    expect(config.recovery.planId).to.equal(plan.recording.ofType("ReplicationRecoveryPlan")[0].id);
    expect(disks[0].diskId).to.match(
      /\/resourceGroups\/agents-rg-eus2\/providers\/Microsoft\.Compute\/disks\/agents-vm-os-eus2$/,
    );
    const groups = plan.recording.ofType("azure-native:resources:ResourceGroup");
    expect(groups.map((g) => [g.name, g.location])).to.deep.equal([
      ["agents-rg-eus2", "eastus2"],
      ["agents-rg-cus", "centralus"],
      ["agents-rg-drill-cus", "centralus"],
    ]);
    expect(groups[1].inputs.tags).to.deep.equal({
      "managed-by": "azure-ai-failover",
      workload: "agents",
      "failover-role": "standby",
    });
  });

  it("takes model deployments from config", async () => {
    const plan = await planProgram({
      program: root,
      config: {
        modelDeployments: JSON.stringify([
          { name: "reasoning", model: { name: "o4-mini", version: "2025-04-16" }, capacityThousandTpm: 20 },
        ]),
      },
    });
    const deployments = plan.recording.ofType("cognitiveservices:Deployment");
    expect(deployments.map((d) => d.inputs.deploymentName)).to.deep.equal(["reasoning", "reasoning"]);
  });

  it("follows config overrides", async () => {
    const plan = await planProgram({
      program: root,
      config: { standbyRegion: "westus3", namePrefix: "bots" },
    });
    expect(plan.recording.ofType("ResourceGroup").map((g) => g.name)).to.deep.equal([
      "bots-rg-eus2",
      "bots-rg-wus3",
      "bots-rg-drill-wus3",
    ]);
  });

  it("plans a stack that uses none of our components, with its stack config", async () => {
    const plan = await planProgram({ program: fixture("plain-stack") });
    const account = plan.recording.get("storage:StorageAccount", "logs");
    expect(account.location).to.equal("northeurope");
    expect(account.secretPaths).to.deep.equal(["tags.note"]);
  });

  it("fails with the program's error when the program throws", async () => {
    const error = await planProgram({ program: fixture("throwing") }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(PlanError);
    expect((error as Error).message).to.match(
      /^the program failed at .*throwing\/src\/index\.ts:1:7: database password not found/,
    );
  });

  it("fails on a syntax error with the program's file, line and column", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aaf-syntax-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: syn\nruntime: nodejs\nmain: index.ts\n");
    fs.writeFileSync(path.join(dir, "index.ts"), "const a = 1;\nconst b = ;\nexport { a, b };\n");
    const error = await planProgram({ program: dir }).catch((e: unknown) => e);
    // Line 2, column 11, in the program's own file: our transpiler writes `file:2:11`, ts-node (which the tests
    // run under) `file(2,11)`.
    expect((error as Error).message).to.match(/index\.ts(:2:11|\(2,11\)).*Expression expected\./);
  });

  it("names the config key the user set when the reference program rejects a value", async () => {
    for (const [setting, key, argument] of [
      ["failoverGatewayCapacity=-2", "failoverGatewayCapacity", "gateway.capacity"],
      ["siteRecoveryChurn=extreme", "siteRecoveryChurn", "churn"],
      ["primaryRegion=east-us-2", "primaryRegion", "config.primary"],
      ["agentsSubnet=10.99.0.0/24", "agentsSubnet", "subnets[0].addressPrefix"],
    ]) {
      const [name, value] = setting.split("=");
      const error = await planProgram({ program: root, config: { [name]: value } }).catch((e: unknown) => e);
      expect((error as Error).message).to.include(
        `config "${key}" is not usable (fix it with \`pulumi config set ${key} <value>\`): ${argument}`,
      );
    }
  });

  it("fails with the component's message on bad arguments", async () => {
    const error = await planProgram({ program: fixture("bad-args") }).catch((e: unknown) => e);
    expect((error as Error).message).to.include(
      '"east-us-2" is not an Azure region; did you mean "eastus2"?',
    );
  });
});

describe("plan report", () => {
  it("prints the tree with counts by type and the stack outputs", async () => {
    const text = renderTree(await planProgram({ program: root }));
    expect(text).to.include("Plan for azure-ai-failover (stack dev): 293 resources in 10 components");
    expect(text).to.include(
      "agents  azure-ai-failover:network:MirroredNetwork\n├─ agents-dns-drill-privatelink-cognitiveservices-azure-com",
    );
    expect(text).to.include("agents-rg-eus2  azure-native:resources:ResourceGroup  (eastus2)");
    expect(text).to.match(/Resources by type\n {2}azure-native:apimanagement:Api +2\n/);
    expect(text).to.match(/\n {2}azure-native:cognitiveservices:Account +2\n/);
    // no mandatory violation, and how much of the stack the policies judged
    expect(text).to.match(
      /\nPolicies: (no violations|0 mandatory, \d+ advisory violation\(s\)) \(\d+ of \d+ Azure resources judged\)\n/,
    );
    expect(text).to.include(
      "\n\nFailover budget (estimates)\n  Front Door detects a dead region (agents-fd-origins)       ~30 s",
    );
    expect(text).to.match(/\n {2}azure-native:network:AzureFirewall +2\n/);
    expect(text).to.match(/\n {2}azure-native:resources:ResourceGroup +3\n/);
    expect(text).to.include("primaryRegion: eastus2");
  });

  it("draws children under their component", async () => {
    const plan = await planProgram({ program: fixture("plain-stack") });
    // The fixture has no component: every resource is a root.
    expect(
      renderTree(plan)
        .split("\n")
        .filter((l) => l.startsWith("├─") || l.startsWith("└─")),
    ).to.deep.equal([]);
  });

  it("builds one JSON document with the documented fields and secrets masked", async () => {
    const doc = planDocument(await planProgram({ program: fixture("plain-stack") }));
    expect(doc.project).to.equal("plain-stack");
    expect(doc.summary).to.deep.equal({
      resources: 2,
      components: 0,
      byType: { "azure-native:resources:ResourceGroup": 1, "azure-native:storage:StorageAccount": 1 },
    });
    const account = doc.resources.find((r) => r.name === "logs")!;
    expect(Object.keys(account)).to.deep.equal([
      "urn",
      "type",
      "name",
      "parent",
      "location",
      "inputs",
      "dependencies",
    ]);
    expect(account.inputs.tags).to.deep.equal({ owner: "data-team", note: "[secret]" });
    expect(account.dependencies).to.deep.equal([doc.resources.find((r) => r.name === "data")!.urn]);
    expect(JSON.stringify(doc)).not.to.include("offline-placeholder-secret");
    expect((doc.outputs as Record<string, unknown>).secretOut).to.equal("[secret]");
  });
});

describe("azure-ai-failover plan (CLI)", () => {
  it("prints valid JSON with --json", async () => {
    const { code, out } = await cli("plan", "--program", root, "--json");
    expect(code).to.equal(0);
    const doc = JSON.parse(out);
    expect(doc.policies.mandatory).to.equal(0);
    expect(
      doc.policies.violations.filter((v: { enforcementLevel: string }) => v.enforcementLevel !== "advisory"),
    ).to.deep.equal([]);
    // how much of the stack the policies judged, and what no policy reads
    expect(doc.policies.coverage.resources).to.equal(275);
    expect(doc.policies.coverage.judged).to.be.greaterThan(40);
    expect(doc.policies.coverage.uncoveredTypes[0]).to.have.keys(["type", "count"]);
    expect(doc.failoverBudget.stages.map((s: { stage: string }) => s.stage)).to.deep.equal([
      "Front Door detects a dead region (agents-fd-origins)",
      "Front Door returns to a healed region (agents-fd-origins)",
      "Gateway moves a request off a backend answering 429",
      "Gateway moves a request off a hung backend",
      "Service Health incident starts the failover runbook",
      "Site Recovery fails over agents-plan (1 VM)",
      "PostgreSQL promotes agents-pg-cus to primary",
    ]);
    expect(doc.diagram.startsWith("flowchart LR")).to.equal(true);
    type Row = { urn: string; type: string; parent: string | null };
    const rows = doc.resources as Row[];
    expect(doc.summary.resources).to.equal(
      rows.filter((r) => !r.type.startsWith("azure-ai-failover:")).length,
    );
    const components = rows.filter((r) => r.type.startsWith("azure-ai-failover:")).map((r) => r.urn);
    expect(components).to.have.length(doc.summary.components).and.to.have.length(10);
    // Everything but the program's own resource groups and example VM belongs to one of our components.
    const orphans = rows.filter(
      (r) => !r.type.startsWith("azure-ai-failover:") && !components.includes(r.parent ?? ""),
    );
    expect(orphans.map((r) => r.type).sort()).to.deep.equal([
      "azure-native:compute:Disk",
      "azure-native:compute:VirtualMachine",
      "azure-native:network:NetworkInterface",
      "azure-native:resources:ResourceGroup",
      "azure-native:resources:ResourceGroup",
      "azure-native:resources:ResourceGroup",
      "random:index/randomPassword:RandomPassword",
      "random:index/randomPassword:RandomPassword",
      "random:index/randomPassword:RandomPassword",
    ]);
    // The VM's generated admin password never appears in the plan.
    const vm = doc.resources.find((r: { type: string }) => r.type === "azure-native:compute:VirtualMachine");
    expect(vm.inputs.osProfile.adminPassword).to.equal("[secret]");
    expect(doc.stack).to.equal("dev");
  });

  it("takes --stack and repeated --config", async () => {
    const { code, out } = await cli(
      "plan",
      "--program",
      root,
      "--stack",
      "staging",
      "--config",
      "primaryRegion=westeurope",
      "--config",
      "standbyRegion=northeurope",
    );
    expect(code).to.equal(0);
    expect(out).to.include("(stack staging)");
    expect(out).to.include("agents-rg-weu  azure-native:resources:ResourceGroup  (westeurope)");
  });

  it("exits 3 on mandatory policy violations, listing them by severity with the fix", async () => {
    const { code, out, err } = await cli("plan", "--program", fixture("plain-stack"));
    expect(code).to.equal(3);
    // one violation per resource and policy, listing every problem
    expect(err).to.equal("plan: 1 mandatory policy violation(s)\n");
    expect(out).to.include(
      "Policies: 1 mandatory, 5 advisory violation(s) (1 of 2 Azure resources judged)\n  not judged by any policy: azure-native:resources:ResourceGroup (1)\n  MEDIUM\n",
    );
    expect(out).to.include(
      "    [mandatory] data-storage-require-redundancy-and-tls (logs): sku Standard_LRS keeps every copy in one datacenter: use ZRS, GRS or GZRS. minimum TLS version is",
    );
    expect(out).to.include("      fix: Use a ZRS, GRS or GZRS sku");
  });

  it("takes per-policy settings from --policy-config", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aaf-policy-config-"));
    const file = path.join(dir, "policy-config.json");
    fs.writeFileSync(
      file,
      JSON.stringify({ "data-storage-require-redundancy-and-tls": { enforcementLevel: "advisory" } }),
    );
    const { code, out } = await cli("plan", "--program", fixture("plain-stack"), "--policy-config", file);
    expect(code).to.equal(0);
    expect(out).to.include("Policies: 0 mandatory, 6 advisory violation(s)");
    fs.writeFileSync(file, "{ not json");
    expect((await cli("plan", "--program", fixture("plain-stack"), "--policy-config", file)).code).to.equal(
      2,
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("shows the platform's profile: --config profile=mission-critical in the text, dev in the JSON", async function () {
    this.timeout(180_000);
    const text = await cli("plan", "--program", root, "--config", "profile=mission-critical");
    expect(text.code).to.equal(0);
    expect(text.out.split("\n")[1]).to.equal('Profile: mission-critical (WarmStandbyAiPlatform "agents")');
    expect(text.out).to.match(/agents-ddos-cus +azure-native:network:DdosProtectionPlan/);
    const json = await cli("plan", "--program", root, "--config", "profile=dev", "--json");
    expect(json.code).to.equal(0);
    const doc = JSON.parse(json.out);
    expect(doc.profiles).to.deep.equal([{ platform: "agents", profile: "dev" }]);
    expect(
      doc.resources.some((r: { type: string }) => r.type === "azure-native:dbforpostgresql:Server"),
    ).to.equal(false);
    const bad = await cli("plan", "--program", root, "--config", "profile=gold");
    expect(bad.code).to.equal(1);
    expect(bad.err).to.match(
      /config\.profile must be one of "dev", "production", "mission-critical", but got "gold"/,
    );
  });

  it("prints Markdown with the violations, the budget and a Mermaid diagram for a pull request", async () => {
    const { code, out } = await cli("plan", "--program", root, "--format", "markdown");
    expect(code).to.equal(0);
    expect(out).to.match(
      /^## Plan: azure-ai-failover \(stack `dev`\)\n\nProfile: production \(WarmStandbyAiPlatform "agents"\)\n\n\d+ resources in \d+ components\. \*\*Policies: (no violations|0 mandatory, \d+ advisory violation\(s\)) \(\d+ of \d+ Azure resources judged\)\.\*\*/,
    );
    expect(out).to.include("| Front Door detects a dead region (agents-fd-origins) | ~30 s |");
    expect(out).to.include(
      "| Gateway moves a request off a backend answering 429 | ~0 s (the first 429 trips the breaker; the retry goes to the next backend at once) |",
    );
    const diagram = /```mermaid\n([\s\S]*?)```/.exec(out)![1];
    expect(diagram).to.match(/^flowchart LR\n {2}subgraph global\["Global"\]/);
    expect(diagram).to.include('subgraph eastus2["East US 2"]');
  });

  it("writes plan.json, plan.md and an SVG topology with --out", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aaf-plan-out-"));
    const { code } = await cli("plan", "--program", root, "--out", dir);
    expect(code).to.equal(0);
    expect(fs.readdirSync(dir).sort()).to.deep.equal(["plan.json", "plan.md", "topology.svg"]);
    const svgText = fs.readFileSync(path.join(dir, "topology.svg"), "utf8");
    const doc = new XMLParser({ ignoreAttributes: false }).parse(svgText) as { svg: { g: unknown[] } };
    const json = JSON.parse(fs.readFileSync(path.join(dir, "plan.json"), "utf8"));
    // One box per kind of resource and region: the diagram's nodes, merged by subgraph and label.
    const kinds = new Set<string>();
    let region = "";
    for (const line of (json.diagram as string).split("\n")) {
      const subgraph = /^ {2}subgraph (\S+)\[/.exec(line);
      if (subgraph) region = subgraph[1];
      const node = /^ {4}n\d+\["([^"]+)<br\/>/.exec(line);
      if (node) kinds.add(`${region}|${node[1]}`);
    }
    expect(doc.svg.g).to.have.length(kinds.size);
    expect(svgText).to.include(">Front Door endpoint</text>");
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("exits 2 with a clear message when --out cannot be written", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "aaf-out-")), "a-file");
    fs.writeFileSync(file, "");
    const { code, err } = await cli(
      "plan",
      "--program",
      fixture("plain-stack"),
      "--out",
      path.join(file, "dir"),
    );
    expect(code).to.equal(2);
    expect(err).to.match(/^--out .*a-file\/dir cannot be written: /);
  });

  it("checks --out before planning: nothing is printed when it cannot be written", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "aaf-out-")), "a-file");
    fs.writeFileSync(file, "");
    const { code, out } = await cli("plan", "--program", fixture("plain-stack"), "--out", file);
    expect(code).to.equal(2);
    expect(out).to.equal("");
  });

  it("refuses a --stack that is not one of the project's stack files, as bad usage", async () => {
    const { code, err, out } = await cli("plan", "--program", fixture("plain-stack"), "--stack", "prdo");
    expect(code).to.equal(2);
    expect(out).to.equal("");
    expect(err).to.match(/has no Pulumi\.prdo\.yaml; its stacks are prod: pass one of them to --stack/);
  });

  it("exits 1 with a clear message when the program cannot be planned", async () => {
    const { code, err } = await cli("plan", "--program", fixture("missing-config"));
    expect(code).to.equal(1);
    expect(err).to.match(/^plan failed: config "primaryRegion" is required/);
  });

  it("exits 2 on bad usage", async () => {
    expect((await cli("deploy")).code).to.equal(2);
    expect((await cli("plan", "--config", "novalue")).err).to.include(
      '--config takes key=value, but got "novalue"',
    );
    expect((await cli("plan", "--frobnicate")).code).to.equal(2);
  });
});
