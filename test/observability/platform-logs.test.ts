import { expect } from "chai";
import { expectConstructionFailure, outputValue } from "../helpers";
import { PlatformLogs, PlatformLogsArgs } from "../../src";
import { Recording, record } from "../../src/testing";

const base: PlatformLogsArgs = { regions: { primary: "eastus2", standby: "centralus" } };

const build = (over: Partial<PlatformLogsArgs> = {}) => {
  let component: PlatformLogs | undefined;
  return record(() => {
    component = new PlatformLogs("platform", { ...base, ...over });
  }).then((recording) => ({ recording, component: component! }));
};

describe("PlatformLogs", () => {
  describe("defaults", () => {
    let recording: Recording;
    let component: PlatformLogs;
    before(async () => ({ recording, component } = await build()));

    it("builds one workspace, in the standby region, in a group of its own there", () => {
      const workspaces = recording.ofType("operationalinsights:Workspace");
      expect(workspaces).to.have.length(1);
      const workspace = workspaces[0];
      expect(workspace.location).to.equal("centralus");
      const group = recording.get("ResourceGroup", "platform-rg-cus");
      expect(group.location).to.equal("centralus");
      expect(workspace.inputs.resourceGroupName).to.equal(group.outputs.name);
      expect(component.location).to.equal("centralus");
    });

    it("keeps 90 days, takes Entra ID-authenticated data only and sets no daily cap", () => {
      const workspace = recording.get("Workspace", "platform-logs-cus");
      expect(workspace.inputs.retentionInDays).to.equal(90);
      expect(workspace.inputs.features).to.deep.equal({ disableLocalAuth: true });
      expect(workspace.inputs.sku).to.deep.equal({ name: "PerGB2018" });
      expect(workspace.inputs).to.not.have.property("workspaceCapping");
      expect(workspace.inputs.publicNetworkAccessForIngestion).to.equal("Enabled");
      expect(workspace.inputs.publicNetworkAccessForQuery).to.equal("Enabled");
    });

    it("sends the workspace's own audit logs and metrics to itself", () => {
      const workspace = recording.get("Workspace", "platform-logs-cus");
      const setting = recording.get("DiagnosticSetting", "platform-logs-cus-diag");
      expect(setting.inputs.resourceUri).to.equal(workspace.id);
      expect(setting.inputs.workspaceId).to.equal(workspace.id);
      expect(setting.inputs.logs).to.deep.equal([{ categoryGroup: "allLogs", enabled: true }]);
      expect(setting.inputs.metrics).to.deep.equal([{ category: "AllMetrics", enabled: true }]);
    });

    it("hands out its workspace id as the diagnostics arg of other components", async () => {
      const workspace = recording.get("Workspace", "platform-logs-cus");
      expect(await outputValue(component.workspaceId)).to.equal(workspace.id);
      expect(await outputValue(component.diagnostics.workspaceId as typeof component.workspaceId)).to.equal(
        workspace.id,
      );
    });
  });

  describe("options", () => {
    it("takes retention, a daily cap, private-only access and an existing group", async () => {
      const { recording } = await build({
        retentionInDays: 365,
        dailyQuotaGb: 20,
        publicNetworkAccessForIngestion: "Disabled",
        publicNetworkAccessForQuery: "Disabled",
        resourceGroupName: "ops-rg",
      });
      const workspace = recording.get("Workspace", "platform-logs-cus");
      expect(workspace.inputs.retentionInDays).to.equal(365);
      expect(workspace.inputs.workspaceCapping).to.deep.equal({ dailyQuotaGb: 20 });
      expect(workspace.inputs.publicNetworkAccessForIngestion).to.equal("Disabled");
      expect(workspace.inputs.publicNetworkAccessForQuery).to.equal("Disabled");
      expect(workspace.inputs.resourceGroupName).to.equal("ops-rg");
      expect(recording.ofType("ResourceGroup")).to.have.length(0);
    });
  });

  describe("fails when", () => {
    it("retention is below 30 days, above 730 or not whole", async () => {
      for (const days of [7, 731, 90.5]) {
        await expectConstructionFailure(
          () => new PlatformLogs("platform", { ...base, retentionInDays: days }),
          "retentionInDays",
          new RegExp(`from 30 to 730 .* but got ${days}`),
        );
      }
    });

    it("the daily cap is not a positive number", async () => {
      await expectConstructionFailure(
        () => new PlatformLogs("platform", { ...base, dailyQuotaGb: 0 }),
        "dailyQuotaGb",
        /positive number of GB per day.*but got 0/,
      );
    });

    it("a public access switch is neither Enabled nor Disabled", async () => {
      await expectConstructionFailure(
        () =>
          new PlatformLogs("platform", {
            ...base,
            publicNetworkAccessForQuery: "Off" as never,
          }),
        "publicNetworkAccessForQuery",
        /"Enabled" or "Disabled", but got "Off"/,
      );
    });

    it("the regions are the same", async () => {
      await expectConstructionFailure(
        () => new PlatformLogs("platform", { regions: { primary: "eastus2", standby: "eastus2" } }),
        "regions.standby",
        /eastus2/,
      );
    });
  });
});
