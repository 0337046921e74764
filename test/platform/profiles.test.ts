import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import {
  InvalidArgumentError,
  PlatformProfile,
  WarmStandbyAiPlatform,
  WarmStandbyAiPlatformArgs,
  applyProfile,
  checkProfile,
  overProfile,
  profileSettings,
} from "../../src";
import { Recording, record } from "../../src/testing";
import { platformCallers, protectedVm } from "../helpers";

const vm = protectedVm;
const callers = platformCallers;

async function build(over: Partial<WarmStandbyAiPlatformArgs> = {}) {
  let platform: WarmStandbyAiPlatform | undefined;
  const recording = await record(() => {
    platform = new WarmStandbyAiPlatform("agents", {
      regions: { primary: "eastus2", standby: "centralus" },
      ...over,
      gateway: { callers, ...((over.gateway as object) ?? {}) },
    });
  });
  return { recording, platform: platform! };
}

const frontDoorSku = (r: Recording) => (r.ofType("cdn:Profile")[0].inputs.sku as { name: string }).name;
const firewallPolicy = (r: Recording) =>
  r.ofType("network:FirewallPolicy")[0]?.inputs as
    { sku?: { tier?: string }; intrusionDetection?: { mode?: string } } | undefined;

describe("profiles", function () {
  this.timeout(120_000);

  describe("overProfile: the caller's settings over the profile's, key by key", () => {
    it("merges plain objects, the caller's values winning", () => {
      expect(
        overProfile(
          { firewall: { tier: "Premium", intrusionDetection: "Deny" }, peering: true },
          {
            firewall: { publicIpCount: 3 },
          },
        ),
      ).to.deep.equal({
        firewall: { tier: "Premium", intrusionDetection: "Deny", publicIpCount: 3 },
        peering: true,
      });
    });
    it("lets false, lists, { existing } and Outputs replace the profile's value", () => {
      expect(overProfile({ firewall: { tier: "Premium" } }, { firewall: false })).to.deep.equal({
        firewall: false,
      });
      expect(overProfile({ zones: ["1", "2", "3"] }, { zones: ["1"] })).to.deep.equal({ zones: ["1"] });
      expect(overProfile({ sku: "Standard" }, { existing: { id: "x" } })).to.deep.equal({
        existing: { id: "x" },
      });
      const output = pulumi.output("id");
      expect((overProfile({ a: { b: 1 } }, { a: output }) as { a: unknown }).a).to.equal(output);
      expect(overProfile(false, { skuName: "Standard_D2ds_v4" })).to.deep.equal({
        skuName: "Standard_D2ds_v4",
      });
    });
    it("keeps the profile's value for keys the caller leaves undefined", () => {
      expect(overProfile({ sku: "Premium" }, { sku: undefined, capacity: 2 })).to.deep.equal({
        sku: "Premium",
        capacity: 2,
      });
      expect(overProfile(false, undefined)).to.equal(false);
    });
  });

  describe("checkProfile", () => {
    it("defaults to production", () => expect(checkProfile(undefined)).to.equal("production"));
    for (const profile of ["dev", "production", "mission-critical"] as PlatformProfile[]) {
      it(`accepts "${profile}"`, () => expect(checkProfile(profile)).to.equal(profile));
    }
    it("names the argument, the value and the choices", () => {
      expect(() => checkProfile("gold", "config.profile"))
        .to.throw(
          InvalidArgumentError,
          /config\.profile must be one of "dev", "production", "mission-critical", but got "gold"/,
        )
        .with.property("argument", "config.profile");
    });
  });

  describe("applyProfile", () => {
    const base = { regions: { primary: "eastus2", standby: "centralus" } };
    it("never adds Site Recovery (a profile has no VMs to protect)", () => {
      for (const profile of ["dev", "production", "mission-critical"] as PlatformProfile[]) {
        expect((applyProfile({ ...base, profile }) as WarmStandbyAiPlatformArgs).siteRecovery).to.equal(
          undefined,
        );
      }
    });
    it("keeps a part the caller switched off or gave as existing", () => {
      expect(
        applyProfile({ ...base, profile: "mission-critical" as const, network: false }).network,
      ).to.equal(false);
      const existing = { existing: { primary: {}, standby: {} } };
      expect(
        applyProfile({ ...base, profile: "mission-critical" as const, network: existing }).network,
      ).to.equal(existing);
    });
    it("dev keeps the firewall when the platform protects VMs (their replication needs its egress)", () => {
      expect(profileSettings("dev", false).network).to.deep.equal({ firewall: false, flowLogs: false });
      expect(profileSettings("dev", true).network).to.deep.equal({ flowLogs: false });
    });
  });

  describe("the platform under each profile", () => {
    let dev: Recording;
    let production: Recording;
    let missionCritical: Recording;
    let platform: WarmStandbyAiPlatform;
    before(async () => {
      dev = (await build({ profile: "dev" })).recording;
      ({ recording: production, platform } = await build());
      missionCritical = (await build({ profile: "mission-critical" })).recording;
    });

    it("production by default, recorded as the platform's output", () => {
      expect(platform.profile).to.equal("production");
      const component = production.ofType("azure-ai-failover:platform:WarmStandbyAiPlatform")[0];
      expect(component.outputs.profile).to.equal("production");
      expect(dev.ofType("azure-ai-failover:platform:WarmStandbyAiPlatform")[0].outputs.profile).to.equal(
        "dev",
      );
    });

    it("dev: no database, no firewall, Front Door Standard; the failover path stays", () => {
      expect(dev.ofType("dbforpostgresql:Server")).to.have.length(0);
      expect(dev.ofType("network:AzureFirewall")).to.have.length(0);
      expect(frontDoorSku(dev)).to.equal("Standard_AzureFrontDoor");
      expect(dev.ofType("apimanagement:ApiManagementService")).to.have.length(2);
      expect(dev.ofType("cdn:AFDOriginGroup")).to.have.length(1);
      expect(dev.ofType("monitor:ActivityLogAlert").length).to.be.greaterThan(0);
    });

    it("production: database, Standard firewalls, Front Door Premium", () => {
      expect(production.ofType("dbforpostgresql:Server").length).to.be.greaterThan(0);
      expect(production.ofType("network:AzureFirewall")).to.have.length(2);
      expect(firewallPolicy(production)?.sku?.tier).to.equal("Standard");
      expect(frontDoorSku(production)).to.equal("Premium_AzureFrontDoor");
    });

    it("mission-critical: a Premium firewall policy whose IDPS denies", () => {
      expect(missionCritical.ofType("network:AzureFirewall")).to.have.length(2);
      expect(firewallPolicy(missionCritical)?.sku?.tier).to.equal("Premium");
      expect(firewallPolicy(missionCritical)?.intrusionDetection?.mode).to.equal("Deny");
      expect(frontDoorSku(missionCritical)).to.equal("Premium_AzureFrontDoor");
    });

    it("mission-critical: a zone-redundant Premium gateway per region, a unit per zone, raised to 6 on failover", () => {
      const services = missionCritical.ofType("apimanagement:ApiManagementService");
      expect(services).to.have.length(2);
      for (const service of services) {
        expect(service.inputs.sku).to.deep.equal({ name: "Premium", capacity: 3 });
        expect(service.inputs.zones).to.deep.equal(["1", "2", "3"]);
      }
      const text = missionCritical.find("agents-runbook-content-failover")!.inputs.content as string;
      const config = JSON.parse(JSON.parse(/CONFIG = json\.loads\((".*")\)/.exec(text)![1]));
      expect(config.standbyGateway).to.deep.include({ capacity: 6, baseCapacity: 3 });
    });

    it("mission-critical: DDoS Network Protection on every VNet; production and dev: none", () => {
      expect(missionCritical.ofType("network:DdosProtectionPlan")).to.have.length(1);
      const vnets = missionCritical.ofType("network:VirtualNetwork");
      expect(vnets.length).to.be.greaterThan(1);
      for (const vnet of vnets) expect(vnet.inputs.enableDdosProtection).to.equal(true);
      expect(production.ofType("network:DdosProtectionPlan")).to.have.length(0);
      expect(dev.ofType("network:DdosProtectionPlan")).to.have.length(0);
    });

    it("Azure Backup of the protected VMs, except in dev", async () => {
      const siteRecovery = { recoverySubnetName: "agents", virtualMachines: [vm] };
      const devVms = (await build({ profile: "dev", siteRecovery })).recording;
      const productionVms = (await build({ siteRecovery })).recording;
      expect(devVms.ofType("recoveryservices:ProtectedItem")).to.have.length(0);
      expect(productionVms.ofType("recoveryservices:ProtectedItem")).to.have.length(1);
    });

    it("logs: one workspace in the standby region, kept 30 days in dev, 90 in production, 365 in mission-critical", () => {
      const retention = (r: Recording) =>
        r.ofType("operationalinsights:Workspace").map((w) => [w.location, w.inputs.retentionInDays]);
      expect(retention(dev)).to.deep.equal([["centralus", 30]]);
      expect(retention(production)).to.deep.equal([["centralus", 90]]);
      expect(retention(missionCritical)).to.deep.equal([["centralus", 365]]);
    });

    it("VNet flow logs except in dev; diagnostic settings in every profile", () => {
      expect(dev.ofType("network:FlowLog")).to.have.length(0);
      expect(production.ofType("network:FlowLog").length).to.be.greaterThan(1);
      expect(missionCritical.ofType("network:FlowLog").length).to.be.greaterThan(1);
      for (const r of [dev, production, missionCritical]) {
        expect(r.ofType("monitor:DiagnosticSetting").length).to.be.greaterThan(5);
      }
    });

    it("the operators' alerts in every profile: Service Health of all five event types and Resource Health", () => {
      for (const r of [dev, production, missionCritical]) {
        const types = r
          .ofType("monitor:ActivityLogAlert")
          .flatMap((a) => (a.inputs.condition as { allOf: { field: string; equals?: string }[] }).allOf)
          .filter((c) => c.field === "properties.incidentType")
          .map((c) => c.equals);
        for (const type of ["Incident", "Maintenance", "Informational", "ActionRequired", "Security"]) {
          expect(types).to.include(type);
        }
        expect(
          JSON.stringify(r.ofType("monitor:ActivityLogAlert").map((a) => a.inputs.condition)),
        ).to.include("ResourceHealth");
      }
    });

    it("the same hardening in every profile: Entra-only storage with soft delete, model accounts without outbound access", () => {
      for (const r of [dev, production, missionCritical]) {
        const runbooks = r
          .ofType("storage:StorageAccount")
          .find((a) => a.name.startsWith("agents-runbooks"))!;
        expect(runbooks.inputs).to.deep.include({
          allowSharedKeyAccess: false,
          allowBlobPublicAccess: false,
        });
        const blobService = r
          .ofType("storage:BlobServiceProperties")
          .find((b) => JSON.stringify(b.inputs.accountName) === JSON.stringify(runbooks.outputs.name));
        expect(blobService?.inputs.deleteRetentionPolicy).to.deep.include({ enabled: true });
        expect(blobService?.inputs.isVersioningEnabled).to.equal(true);
        for (const account of r.ofType("cognitiveservices:Account"))
          expect(account.inputs.properties).to.deep.include({ restrictOutboundNetworkAccess: true });
        expect(r.ofType("automation:AutomationAccount").length).to.be.greaterThan(0);
      }
    });

    it("a caller's own gateway tier drops the profile's zone pinning and units", async () => {
      const { recording } = await build({
        profile: "mission-critical",
        gateway: { sku: "StandardV2" } as never,
      });
      for (const service of recording.ofType("apimanagement:ApiManagementService")) {
        expect(service.inputs.sku).to.deep.include({ name: "StandardV2" });
        expect(service.inputs).to.not.have.property("zones");
      }
    });

    it("a part's own settings override the profile", async () => {
      const { recording } = await build({
        profile: "dev",
        database: {},
        frontDoor: { sku: "Premium_AzureFrontDoor" },
        network: { firewall: true },
      });
      expect(recording.ofType("dbforpostgresql:Server").length).to.be.greaterThan(0);
      expect(frontDoorSku(recording)).to.equal("Premium_AzureFrontDoor");
      expect(recording.ofType("network:AzureFirewall")).to.have.length(2);
      const standard = await build({
        profile: "mission-critical",
        network: { firewall: true },
      });
      expect(firewallPolicy(standard.recording)?.sku?.tier).to.equal("Standard");
    });

    it("dev with Site Recovery keeps the firewalls", async () => {
      const { recording } = await build({
        profile: "dev",
        siteRecovery: { recoverySubnetName: "agents", virtualMachines: [vm] },
      });
      expect(recording.ofType("network:AzureFirewall")).to.have.length(2);
    });

    it("an unknown profile fails before anything is registered", async () => {
      let error: unknown;
      const recording = await record(() => {
        try {
          new WarmStandbyAiPlatform("agents", {
            regions: { primary: "eastus2", standby: "centralus" },
            profile: "gold" as PlatformProfile,
            gateway: { callers },
          });
        } catch (e) {
          error = e;
        }
      });
      expect(error).to.be.instanceOf(InvalidArgumentError).with.property("argument", "profile");
      expect(recording.resources).to.have.length(0);
    });
  });
});
