import { expect } from "chai";
import { expectConstructionFailure, outputValue, platformCallers, protectedVm } from "../helpers";
import {
  InvalidArgumentError,
  WarmStandbyAiPlatform,
  WarmStandbyAiPlatformArgs,
  checkedResources,
  gatewayHealthPath,
  runChecks,
} from "../../src";
import { Recording, record } from "../../src/testing";

const sub = "/subscriptions/00000000-0000-0000-0000-000000000001";
/** One VM to protect, for the Site Recovery cases. */
const dbVm = protectedVm;
const callers = platformCallers;
/** The args under test, with callers added to any gateway settings (the platform requires them). */
const withCallers = (over: Partial<WarmStandbyAiPlatformArgs>): Partial<WarmStandbyAiPlatformArgs> => ({
  ...over,
  gateway:
    over.gateway === false || (over.gateway && "existing" in over.gateway)
      ? over.gateway
      : { callers, ...(over.gateway ?? {}) },
});

async function build(over: Partial<WarmStandbyAiPlatformArgs> = {}) {
  let platform: WarmStandbyAiPlatform | undefined;
  const recording = await record(() => {
    platform = new WarmStandbyAiPlatform("agents", {
      regions: { primary: "eastus2", standby: "centralus" },
      ...withCallers(over),
    });
  });
  return { recording, platform: platform! };
}
const components = (r: Recording) =>
  r.ofType("azure-ai-failover:platform:WarmStandbyAiPlatform").length +
  r.resources.filter((x) => !x.custom).length;
const workerConfig = (r: Recording) => {
  const text = r.find("agents-runbook-content-failover")!.inputs.content as string;
  return JSON.parse(JSON.parse(/CONFIG = json\.loads\((".*")\)/.exec(text)![1]));
};

