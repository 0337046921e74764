import { expect } from "chai";
import { expectConstructionFailure } from "../helpers";
import { WarmStandbyAiPlatform, WarmStandbyAiPlatformArgs, diagnosticSupport } from "../../src";
import { Recording, armTypeOf, record } from "../../src/testing";

const armType = (token: string) => armTypeOf(token)?.type;

const sub = "/subscriptions/00000000-0000-0000-0000-000000000001";
const workspaceId = `${sub}/resourceGroups/ops/providers/Microsoft.OperationalInsights/workspaces/central`;
const callers = {
  tenantId: "11111111-2222-3333-4444-555555555555",
  clientApplicationIds: ["aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"],
  audiences: ["api://agents-gateway"],
};
const dbVm = {
  name: "db",
  vmId: `${sub}/resourceGroups/app/providers/Microsoft.Compute/virtualMachines/db`,
  osDisk: { diskId: `${sub}/resourceGroups/app/providers/Microsoft.Compute/disks/db-os` },
};

const build = (over: Partial<WarmStandbyAiPlatformArgs> = {}) =>
  record(() => {
    new WarmStandbyAiPlatform("agents", {
      regions: { primary: "eastus2", standby: "centralus" },
      gateway: { callers },
      ...over,
    });
  });

/** ARM types of what the diagnostic settings point at, by the ids the mock gives resources. */
const diagnosedTypes = (recording: Recording) =>
  recording.ofType("monitor:DiagnosticSetting").map((s) => {
    const uri = s.inputs.resourceUri as string;
    const blob = uri.endsWith("/blobServices/default");
    const target = recording.byId(blob ? uri.replace(/\/blobServices\/default$/, "") : uri);
    expect(target, uri).to.not.equal(undefined);
    return { setting: s, target: target!, blob };
  });

