import { expect } from "chai";
import {
  checkDiagnostics,
  checkFlowLogs,
  diagnosticSettingArgs,
  diagnosticSupport,
  InvalidArgumentError,
  recoveryVaultBackupDiagnostics,
} from "../../src";

const workspaceId =
  "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/ops/providers/Microsoft.OperationalInsights/workspaces/platform";

describe("diagnostic settings table", () => {
  it("uses the allLogs category group only on types Microsoft gives a category-group policy or page for", () => {
    const grouped = Object.entries(diagnosticSupport)
      .filter(([, s]) => s.logs === "allLogs")
      .map(([type]) => type)
      .sort();
    expect(grouped).to.deep.equal([
      "Microsoft.ApiManagement/service",
      "Microsoft.Automation/automationAccounts",
      "Microsoft.Cdn/profiles",
      "Microsoft.CognitiveServices/accounts",
      "Microsoft.DBforPostgreSQL/flexibleServers",
      "Microsoft.Network/publicIPAddresses",
      "Microsoft.Network/virtualNetworks",
      "Microsoft.OperationalInsights/workspaces",
      "Microsoft.RecoveryServices/vaults",
    ]);
  });

  it("every row names its Microsoft sources", () => {
    for (const [type, support] of Object.entries(diagnosticSupport)) {
      expect(support.sources.length, type).to.be.greaterThan(0);
      expect(
        support.sources.every(
          (s) => s.startsWith("https://learn.microsoft.com/") || s.startsWith("/providers/"),
        ),
        type,
      ).to.equal(true);
    }
  });

  it("sends a category group and AllMetrics where supported", () => {
    expect(diagnosticSettingArgs("Microsoft.Cdn/profiles", "/x", workspaceId)).to.deep.equal({
      name: "platform-logs",
      resourceUri: "/x",
      workspaceId,
      logs: [{ categoryGroup: "allLogs", enabled: true }],
      metrics: [{ category: "AllMetrics", enabled: true }],
    });
  });

  it("names NSG categories and sends no metrics: NSGs have none", () => {
    const args = diagnosticSettingArgs("Microsoft.Network/networkSecurityGroups", "/nsg", workspaceId);
    expect(args.logs).to.deep.equal([
      { category: "NetworkSecurityGroupEvent", enabled: true },
      { category: "NetworkSecurityGroupRuleCounter", enabled: true },
    ]);
    expect(args).to.not.have.property("metrics");
  });

  it("writes firewall logs to the resource-specific AZFW tables", () => {
    const args = diagnosticSettingArgs("Microsoft.Network/azureFirewalls", "/fw", workspaceId);
    expect(args.logAnalyticsDestinationType).to.equal("Dedicated");
    const categories = (args.logs as { category: string }[]).map((l) => l.category);
    expect(categories).to.include.members(["AZFWNetworkRule", "AZFWApplicationRule", "AZFWThreatIntel"]);
    expect(categories.every((c) => c.startsWith("AZFW"))).to.equal(true);
  });

  it("keeps a Site Recovery vault in AzureDiagnostics mode: its ASR events flow only there", () => {
    const args = diagnosticSettingArgs("Microsoft.RecoveryServices/vaults", "/asr", workspaceId);
    expect(args.logs).to.deep.equal([{ categoryGroup: "allLogs", enabled: true }]);
    expect(args).to.not.have.property("logAnalyticsDestinationType");
  });

  it("writes a backup vault's six Backup events to resource-specific tables, the only mode they flow in", () => {
    const args = diagnosticSettingArgs(
      "Microsoft.RecoveryServices/vaults",
      "/bvault",
      workspaceId,
      recoveryVaultBackupDiagnostics,
    );
    expect(args.logAnalyticsDestinationType).to.equal("Dedicated");
    expect((args.logs as { category: string }[]).map((l) => l.category).sort()).to.deep.equal([
      "AddonAzureBackupAlerts",
      "AddonAzureBackupJobs",
      "AddonAzureBackupPolicy",
      "AddonAzureBackupProtectedInstance",
      "AddonAzureBackupStorage",
      "CoreAzureBackup",
    ]);
  });

  it("sends blob read/write/delete logs and Transaction metrics for storage", () => {
    const args = diagnosticSettingArgs(
      "Microsoft.Storage/storageAccounts/blobServices",
      "/sa/blobServices/default",
      workspaceId,
    );
    expect(args.logs).to.deep.equal([
      { category: "StorageRead", enabled: true },
      { category: "StorageWrite", enabled: true },
      { category: "StorageDelete", enabled: true },
    ]);
    expect(args.metrics).to.deep.equal([{ category: "Transaction", enabled: true }]);
  });

  describe("fails when", () => {
    it("diagnostics has no workspaceId", () => {
      expect(() => checkDiagnostics({})).to.throw(
        InvalidArgumentError,
        /must be \{ workspaceId \}.*but got \{\}/,
      );
    });
    it("diagnostics.workspaceId is not a workspace id", () => {
      try {
        checkDiagnostics({ workspaceId: "platform" });
        expect.fail("no error");
      } catch (e) {
        expect(e).to.be.instanceOf(InvalidArgumentError).with.property("argument", "diagnostics.workspaceId");
        expect((e as Error).message).to.match(/Log Analytics workspace's ARM id .*but got "platform"/);
      }
    });
    it("flowLogs has a traffic analytics interval other than 10 or 60", () => {
      try {
        checkFlowLogs({ workspaceId, trafficAnalyticsIntervalMinutes: 30 });
        expect.fail("no error");
      } catch (e) {
        expect(e)
          .to.be.instanceOf(InvalidArgumentError)
          .with.property("argument", "flowLogs.trafficAnalyticsIntervalMinutes");
        expect((e as Error).message).to.match(/10 or 60.*but got 30/);
      }
    });
    it("flowLogs.retentionDays is negative", () => {
      expect(() => checkFlowLogs({ workspaceId, retentionDays: -1 })).to.throw(
        InvalidArgumentError,
        /whole number of days.*but got -1/,
      );
    });
    it("flowLogs.networkWatcher names an empty group", () => {
      expect(() => checkFlowLogs({ workspaceId, networkWatcher: { resourceGroupName: "" } })).to.throw(
        InvalidArgumentError,
        /existing Network Watcher, but got \{"resourceGroupName":""\}/,
      );
    });
  });
});