describe("WarmStandbyAiPlatform", function () {
  this.timeout(60_000);

  describe("from a few lines: new WarmStandbyAiPlatform('agents', { regions })", () => {
    let recording: Recording;
    let platform: WarmStandbyAiPlatform;
    before(async () => ({ recording, platform } = await build()));

    it("builds every part: network, models, gateways, Front Door, database and failover automation", () => {
      const types = recording.resources
        .filter((r) => !r.custom)
        .map((r) => r.type)
        .sort();
      expect(types).to.deep.equal([
        "azure-ai-failover:automation:FailoverAutomation",
        "azure-ai-failover:database:PostgresStandby",
        "azure-ai-failover:frontdoor:FrontDoorFailover",
        "azure-ai-failover:gateway:AiGateway",
        "azure-ai-failover:monitoring:OperationsAlerts",
        "azure-ai-failover:network:MirroredNetwork",
        "azure-ai-failover:observability:PlatformLogs",
        "azure-ai-failover:openai:RegionalOpenAi",
        "azure-ai-failover:platform:WarmStandbyAiPlatform",
      ]);
      expect(components(recording)).to.be.greaterThan(0);
      expect(
        recording
          .ofType("ResourceGroup")
          .map((g) => g.name)
          .sort(),
      ).to.deep.equal(["agents-rg-cus", "agents-rg-drill-cus", "agents-rg-eus2"]);
    });

    it("passes every mandatory policy of the pack (the advisories are issue 16's production baseline)", () => {
      expect(
        runChecks(checkedResources(recording)).filter((v) => v.enforcementLevel === "mandatory"),
      ).to.deep.equal([]);
    });

    it("has Front Door probe the gateways' health path and point at the two gateways", () => {
      const group = recording.get("cdn:AFDOriginGroup", "agents-fd-origins");
      expect((group.inputs.healthProbeSettings as { probePath: string }).probePath).to.equal(
        gatewayHealthPath,
      );
      const hosts = recording
        .ofType("cdn:AFDOrigin")
        .map((o) => o.inputs.hostName)
        .sort();
      const gateways = recording
        .ofType("ApiManagementService")
        .map((s) => `${s.inputs.serviceName}.azure-api.net`)
        .sort();
      expect(hosts).to.deep.equal(gateways);
      expect(recording.get("cdn:Profile", "agents-fd").inputs.resourceGroupName).to.equal(
        recording.get("ResourceGroup", "agents-rg-cus").outputs.name,
      );
    });

    it("admits only its own Front Door at both gateways, and keeps their timeouts below Front Door's", () => {
      const frontDoorId = recording.get("cdn:Profile", "agents-fd").outputs.frontDoorId as string;
      expect(frontDoorId).to.match(/^[0-9a-f-]{36}$/);
      for (const code of ["eus2", "cus"]) {
        const xml = recording.get("apimanagement:ApiPolicy", `agents-policy-${code}`).inputs.value as string;
        expect(xml).to.contain(`<check-header name="X-Azure-FDID"`);
        expect(xml).to.contain(`<value>${frontDoorId}</value>`);
        expect(xml).to.contain('<forward-request timeout="50"');
      }
      expect(recording.get("cdn:Profile", "agents-fd").inputs.originResponseTimeoutSeconds).to.equal(120);
      expect(platform.gateway!.retry.budgetSeconds).to.be.lessThan(120);
    });

    it("puts the models' private endpoints and the gateways' VNet integration in the network's subnets", () => {
      for (const code of ["eus2", "cus"]) {
        const vnet = recording.get("VirtualNetwork", `agents-vnet-${code}`);
        expect(
          (recording.get("network:PrivateEndpoint", `agents-oai-pe-${code}`).inputs.subnet as { id: string })
            .id,
        ).to.equal(`${vnet.id}/subnets/endpoints`);
        expect(
          recording.get("ApiManagementService", `agents-apim-${code}`).inputs.virtualNetworkConfiguration,
        ).to.deep.equal({
          subnetResourceId: `${vnet.id}/subnets/gateway`,
        });
        expect(
          (
            recording.get("cognitiveservices:Account", `agents-oai-${code}`).inputs.properties as {
              publicNetworkAccess: string;
            }
          ).publicNetworkAccess,
        ).to.equal("Disabled");
      }
    });

    it("gives the drill VNet its own endpoint to the standby models", () => {
      const drill = recording.get("VirtualNetwork", "agents-vnet-drill-cus");
      const pe = recording.get("network:PrivateEndpoint", "agents-oai-pe-drill-cus");
      expect((pe.inputs.subnet as { id: string }).id).to.equal(`${drill.id}/subnets/endpoints`);
      const zones = (
        recording.get("network:PrivateDnsZoneGroup", "agents-oai-pe-drill-dns-cus").inputs
          .privateDnsZoneConfigs as {
          privateDnsZoneId: string;
        }[]
      ).map((c) => recording.byId(c.privateDnsZoneId)?.name);
      expect(zones.sort()).to.deep.equal([
        "agents-dns-drill-privatelink-cognitiveservices-azure-com",
        "agents-dns-drill-privatelink-openai-azure-com",
      ]);
    });

    it("lets agents behind the firewalls call its Front Door endpoint, and exempts their egress IPs from the flood guard", () => {
      const group = recording.get(
        "FirewallPolicyRuleCollectionGroup",
        "agents-fwrcg-azure-ai-failover-endpoints",
      );
      const [collection] = group.inputs.ruleCollections as { rules: { targetFqdns: string[] }[] }[];
      // Only Front Door: the gateways refuse requests that do not come through it.
      expect(collection.rules[0].targetFqdns).to.deep.equal([
        recording.get("cdn:AFDEndpoint", "agents-fd-endpoint").outputs.hostName as string,
      ]);
      const waf = recording.ofType("frontdoor:Policy")[0];
      const [rule] = (
        waf.inputs.customRules as {
          rules: { matchConditions: { matchValue: string[]; negateCondition: boolean }[] }[];
        }
      ).rules;
      const firewallIps = recording
        .ofType("PublicIPAddress")
        .filter((ip) => ip.name.startsWith("agents-fw-pip"))
        .map((ip) => ip.outputs.ipAddress as string);
      expect(firewallIps).to.have.length(4);
      expect(rule.matchConditions[0]).to.deep.include({ negateCondition: true });
      expect([...rule.matchConditions[0].matchValue].sort()).to.deep.equal([...firewallIps].sort());
    });

    it("hands the runbooks the real Front Door origins, standby deployments at primary capacity, and the standby gateway", () => {
      const config = workerConfig(recording);
      expect(config.frontDoor.primaryOriginId).to.equal(
        recording.get("cdn:AFDOrigin", "agents-fd-origin-eastus2").id,
      );
      expect(config.frontDoor.standbyOriginId).to.equal(
        recording.get("cdn:AFDOrigin", "agents-fd-origin-centralus").id,
      );
      expect(config.standbyDeployments).to.deep.equal([
        {
          id: recording.get("cognitiveservices:Deployment", "agents-deploy-chat-cus").id,
          capacity: 100,
          baseCapacity: 100,
        },
        {
          id: recording.get("cognitiveservices:Deployment", "agents-deploy-embeddings-cus").id,
          capacity: 50,
          baseCapacity: 50,
        },
      ]);
      // Raised to 2 units on failover, back to the deployed 1 on failback.
      expect(config.standbyGateway).to.deep.equal({
        id: recording.get("ApiManagementService", "agents-apim-cus").id,
        capacity: 2,
        baseCapacity: 1,
      });
      expect(config.frontDoor.standbyOriginHost).to.equal(
        (recording.get("ApiManagementService", "agents-apim-cus").outputs.gatewayUrl as string).replace(
          "https://",
          "",
        ),
      );
      expect(config.watch.primaryRegion).to.deep.equal({ name: "eastus2", displayName: "East US 2" });
    });

    it("exposes the URL, per-region endpoints, the failover budget and the runbook names", async () => {
      expect(await outputValue(platform.url!)).to.match(
        /^https:\/\/agents-[a-z0-9]{6}-[0-9a-f]{16}\.z01\.azurefd\.net$/,
      );
      expect(await outputValue(platform.endpoints.standby.gatewayUrl!)).to.match(
        /^https:\/\/agents-cus-[a-z0-9]{6}\.azure-api\.net$/,
      );
      expect(await outputValue(platform.endpoints.primary.modelEndpoint!)).to.match(
        /^https:\/\/agents-eus2-[a-z0-9]{6}\.openai\.azure\.com\/$/,
      );
      expect(platform.failoverBudget).to.deep.include({ detectSeconds: 30, restoreSeconds: 20 });
      expect(platform.runbookNames).to.deep.equal({
        entry: "agents-alert-entry",
        failover: "agents-failover",
        failback: "agents-failback",
        drill: "agents-drill",
        overloadDrill: "agents-overload-drill",
      });
      expect(platform.notes.join("\n")).to.include("set gateway.publisherEmail");
    });

    it("alerts the operators on exactly its firewalls, gateways, database servers and Front Door, in the standby group", () => {
      const scope = (key: string) =>
        (recording.get("monitor:MetricAlert", `agents-ops-${key}`).inputs.scopes as string[])[0];
      for (const [role, code] of [
        ["primary", "eus2"],
        ["standby", "cus"],
      ]) {
        const firewall = recording.get("network:AzureFirewall", `agents-fw-${code}`).id;
        for (const metric of ["health", "snat", "latency"])
          expect(scope(`firewall-${metric}-${role}`)).to.equal(firewall);
        // StandardV2 gateways: CPU and memory of the gateway, not Capacity (0 on v2 tiers).
        const service = recording.get("ApiManagementService", `agents-apim-${code}`).id;
        expect(scope(`gateway-cpu-${role}`)).to.equal(service);
        expect(scope(`gateway-memory-${role}`)).to.equal(service);
        expect(recording.find(`agents-ops-gateway-capacity-${role}`)).to.equal(undefined);
      }
      const servers = recording.ofType("dbforpostgresql:Server").map((s) => s.id);
      expect([scope("database-alive-primary"), scope("database-alive-replica")].sort()).to.deep.equal(
        servers.sort(),
      );
      expect(scope("frontdoor-origin-health-profile")).to.equal(recording.get("cdn:Profile", "agents-fd").id);
      const group = recording.get("monitor:ActionGroup", "agents-ops");
      expect(group.inputs.resourceGroupName).to.equal(
        recording.get("ResourceGroup", "agents-rg-cus").outputs.name,
      );
      // Nobody named: the subscription's Owners are told, so no alert reaches nobody.
      expect(group.inputs.armRoleReceivers).to.deep.equal([
        { name: "role-1", roleId: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", useCommonAlertSchema: true },
      ]);
      expect(
        recording.get("monitor:ActivityLogAlert", "agents-ops-resource-health").inputs.scopes as string[],
      ).to.have.length(2);
      expect(
        recording
          .ofType("monitor:ActivityLogAlert")
          .filter((a) => a.name.startsWith("agents-ops-service-health-")),
      ).to.have.length(5);
    });

    it("sends the failover automation's people alerts to the operators' group, and starts the runbook from its own", () => {
      const ops = recording.get("monitor:ActionGroup", "agents-ops").id;
      expect(recording.find("agents-people")).to.equal(undefined);
      expect(recording.get("monitor:MetricAlert", "agents-job-failed").inputs.actions).to.deep.equal([
        { actionGroupId: ops },
      ]);
      const failover = recording.get("monitor:ActivityLogAlert", "agents-service-health");
      expect(
        (failover.inputs.actions as { actionGroups: { actionGroupId: string }[] }).actionGroups.map(
          (a) => a.actionGroupId,
        ),
      ).to.deep.equal([recording.get("monitor:ActionGroup", "agents-ag").id, ops]);
      expect(platform.alerts!.actionGroupIds).to.have.length(1);
    });
  });

  describe("alerts", () => {
    it("e-mails automation.alertEmails through one group; families can be turned off and thresholds set", async () => {
      const { recording } = await build({
        automation: { alertEmails: ["oncall@contoso.com"] },
        alerts: {
          firewall: false,
          database: { storagePercent: 80 },
          serviceHealth: { eventTypes: ["Incident"] },
        },
      });
      expect(
        recording
          .ofType("monitor:ActionGroup")
          .map((g) => g.name)
          .sort(),
      ).to.deep.equal(["agents-ag", "agents-ops"]);
      const group = recording.get("monitor:ActionGroup", "agents-ops");
      expect(group.inputs.emailReceivers).to.deep.equal([
        { name: "operator-1", emailAddress: "oncall@contoso.com", useCommonAlertSchema: true },
      ]);
      expect(group.inputs.armRoleReceivers).to.deep.equal([]);
      expect(
        recording.ofType("monitor:MetricAlert").filter((a) => a.name.startsWith("agents-ops-firewall-")),
      ).to.deep.equal([]);
      const storage = recording.get("monitor:MetricAlert", "agents-ops-database-storage-primary");
      expect((storage.inputs.criteria as { allOf: { threshold: number }[] }).allOf[0].threshold).to.equal(80);
      expect(
        recording
          .ofType("monitor:ActivityLogAlert")
          .filter((a) => a.name.startsWith("agents-ops-service-health-"))
          .map((a) => a.name),
      ).to.deep.equal(["agents-ops-service-health-incident"]);
    });

    it("alerts: false builds none, and the automation keeps its own e-mail group", async () => {
      const { recording, platform } = await build({
        alerts: false,
        automation: { alertEmails: ["oncall@contoso.com"] },
      });
      expect(platform.alerts).to.equal(undefined);
      expect(recording.ofType("azure-ai-failover:monitoring:OperationsAlerts")).to.deep.equal([]);
      expect(recording.find("agents-people")).to.not.equal(undefined);
    });
  });

  it("protects VMs with Site Recovery into the network, and lets the runbooks drive the plan", async () => {
    const { recording } = await build({
      gateway: { publisherEmail: "platform@contoso.com" },
      siteRecovery: {
        recoverySubnetName: "agents",
        virtualMachines: [dbVm],
      },
    });
    const item = recording.ofType("ReplicationProtectedItem")[0];
    const details = (
      item.inputs.properties as { providerSpecificDetails: { recoveryAzureNetworkId: string } }
    ).providerSpecificDetails;
    expect(details.recoveryAzureNetworkId).to.equal(recording.get("VirtualNetwork", "agents-vnet-cus").id);
    const config = workerConfig(recording);
    expect(config.recovery.planId).to.equal(recording.ofType("ReplicationRecoveryPlan")[0].id);
    expect(config.recovery.drillNetworkId).to.equal(
      recording.get("VirtualNetwork", "agents-vnet-drill-cus").id,
    );
    // Failback reprotects through the reverse cache in the standby, back into the group the VM came from.
    expect(config.recovery.reprotect.toPrimary).to.deep.equal({
      policyId: recording.ofType("ReplicationPolicy")[0].id,
      recoveryContainerId: recording.get("resources:Resource", "agents-container-eus2").id,
      stagingStorageAccountId: recording.get("storage:StorageAccount", "agents-rcache-cus").id,
      recoveryResourceGroupIds: { db: `${sub}/resourceGroups/app` },
      sendZone: true,
    });
    expect(config.recovery.reprotect.toStandby.stagingStorageAccountId).to.equal(
      recording.get("storage:StorageAccount", "agents-cache-eus2").id,
    );
    // Site Recovery's agent-update jobs that fail alert the operators.
    const jobs = recording.get("monitor:MetricAlert", "agents-ops-runbook-jobs-asr-agent-updates");
    expect(jobs.inputs.scopes).to.deep.equal([
      recording.get("automation:AutomationAccount", "agents-asr-aa-cus").id,
    ]);
    // The vault is reached through a private endpoint in each region's endpoints subnet.
    for (const code of ["eus2", "cus"]) {
      const vnet = recording.get("VirtualNetwork", `agents-vnet-${code}`);
      const pe = recording.get("network:PrivateEndpoint", `agents-asr-pe-${code}`);
      expect((pe.inputs.subnet as { id: string }).id).to.equal(`${vnet.id}/subnets/endpoints`);
    }
    // privateEndpoints: false keeps a vault that already protects VMs without them (Azure refuses them there).
    const { recording: existingVault } = await build({
      gateway: { publisherEmail: "platform@contoso.com" },
      siteRecovery: {
        recoverySubnetName: "agents",
        privateEndpoints: false,
        virtualMachines: [dbVm],
      },
    });
    expect(existingVault.ofType("network:PrivateEndpoint").map((p) => p.name)).not.to.include(
      "agents-asr-pe-eus2",
    );
    // The workload subnets route through the firewalls, which allow Site Recovery's tags.
    expect(
      recording.get("FirewallPolicyRuleCollectionGroup", "agents-fwrcg-azure-ai-failover-platform"),
    ).to.not.equal(undefined);
  });

  it("keeps the agents' state in PostgreSQL: private endpoints in the endpoints subnets, a managed identity as administrator, promoted by the runbook", async () => {
    const { recording, platform } = await build();
    const primary = recording.get("dbforpostgresql:Server", "agents-pg-eus2");
    const replica = recording.get("dbforpostgresql:Server", "agents-pg-cus");
    expect(replica.inputs).to.deep.include({ createMode: "Replica", sourceServerResourceId: primary.id });
    // East US 2 offers no new zone-redundant HA in Microsoft's region table: a same-zone standby, and a note.
    expect(primary.inputs.highAvailability).to.include({ mode: "SameZone" });
    expect(platform.notes.join("\n")).to.match(/zone-redundant high availability in eastus2/);
    // The network gained the PostgreSQL zone; both servers' endpoints register there, the replica's drill one in the drill zone.
    const zone = recording.get(
      "privatedns:PrivateZone",
      "agents-dns-privatelink-postgres-database-azure-com",
    );
    for (const code of ["eus2", "cus"]) {
      const vnet = recording.get("VirtualNetwork", `agents-vnet-${code}`);
      const pe = recording.get("network:PrivateEndpoint", `agents-pg-pe-${code}`);
      expect((pe.inputs.subnet as { id: string }).id).to.equal(`${vnet.id}/subnets/endpoints`);
      expect(
        recording.get("network:PrivateDnsZoneGroup", `agents-pg-pe-dns-${code}`).inputs.privateDnsZoneConfigs,
      ).to.deep.equal([{ name: "privatelink-postgres-database-azure-com", privateDnsZoneId: zone.id }]);
    }
    const drill = recording.get("network:PrivateEndpoint", "agents-pg-pe-drill-cus");
    expect((drill.inputs.subnet as { id: string }).id).to.equal(
      `${recording.get("VirtualNetwork", "agents-vnet-drill-cus").id}/subnets/endpoints`,
    );
    // The administrator is a user-assigned identity in the standby region, the platform's output.
    const identity = recording.get("managedidentity:UserAssignedIdentity", "agents-pg-admin-cus");
    const standbyGroup = recording.get("ResourceGroup", "agents-rg-cus").outputs.name;
    expect(identity.inputs).to.deep.include({
      resourceGroupName: standbyGroup,
      location: "centralus",
      resourceName: "agents-pg-admin",
    });
    expect(
      recording.get("dbforpostgresql:AdministratorsMicrosoftEntra", "agents-pg-admin-agents-pg-admin").inputs,
    ).to.deep.include({
      objectId: (identity.outputs as { principalId: string }).principalId,
      principalName: "agents-pg-admin",
      principalType: "servicePrincipal",
    });
    expect(await outputValue(platform.databaseAdministrator!.id)).to.equal(identity.id);
    // The failover runbook promotes the replica (switchover: the virtual endpoint follows), with a role on both servers.
    expect(workerConfig(recording).databases).to.deep.equal([
      {
        key: "postgres",
        primaryServerId: primary.id,
        replicaServerId: replica.id,
        promoteMode: "Switchover",
        promoteOption: "Auto",
        // Failback turns the primary's high availability back on, as it was built.
        highAvailability: "SameZone",
      },
    ]);
    expect(
      recording
        .ofType("authorization:RoleAssignment")
        .filter((a) => a.name.startsWith("agents-role-databases-"))
        .map((a) => a.inputs.scope)
        .sort(),
    ).to.deep.equal([replica.id, primary.id].sort());
  });

  it("builds the database zone-redundant where the region offers it, with the administrators given, or not at all", async () => {
    const admins = [
      {
        objectId: "11111111-2222-3333-4444-555555555555",
        principalName: "db-admins",
        principalType: "group" as const,
      },
    ];
    const { recording } = await build({
      regions: { primary: "uksouth", standby: "ukwest" },
      database: { administrators: admins },
    });
    expect(recording.get("dbforpostgresql:Server", "agents-pg-uks").inputs.highAvailability).to.include({
      mode: "ZoneRedundant",
    });
    expect(recording.ofType("managedidentity:UserAssignedIdentity").map((i) => i.name)).not.to.include(
      "agents-pg-admin-ukw",
    );
    const none = await build({ database: false });
    expect(none.recording.ofType("dbforpostgresql:Server")).to.have.length(0);
    expect(none.recording.ofType("privatedns:PrivateZone").map((z) => z.name)).not.to.include(
      "agents-dns-privatelink-postgres-database-azure-com",
    );
    expect(workerConfig(none.recording)).not.to.have.property("databases");
    expect(none.platform.database).to.equal(undefined);
  });

  it("records the recovery objectives in Azure Resiliency when asked: the runbook's path with the promotion, over both groups", async () => {
    const { recording, platform } = await build({ resilienceGoals: { serviceGroupName: "agents-platform" } });
    const template = recording.get("azureresiliencemanagement:GoalTemplate", "agents-goal-template");
    // Service Health + runbook start (300 s) + the promotion and capacity (5 min) is longer than Front Door's
    // detection; the replica's recovery point is typically up to 5 minutes. Azure evaluates the zonal part today.
    expect(template.inputs.properties).to.deep.include({
      regionalRecoveryTimeObjective: "PT10M",
      regionalRecoveryPointObjective: "PT5M",
      requireHighAvailability: "Required",
    });
    // Assigned once the platform's resources exist: Azure assesses what the groups hold then.
    const goals = recording.ofType("azure-ai-failover:resilience:ResilienceGoals")[0];
    // (Pulumi expands a dependency on a component into its resources.)
    for (const [type, child] of [
      ["automation:AutomationAccount", "agents-aa-cus"],
      ["dbforpostgresql:Server", "agents-pg-cus"],
      ["ApiManagementService", "agents-apim-eus2"],
    ]) {
      expect(goals.dependencies, child).to.include(recording.get(type, child).urn);
    }
    const members = recording
      .ofType("relationships:ServiceGroupMemberRelationship")
      .map((m) => m.inputs.resourceUri)
      .sort();
    const group = (code: string) => recording.get("ResourceGroup", `agents-rg-${code}`).outputs.name;
    expect(members).to.deep.equal([
      `${sub}/resourceGroups/${String(group("cus"))}`,
      `${sub}/resourceGroups/${String(group("eus2"))}`,
    ]);
    expect(recording.ofType("azureresiliencemanagement:UsagePlan")[0].inputs.resourceGroupName).to.equal(
      group("cus"),
    );
    expect(platform.resilienceGoals).to.not.equal(undefined);

    const withRecovery = await build({
      siteRecovery: { recoverySubnetName: "agents", virtualMachines: [dbVm] },
      resilienceGoals: { serviceGroupName: "agents-platform", failoverMinutes: 20 },
    });
    expect(
      withRecovery.recording.get("azureresiliencemanagement:GoalTemplate", "agents-goal-template").inputs
        .properties,
    ).to.deep.include({
      regionalRecoveryTimeObjective: "PT25M",
      regionalRecoveryPointObjective: "PT5M",
    });
  });

  it("drills on a schedule with Site Recovery, probing the standby models' drill endpoint; drills token overload on the primary's pool", async () => {
    const { recording } = await build({
      siteRecovery: { recoverySubnetName: "agents", virtualMachines: [dbVm] },
    });
    const config = workerConfig(recording);
    const standby = recording.get("cognitiveservices:Account", "agents-oai-cus");
    const host = new URL(
      String(standby.outputs.properties && (standby.outputs.properties as { endpoint: string }).endpoint),
    ).hostname;
    expect(config.drill.modelHosts).to.deep.equal([host]);
    // The standby account really has an endpoint in the drill VNet for that host to resolve to.
    expect(recording.ofType("network:PrivateEndpoint").map((p) => p.name)).to.include(
      "agents-oai-pe-drill-cus",
    );
    expect(
      recording.ofType("automation:JobSchedule").map((j) => (j.inputs.runbook as { name: string }).name),
    ).to.include("agents-drill");
    // The overload drill names the primary gateway's pool and the two backends the pool really holds.
    const pool = recording.get("apimanagement:Backend", "agents-pool-models-eus2");
    const members = (pool.inputs.pool as { services: { id: string; priority: number }[] }).services;
    expect(config.overloadDrill).to.deep.include({
      poolId: pool.id,
      primaryBackendId: members.find((m) => m.priority === 1)!.id,
      members: members.map((m) => ({ id: m.id, priority: m.priority })),
    });
    // With a data boundary, bounded callers use a pool the drill would not drain: no overload drill then.
    const { recording: bounded } = await build({
      gateway: { governance: { dataBoundary: { geographies: ["United States"] } } },
    });
    expect(workerConfig(bounded)).not.to.have.property("overloadDrill");
    // Without Site Recovery there is nothing to test-fail over: no drill schedule.
    const { recording: plain } = await build();
    expect(
      plain.ofType("automation:JobSchedule").map((j) => (j.inputs.runbook as { name: string }).name),
    ).not.to.include("agents-drill");
  });

  it("builds a classic gateway's subnet for a Premium gateway: no delegation, Microsoft's NSG rules, no firewall route", async () => {
    const { recording } = await build({
      gateway: { sku: "Premium", publisherEmail: "platform@contoso.com" },
    });
    for (const code of ["eus2", "cus"]) {
      const vnet = recording.get("VirtualNetwork", `agents-vnet-${code}`);
      const subnet = (vnet.inputs.subnets as Record<string, unknown>[]).find((x) => x.name === "gateway")!;
      expect(subnet).not.to.have.property("delegations");
      expect(subnet).not.to.have.property("routeTable");
      const nsg = recording.get("NetworkSecurityGroup", `agents-nsg-gateway-${code}`);
      const rules = (nsg.inputs.securityRules as Record<string, unknown>[]).map((r) => [
        r.direction,
        r.access,
        r.sourceAddressPrefix,
        r.destinationAddressPrefix,
        r.destinationPortRange ?? r.destinationPortRanges,
      ]);
      expect(rules).to.deep.include.members([
        ["Inbound", "Allow", "Internet", "VirtualNetwork", "443"],
        ["Inbound", "Allow", "ApiManagement", "VirtualNetwork", "3443"],
        ["Inbound", "Allow", "AzureLoadBalancer", "VirtualNetwork", "6390"],
        ["Outbound", "Allow", "VirtualNetwork", "Storage", "443"],
        ["Outbound", "Allow", "VirtualNetwork", "Sql", "1433"],
        ["Outbound", "Allow", "VirtualNetwork", "AzureKeyVault", "443"],
        ["Outbound", "Allow", "VirtualNetwork", "AzureMonitor", ["1886", "443"]],
        ["Inbound", "Deny", "Internet", "*", "*"],
      ]);
      const service = recording.get("ApiManagementService", `agents-apim-${code}`);
      expect(service.inputs.virtualNetworkConfiguration).to.deep.equal({
        subnetResourceId: `${vnet.id}/subnets/gateway`,
      });
      expect(service.inputs.publicIpAddressId).to.equal(
        recording.get("network:PublicIPAddress", `agents-apim-pip-${code}`).id,
      );
    }
  });

  it("switches parts off: no network means public, Entra-only models and no VNet integration; no automation", async () => {
    const { recording, platform } = await build({ network: false, automation: false });
    expect(recording.ofType("VirtualNetwork")).to.have.length(0);
    expect(recording.ofType("automation:AutomationAccount")).to.have.length(0);
    expect(recording.ofType("ApiManagementService")[0].inputs).not.to.have.property(
      "virtualNetworkConfiguration",
    );
    expect(platform.notes.join("\n")).to.include("accept public traffic from any address");
    expect(platform.runbookNames).to.equal(undefined);
  });

  it("opens the gateways themselves to agents behind the firewalls when there is no Front Door", async () => {
    const { recording } = await build({ frontDoor: false });
    const group = recording.get(
      "FirewallPolicyRuleCollectionGroup",
      "agents-fwrcg-azure-ai-failover-endpoints",
    );
    const [collection] = group.inputs.ruleCollections as { rules: { targetFqdns: string[] }[] }[];
    const gateways = recording
      .ofType("ApiManagementService")
      .map((svc) => `${svc.inputs.serviceName}.azure-api.net`);
    expect([...collection.rules[0].targetFqdns].sort()).to.deep.equal(gateways.sort());
  });

  describe("zone-redundant Premium gateways", () => {
    it("per region: failover raises the standby within its pinned zones (3 units, one per zone)", async () => {
      const { recording, platform } = await build({ gateway: { sku: "Premium", zoneRedundant: true } });
      const standby = recording.get("ApiManagementService", "agents-apim-cus");
      expect(standby.inputs).to.deep.include({
        sku: { name: "Premium", capacity: 3 },
        zones: ["1", "2", "3"],
      });
      // The default raise (2) is below the deployed 3 units: the standby already carries 3, a multiple of its zones.
      expect(workerConfig(recording).standbyGateway).to.deep.equal({
        id: standby.id,
        capacity: 3,
        baseCapacity: 3,
      });
      expect(platform.gateway!.zones).to.deep.equal(["1", "2", "3"]);
      // Per region, the automation may scale the standby service, and only it.
      expect(recording.get("authorization:RoleAssignment", "agents-role-gateway").inputs.scope).to.equal(
        standby.id,
      );
    });

    it("premium-multi-region: both locations zone-redundant, and failover does not try to scale the standby", async () => {
      const { recording, platform } = await build({
        gateway: { topology: "premium-multi-region", zoneRedundant: true, capacity: 6 },
      });
      const [service] = recording.ofType("ApiManagementService");
      expect(recording.ofType("ApiManagementService")).to.have.length(1);
      expect(service.inputs).to.deep.include({
        sku: { name: "Premium", capacity: 6 },
        zones: ["1", "2", "3"],
      });
      const [standby] = service.inputs.additionalLocations as Record<string, unknown>[];
      expect(standby).to.deep.include({
        location: "centralus",
        sku: { name: "Premium", capacity: 6 },
        zones: ["1", "2", "3"],
      });
      // The runbook would PATCH the service's own sku (the primary's), and the primary's management plane is what
      // is down: no raise, no role on the service for it, and a note saying so.
      expect(workerConfig(recording)).not.to.have.property("standbyGateway");
      expect(platform.notes.join("\n")).to.include("Failover does not scale the standby gateway");
      expect(recording.find("agents-roledef-gateway")).to.equal(undefined);
      expect(recording.find("agents-role-gateway")).to.equal(undefined);
    });
  });

  it("drops Front Door and the gateways together", async () => {
    const { recording, platform } = await build({ gateway: false, frontDoor: false });
    expect(recording.ofType("ApiManagementService")).to.have.length(0);
    expect(recording.ofType("cdn:Profile")).to.have.length(0);
    expect(platform.url).to.equal(undefined);
    const config = workerConfig(recording);
    expect(config).not.to.have.property("frontDoor");
    expect(config).not.to.have.property("standbyGateway");
  });

  it("takes an existing network, models and gateways instead of building them", async () => {
    const subnet = (region: string, name: string) =>
      `${sub}/resourceGroups/net-${region}/providers/Microsoft.Network/virtualNetworks/hub-${region}/subnets/${name}`;
    const { recording } = await build({
      network: {
        existing: {
          primary: {
            virtualNetworkId: `${sub}/vnets/east`,
            subnetIds: { endpoints: subnet("east", "pe"), gateway: subnet("east", "apim") },
          },
          standby: {
            virtualNetworkId: `${sub}/vnets/central`,
            subnetIds: { endpoints: subnet("central", "pe"), gateway: subnet("central", "apim") },
          },
        },
      },
      models: {
        existing: {
          primary: { endpoint: "https://contoso-east.openai.azure.com/", accountId: `${sub}/accounts/east` },
          standby: {
            endpoint: "https://contoso-central.openai.azure.com/",
            accountId: `${sub}/accounts/central`,
          },
        },
      },
      gateway: { publisherEmail: "platform@contoso.com" },
    });
    expect(recording.ofType("VirtualNetwork")).to.have.length(0);
    expect(recording.ofType("cognitiveservices:Account")).to.have.length(0);
    expect(recording.get("apimanagement:Backend", "agents-backend-cus-eus2").inputs.url).to.equal(
      "https://contoso-central.openai.azure.com/openai",
    );
    expect(
      recording.get("ApiManagementService", "agents-apim-cus").inputs.virtualNetworkConfiguration,
    ).to.deep.equal({ subnetResourceId: subnet("central", "apim") });

    const withGateways = await build({
      network: false,
      models: {
        existing: {
          primary: { endpoint: "https://a/", accountId: "/a" },
          standby: { endpoint: "https://b/", accountId: "/b" },
        },
      },
      gateway: {
        existing: {
          primary: { hostName: "api-east.contoso.com" },
          standby: { hostName: "api-central.contoso.com" },
        },
      },
    });
    expect(withGateways.recording.ofType("ApiManagementService")).to.have.length(0);
    expect(
      withGateways.recording
        .ofType("cdn:AFDOrigin")
        .map((o) => o.inputs.hostName)
        .sort(),
    ).to.deep.equal(["api-central.contoso.com", "api-east.contoso.com"]);
  });

  describe("fails at construction, registering nothing, on", () => {
    const cases: [string, Partial<WarmStandbyAiPlatformArgs>, string, RegExp][] = [
      [
        "a database without a network",
        { network: false, database: {} },
        "database",
        /needs the platform's network for its private endpoints/,
      ],
      [
        "a database in an existing network without the PostgreSQL zone",
        {
          network: {
            existing: {
              primary: { virtualNetworkId: "/v/e", subnetIds: { endpoints: "/v/e/subnets/pe" } },
              standby: { virtualNetworkId: "/v/c", subnetIds: { endpoints: "/v/c/subnets/pe" } },
            },
          },
          database: {},
        },
        "network.existing.privateDnsZoneIds",
        /has no "privatelink.postgres.database.azure.com" zone/,
      ],
      [
        "a Burstable database",
        { database: { skuName: "Standard_B2s" } },
        "skuName",
        /Burstable, which has neither high availability nor read replicas/,
      ],
      [
        "resilience goals with Site Recovery and no failover time",
        {
          siteRecovery: { recoverySubnetName: "agents", virtualMachines: [dbVm] },
          resilienceGoals: { serviceGroupName: "agents-platform" },
        },
        "resilienceGoals.failoverMinutes",
        /required with siteRecovery .* from a drill/,
      ],
      [
        "resilience goals in approval mode with no time objective",
        { automation: { mode: "approval" }, resilienceGoals: { serviceGroupName: "agents-platform" } },
        "resilienceGoals.recoveryTimeObjectiveMinutes",
        /required with automation.mode "approval"/,
      ],
      [
        "resilience goals with no service group",
        { resilienceGoals: {} },
        "serviceGroupName",
        /serviceGroupName|existingServiceGroupId/,
      ],
      [
        "Site Recovery without a network",
        { network: false, siteRecovery: { virtualMachines: [] } },
        "siteRecovery",
        /needs a network to fail over into/,
      ],
      [
        "Front Door without gateways",
        { gateway: false, frontDoor: {} },
        "frontDoor",
        /frontDoor needs gateways to front/,
      ],
      [
        "an unknown region",
        { regions: { primary: "eastus2", standby: "centralus2" } },
        "regions.standby",
        /did you mean "centralus"/,
      ],
      [
        "Site Recovery's vault endpoints with one resource group for both regions",
        {
          resourceGroups: { primary: "rg-all", standby: "rg-all" },
          siteRecovery: {
            recoverySubnetName: "agents",
            virtualMachines: [dbVm],
          },
        },
        "privateEndpoints.privateDnsZoneIds",
        /both are "rg-all".*or privateEndpoints: false/,
      ],
      [
        "a drill DNS group that is the standby's group",
        {
          resourceGroups: { primary: "rg-east", standby: "rg-central" },
          network: { drillResourceGroupName: "rg-central" },
        },
        "drillResourceGroupName",
        /"rg-central" is also a production group/,
      ],
      [
        "Site Recovery's zone among the network's zones",
        {
          network: {
            privateDnsZones: ["privatelink.openai.azure.com", "privatelink.siterecovery.windowsazure.com"],
          },
          siteRecovery: {
            recoverySubnetName: "agents",
            virtualMachines: [dbVm],
          },
        },
        "network.privateDnsZones[1]",
        /which Site Recovery's vault endpoints create per region.*drop it from privateDnsZones/,
      ],
      [
        "a Premium gateway with the v2 (delegated) gateway subnet",
        {
          gateway: { sku: "Premium" },
          network: {
            subnets: [
              { name: "endpoints", addressPrefix: "10.20.2.0/24" },
              { name: "gateway", addressPrefix: "10.20.3.0/24", delegation: "Microsoft.Web/serverFarms" },
            ],
          },
        },
        "network.subnets[1].delegation",
        /is delegated to "Microsoft.Web\/serverFarms", but a Premium gateway is injected into its subnet, which must have no delegation: use injectedGatewaySubnet/,
      ],
      [
        "a failover gateway capacity with a premium-multi-region gateway",
        { gateway: { topology: "premium-multi-region" }, automation: { gatewayCapacity: 4 } },
        "automation.gatewayCapacity",
        /automation\.gatewayCapacity \(4\) cannot be used with gateway\.topology "premium-multi-region".*gateway\.capacity/,
      ],
      [
        "a failover gateway capacity that does not spread over the gateway's pinned zones",
        { gateway: { sku: "Premium", zoneRedundant: true }, automation: { gatewayCapacity: 4 } },
        "automation.gatewayCapacity",
        /automation\.gatewayCapacity 4 does not spread evenly over the gateway's 3 pinned availability zones.*multiple of 3/,
      ],
      [
        "a zone-redundant StandardV2 gateway",
        { gateway: { zoneRedundant: true } },
        "zoneRedundant",
        /cannot be set for sku "StandardV2"/,
      ],
      [
        "a StandardV2 gateway with an undelegated gateway subnet",
        {
          network: { subnets: [{ name: "gateway", addressPrefix: "10.20.3.0/24" }] },
        },
        "network.subnets[0].delegation",
        /must be delegated to "Microsoft.Web\/serverFarms" for a StandardV2 gateway's VNet integration, but got undefined/,
      ],
    ];
    for (const [what, over, argument, message] of cases) {
      it(what, () =>
        expectConstructionFailure(
          () =>
            new WarmStandbyAiPlatform("agents", {
              regions: { primary: "eastus2", standby: "centralus" },
              ...withCallers(over),
            }),
          argument,
          message,
        ),
      );
    }
    it("gateways without callers, naming the argument", () =>
      expectConstructionFailure(
        () => new WarmStandbyAiPlatform("agents", { regions: { primary: "eastus2", standby: "centralus" } }),
        "callers",
        /callers is required, but got undefined/,
      ));
    it("a gateway forward timeout not below Front Door's origin response timeout", () =>
      expectConstructionFailure(
        () =>
          new WarmStandbyAiPlatform("agents", {
            regions: { primary: "eastus2", standby: "centralus" },
            ...withCallers({ frontDoor: { originResponseTimeoutSeconds: 45 } }),
          }),
        "forwardTimeoutSeconds",
        /forwardTimeoutSeconds \(50\) must be below Front Door's originResponseTimeoutSeconds \(45\)/,
      ));
    const children: [string, Partial<WarmStandbyAiPlatformArgs>, string][] = [
      ["models", { models: { deployments: [] } }, "deployments"],
      ["network", { network: { addressSpace: "10.0.0.0/33" } }, "addressSpace"],
      ["gateway", { gateway: { sku: "Consumption" } }, "sku"],
      ["Front Door", { frontDoor: { probeIntervalSeconds: 0 } }, "probeIntervalSeconds"],
      ["automation", { automation: { alertEmails: ["nobody"] } }, "alertEmails[0]"],
      ["alerts", { alerts: { emails: ["nobody"] } }, "emails[0]"],
      ["alerts' thresholds", { alerts: { firewall: { latencyMs: -1 } } }, "firewalls.latencyMs"],
      [
        "Site Recovery",
        {
          siteRecovery: {
            virtualMachines: [
              {
                name: "db",
                vmId: "not-an-id",
                osDisk: { diskId: `${sub}/resourceGroups/a/providers/Microsoft.Compute/disks/d` },
              },
            ],
          },
        },
        "virtualMachines[0].vmId",
      ],
    ];
    for (const [part, over, argument] of children) {
      it(`bad input to the ${part}, naming its argument, before anything is registered`, async () => {
        let error: unknown;
        const recording = await record(() => {
          try {
            new WarmStandbyAiPlatform("agents", {
              regions: { primary: "eastus2", standby: "centralus" },
              ...withCallers(over),
            });
          } catch (e) {
            error = e;
          }
        });
        expect(error).to.be.instanceOf(InvalidArgumentError).with.property("argument", argument);
        expect(recording.resources).to.have.length(0);
      });
    }
  });
});