describe("WarmStandbyAiPlatform observability", function () {
  this.timeout(120_000);

  describe("by default", () => {
    let recording: Recording;
    before(
      async () =>
        (recording = await build({
          siteRecovery: { recoverySubnetName: "agents", virtualMachines: [dbVm] },
        })),
    );

    it("builds one workspace, in the standby region's group, and no per-gateway workspace", () => {
      const workspaces = recording.ofType("operationalinsights:Workspace");
      expect(workspaces.map((w) => w.name)).to.deep.equal(["agents-logs-cus"]);
      expect(workspaces[0].location).to.equal("centralus");
      expect(workspaces[0].inputs.resourceGroupName).to.equal(
        recording.get("ResourceGroup", "agents-rg-cus").outputs.name,
      );
      expect(workspaces[0].inputs.retentionInDays).to.equal(90);
    });

    it("puts the gateways' Application Insights on the platform workspace", () => {
      const workspace = recording.get("Workspace", "agents-logs-cus");
      const components = recording.ofType("applicationinsights:Component");
      expect(components).to.have.length(2);
      for (const c of components) expect(c.inputs.workspaceResourceId).to.equal(workspace.id);
    });

    it("gives every resource of a type with logs or metrics exactly one setting into the workspace", () => {
      const workspace = recording.get("Workspace", "agents-logs-cus");
      const found = diagnosedTypes(recording);
      for (const { setting } of found) expect(setting.inputs.workspaceId).to.equal(workspace.id);
      const diagnosedUrns = found.map((f) => `${f.target.urn}${f.blob ? "#blob" : ""}`);
      expect(new Set(diagnosedUrns).size).to.equal(diagnosedUrns.length);
      // Every resource whose ARM type has a row gets one; storage accounts get one on their blob service.
      const expected = recording.resources.filter((r) => {
        if (!r.custom) return false;
        const arm = armType(r.type);
        return arm === "Microsoft.Storage/storageAccounts" || (arm !== undefined && arm in diagnosticSupport);
      });
      expect(diagnosedUrns.sort()).to.deep.equal(
        expected
          .map((r) => `${r.urn}${armType(r.type) === "Microsoft.Storage/storageAccounts" ? "#blob" : ""}`)
          .sort(),
      );
      const types = new Set(found.map((f) => armType(f.target.type)));
      for (const type of [
        "Microsoft.Network/virtualNetworks",
        "Microsoft.Network/networkSecurityGroups",
        "Microsoft.Network/azureFirewalls",
        "Microsoft.Network/publicIPAddresses",
        "Microsoft.CognitiveServices/accounts",
        "Microsoft.ApiManagement/service",
        "Microsoft.Cdn/profiles",
        "Microsoft.RecoveryServices/vaults",
        "Microsoft.DBforPostgreSQL/flexibleServers",
        "Microsoft.Automation/automationAccounts",
        "Microsoft.Storage/storageAccounts",
        "Microsoft.OperationalInsights/workspaces",
      ])
        expect(types.has(type), type).to.equal(true);
    });

    it("sends the backup vault's Backup events to resource-specific tables and keeps the ASR vault in AzureDiagnostics", () => {
      const vaults = diagnosedTypes(recording).filter(
        (f) => f.target.type === "azure-native:recoveryservices:Vault",
      );
      const modes = Object.fromEntries(
        vaults.map((f) => [
          f.target.name,
          f.setting.inputs.logAnalyticsDestinationType ?? "AzureDiagnostics",
        ]),
      );
      expect(modes).to.deep.equal({ "agents-vault": "AzureDiagnostics", "agents-bvault-eus2": "Dedicated" });
    });

    it("creates no setting on the firewall policy or the WAF policy", () => {
      const targets = diagnosedTypes(recording).map((f) => f.target.type);
      expect(targets).to.not.include("azure-native:network:FirewallPolicy");
      expect(targets).to.not.include("azure-native:network:WebApplicationFirewallPolicy");
      expect(targets).to.not.include("azure-native:frontdoor:Policy");
    });

    it("logs the flows of every VNet it builds, with traffic analytics into the workspace", () => {
      const workspace = recording.get("Workspace", "agents-logs-cus");
      const vnets = recording.ofType("network:VirtualNetwork");
      const logs = recording.ofType("network:FlowLog");
      expect(logs.map((l) => l.inputs.targetResourceId).sort()).to.deep.equal(vnets.map((v) => v.id).sort());
      for (const log of logs)
        // The workspace's ARM id, GUID and region together, as Azure PowerShell's Set-AzNetworkWatcherConfigFlowLog
        // sends them.
        expect(
          (log.inputs.flowAnalyticsConfiguration as Record<string, Record<string, unknown>>)
            .networkWatcherFlowAnalyticsConfiguration,
        ).to.deep.include({
          workspaceResourceId: workspace.id,
          workspaceId: workspace.outputs.customerId,
          workspaceRegion: "centralus",
        });
    });
  });

  it("sends to an existing workspace and builds none", async () => {
    const recording = await build({ observability: { existing: { workspaceId } } });
    expect(recording.ofType("operationalinsights:Workspace")).to.have.length(0);
    const settings = recording.ofType("monitor:DiagnosticSetting");
    expect(settings.length).to.be.greaterThan(0);
    for (const s of settings) expect(s.inputs.workspaceId).to.equal(workspaceId);
    for (const c of recording.ofType("applicationinsights:Component"))
      expect(c.inputs.workspaceResourceId).to.equal(workspaceId);
  });

  it("with observability false, builds no setting or flow log, and the gateways keep their own workspaces", async () => {
    const recording = await build({ observability: false });
    expect(recording.ofType("monitor:DiagnosticSetting")).to.have.length(0);
    expect(recording.ofType("network:FlowLog")).to.have.length(0);
    expect(
      recording
        .ofType("operationalinsights:Workspace")
        .map((w) => w.name)
        .sort(),
    ).to.deep.equal(["agents-logs-cus", "agents-logs-eus2"]);
  });

  it("leaves flow logs out when the network says flowLogs: false, and keeps the diagnostic settings", async () => {
    const recording = await build({ network: { flowLogs: false } });
    expect(recording.ofType("network:FlowLog")).to.have.length(0);
    expect(recording.ofType("monitor:DiagnosticSetting").length).to.be.greaterThan(0);
  });

  it("takes the workspace's own settings", async () => {
    const recording = await build({ observability: { retentionInDays: 365, dailyQuotaGb: 50 } });
    const workspace = recording.get("Workspace", "agents-logs-cus");
    expect(workspace.inputs.retentionInDays).to.equal(365);
    expect(workspace.inputs.workspaceCapping).to.deep.equal({ dailyQuotaGb: 50 });
  });

  describe("fails when", () => {
    it("the retention is out of range", async () => {
      await expectConstructionFailure(
        () =>
          new WarmStandbyAiPlatform("agents", {
            regions: { primary: "eastus2", standby: "centralus" },
            gateway: { callers },
            observability: { retentionInDays: 10 },
          }),
        "retentionInDays",
        /from 30 to 730.*but got 10/,
      );
    });
    it("the existing workspace id is not a workspace's ARM id", async () => {
      await expectConstructionFailure(
        () =>
          new WarmStandbyAiPlatform("agents", {
            regions: { primary: "eastus2", standby: "centralus" },
            gateway: { callers },
            observability: { existing: { workspaceId: "central" } },
          }),
        "observability.existing.workspaceId",
        /Log Analytics workspace's ARM id.*but got "central"/,
      );
    });
  });
});
