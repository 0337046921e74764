import { expect } from "chai";
import { expectConstructionFailure } from "../helpers";
import { MirroredNetwork, MirroredNetworkArgs } from "../../src";
import { Recording, record } from "../../src/testing";

const workspaceId =
  "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/ops/providers/Microsoft.OperationalInsights/workspaces/platform";

const base: MirroredNetworkArgs = {
  regions: { primary: "eastus2", standby: "centralus" },
  addressSpace: "10.20.0.0/16",
  subnets: [{ name: "app", addressPrefix: "10.20.1.0/24" }],
};

const build = (over: Partial<MirroredNetworkArgs> = {}) =>
  record(() => {
    new MirroredNetwork("agents", { ...base, ...over });
  });

describe("MirroredNetwork observability", () => {
  it("creates no diagnostic setting, flow log or storage without diagnostics and flowLogs", async () => {
    const recording = await build({ firewall: true });
    expect(recording.ofType("monitor:DiagnosticSetting")).to.have.length(0);
    expect(recording.ofType("network:FlowLog")).to.have.length(0);
    expect(recording.ofType("storage:StorageAccount")).to.have.length(0);
  });

  describe("diagnostics", () => {
    let recording: Recording;
    before(async () => (recording = await build({ firewall: true, diagnostics: { workspaceId } })));

    it("gives every VNet, NSG, firewall and public IP one setting into the workspace, and the policy none", () => {
      const settings = recording.ofType("monitor:DiagnosticSetting");
      const targets = settings.map((s) => recording.byId(s.inputs.resourceUri)!.type.split(":")[2]).sort();
      expect(targets).to.deep.equal([
        "AzureFirewall",
        "AzureFirewall",
        "NetworkSecurityGroup",
        "NetworkSecurityGroup",
        "PublicIPAddress",
        "PublicIPAddress",
        "PublicIPAddress",
        "PublicIPAddress",
        "VirtualNetwork",
        "VirtualNetwork",
      ]);
      for (const setting of settings) {
        expect(setting.inputs.workspaceId).to.equal(workspaceId);
        expect(setting.inputs.name).to.equal("platform-logs");
      }
    });

    it("sends the firewall's structured logs and metrics, the NSG's events without metrics", () => {
      const fw = recording.get("DiagnosticSetting", "agents-fw-eus2-diag");
      expect(fw.inputs.resourceUri).to.equal(recording.get("AzureFirewall", "agents-fw-eus2").id);
      expect(fw.inputs.logAnalyticsDestinationType).to.equal("Dedicated");
      expect(fw.inputs.metrics).to.deep.equal([{ category: "AllMetrics", enabled: true }]);
      const nsg = recording.get("DiagnosticSetting", "agents-nsg-app-cus-diag");
      expect(nsg.inputs.resourceUri).to.equal(recording.get("NetworkSecurityGroup", "agents-nsg-app-cus").id);
      expect(nsg.inputs).to.not.have.property("metrics");
      const vnet = recording.get("DiagnosticSetting", "agents-vnet-cus-diag");
      expect(vnet.inputs.logs).to.deep.equal([{ categoryGroup: "allLogs", enabled: true }]);
    });
  });

  describe("flowLogs", () => {
    let recording: Recording;
    before(
      async () =>
        (recording = await build({ drill: true, diagnostics: { workspaceId }, flowLogs: { workspaceId } })),
    );

    it("logs every VNet (drill included) in its region's Network Watcher, with traffic analytics every 10 minutes", () => {
      const logs = recording.ofType("network:FlowLog");
      expect(logs.map((l) => l.name).sort()).to.deep.equal([
        "agents-vnet-cus-flowlog",
        "agents-vnet-drill-cus-flowlog",
        "agents-vnet-eus2-flowlog",
      ]);
      const primary = recording.get("FlowLog", "agents-vnet-eus2-flowlog");
      expect(primary.location).to.equal("eastus2");
      expect(primary.inputs.resourceGroupName).to.equal("NetworkWatcherRG");
      expect(primary.inputs.networkWatcherName).to.equal("NetworkWatcher_eastus2");
      expect(primary.inputs.targetResourceId).to.equal(
        recording.get("VirtualNetwork", "agents-vnet-eus2").id,
      );
      expect(primary.inputs.enabled).to.equal(true);
      expect(primary.inputs.retentionPolicy).to.deep.equal({ enabled: true, days: 90 });
      expect(primary.inputs.format).to.deep.equal({ type: "JSON", version: 2 });
      expect(primary.inputs.flowAnalyticsConfiguration).to.deep.equal({
        networkWatcherFlowAnalyticsConfiguration: {
          enabled: true,
          workspaceResourceId: workspaceId,
          trafficAnalyticsInterval: 10,
        },
      });
      expect(recording.get("FlowLog", "agents-vnet-drill-cus-flowlog").inputs.networkWatcherName).to.equal(
        "NetworkWatcher_centralus",
      );
    });

    it("writes to a hardened standard account in each VNet's region, closed to all but trusted services", () => {
      const accounts = recording.ofType("storage:StorageAccount");
      expect(accounts.map((a) => a.location).sort()).to.deep.equal(["centralus", "eastus2"]);
      for (const account of accounts) {
        expect(account.inputs.kind).to.equal("StorageV2");
        expect((account.inputs.sku as { name: string }).name).to.match(/^Standard_/);
        expect(account.inputs.minimumTlsVersion).to.equal("TLS1_2");
        expect(account.inputs.allowBlobPublicAccess).to.equal(false);
        expect(account.inputs.enableHttpsTrafficOnly).to.equal(true);
        expect(account.inputs.networkRuleSet).to.deep.equal({
          defaultAction: "Deny",
          bypass: "AzureServices",
        });
        // Flow logs write with the account keys (rotating them stops flow logs): shared keys stay on.
        expect(account.inputs.allowSharedKeyAccess).to.equal(true);
      }
      const primaryAccount = recording.get("StorageAccount", "agents-flowlogs-eus2");
      const standbyAccount = recording.get("StorageAccount", "agents-flowlogs-cus");
      expect(recording.get("FlowLog", "agents-vnet-eus2-flowlog").inputs.storageId).to.equal(
        primaryAccount.id,
      );
      expect(recording.get("FlowLog", "agents-vnet-drill-cus-flowlog").inputs.storageId).to.equal(
        standbyAccount.id,
      );
      const blob = recording.get("DiagnosticSetting", "agents-flowlogs-eus2-diag");
      expect(blob.inputs.resourceUri).to.equal(`${primaryAccount.id}/blobServices/default`);
    });

    it("takes an existing watcher, a retention and a 60-minute interval", async () => {
      const custom = await build({
        flowLogs: {
          workspaceId,
          retentionDays: 0,
          trafficAnalyticsIntervalMinutes: 60,
          networkWatcher: { resourceGroupName: "ops-network", names: { centralus: "nw-cus" } },
        },
      });
      const standby = custom.get("FlowLog", "agents-vnet-cus-flowlog");
      expect(standby.inputs.resourceGroupName).to.equal("ops-network");
      expect(standby.inputs.networkWatcherName).to.equal("nw-cus");
      expect(standby.inputs.retentionPolicy).to.deep.equal({ enabled: false, days: 0 });
      const primary = custom.get("FlowLog", "agents-vnet-eus2-flowlog");
      expect(primary.inputs.networkWatcherName).to.equal("NetworkWatcher_eastus2");
      expect(
        (primary.inputs.flowAnalyticsConfiguration as Record<string, Record<string, unknown>>)
          .networkWatcherFlowAnalyticsConfiguration.trafficAnalyticsInterval,
      ).to.equal(60);
    });
  });

  it("takes flowLogs: false for none", async () => {
    const recording = await build({ diagnostics: { workspaceId }, flowLogs: false });
    expect(recording.ofType("network:FlowLog")).to.have.length(0);
    expect(recording.ofType("storage:StorageAccount")).to.have.length(0);
    expect(recording.ofType("monitor:DiagnosticSetting").length).to.be.greaterThan(0);
  });

  describe("fails when", () => {
    it("flowLogs has no workspace", async () => {
      await expectConstructionFailure(
        () => new MirroredNetwork("agents", { ...base, flowLogs: {} as never }),
        "flowLogs",
        /must be \{ workspaceId, \.\.\. \}.*but got \{\}/,
      );
    });
    it("diagnostics.workspaceId is not a workspace's ARM id", async () => {
      await expectConstructionFailure(
        () => new MirroredNetwork("agents", { ...base, diagnostics: { workspaceId: "/subscriptions/x" } }),
        "diagnostics.workspaceId",
        /Log Analytics workspace's ARM id/,
      );
    });
  });
});
