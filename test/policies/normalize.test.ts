import { expect } from "chai";
import * as path from "path";
import azureTypes from "../../src/policies/azure-types.json";
import { is } from "../../src/policies/model";
import type { ResilienceCheck } from "../../src/policies/model";
import { currentType, normalizeResources } from "../../src/policies/normalize";
import { madeByLibrary, policyCoverage, runChecks } from "../../src/policies/run";
import { policySummary } from "../../src/plan/report";
import { res } from "./cases/builder";

describe("the resource model the policies read", () => {
  it("is written from the installed azure-native (rerun scripts/azure-types.js after upgrading it)", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { azureTypes: generate } = require(path.join(__dirname, "../../scripts/azure-types.js"));
    expect(generate()).to.deep.equal(azureTypes);
  });

  it("makes v2 and API-versioned type tokens current, from azure-native's own aliases", () => {
    // v2 put the Front Door WAF in network and activity-log alerts in insights (review: real-programs finding 3)
    expect(currentType("azure-native:network:Policy")).to.equal("azure-native:frontdoor:Policy");
    expect(currentType("azure-native:network:FrontDoor")).to.equal("azure-native:frontdoor:FrontDoor");
    expect(currentType("azure-native:insights:ActivityLogAlert")).to.equal(
      "azure-native:monitor:ActivityLogAlert",
    );
    expect(currentType("azure-native:insights:DiagnosticSetting")).to.equal(
      "azure-native:monitor:DiagnosticSetting",
    );
    expect(currentType("azure-native:network:PrivateZone")).to.equal("azure-native:privatedns:PrivateZone");
    expect(currentType("azure-native:network/v20230501:VirtualNetwork")).to.equal(
      "azure-native:network:VirtualNetwork",
    );
    expect(currentType("azure-native:insights/v20201001:ActivityLogAlert")).to.equal(
      "azure-native:monitor:ActivityLogAlert",
    );
    expect(currentType("azure-native:network:VirtualNetwork")).to.equal(
      "azure-native:network:VirtualNetwork",
    );
    expect(currentType("random:index/randomString:RandomString")).to.equal(
      "random:index/randomString:RandomString",
    );
  });

  it("gives resources that take a location and name none the provider's default region", () => {
    const vnet = res("azure-native:network:VirtualNetwork", {
      addressSpace: { addressPrefixes: ["10.0.0.0/16"] },
    });
    const rule = res("azure-native:network:SecurityRule", { access: "Allow" });
    const placed = res("azure-native:network:VirtualNetwork", { location: "westeurope" });
    const [a, b, c] = normalizeResources([vnet, rule, placed], { defaultLocation: "swedencentral" });
    expect(a.props.location).to.equal("swedencentral");
    expect(b.props).to.not.have.property("location"); // a security rule has no location of its own
    expect(c.props.location).to.equal("westeurope");
    expect(normalizeResources([vnet])[0]).to.equal(vnet); // nothing to change: the same object
  });

  it("compares enum values the way ARM does: case-insensitively", () => {
    expect(is("enabled", "Enabled")).to.equal(true);
    expect(is("Disabled", "Enabled", "disabled")).to.equal(true);
    expect(is("Enabled", "Disabled")).to.equal(false);
    expect(is(undefined, "Disabled")).to.equal(false);
    expect(is(true, "true")).to.equal(false);
  });

  const check: ResilienceCheck = {
    name: "network-vnet-example-check",
    area: "network",
    description: "example",
    severity: "high",
    enforcementLevel: "mandatory",
    remediation: "Set properties.x on the virtual network.",
    libraryRemediation: "Pass x to MirroredNetwork.",
    sources: ["https://learn.microsoft.com/azure/virtual-network/"],
    resourceTypes: ["azure-native:network:VirtualNetwork"],
    validateResource(resource, _config, report) {
      if (resource.props.location !== "westeurope") report(`location is ${String(resource.props.location)}.`);
      report("second problem.");
      report("second problem.");
    },
  };

  it("reports one violation per resource and policy, with every problem once, the fix in the resource's terms", () => {
    const vnet = res("azure-native:network/v20230501:VirtualNetwork", {}, { name: "hub" });
    const found = runChecks([vnet], {}, [check], { defaultLocation: "eastus" });
    expect(found).to.have.length(1);
    expect(found[0]).to.deep.include({
      policy: "network-vnet-example-check",
      message: "location is eastus. second problem.",
      problems: ["location is eastus.", "second problem."],
      remediation: "Set properties.x on the virtual network.",
      resource: "hub",
      type: "azure-native:network:VirtualNetwork",
      sources: ["https://learn.microsoft.com/azure/virtual-network/"],
    });
  });

  it("speaks in this library's arguments only for resources its components made", () => {
    const ours = res(
      "azure-native:network:VirtualNetwork",
      {},
      { parentType: "azure-ai-failover:network:MirroredNetwork" },
    );
    expect(madeByLibrary(ours.urn)).to.equal(true);
    expect(runChecks([ours], {}, [check])[0].remediation).to.equal("Pass x to MirroredNetwork.");
    expect(madeByLibrary("urn:pulumi:dev::p::azure-native:network:VirtualNetwork::v")).to.equal(false);
  });

  it("never says 'no violations' of a stack nothing was checked on, and names what no policy reads", () => {
    const stack = [
      res("azure-native:resources:ResourceGroup", {}),
      res("azure-native:managedidentity:UserAssignedIdentity", {}),
      res("azure-native:managedidentity:UserAssignedIdentity", {}),
      res("random:index/randomString:RandomString", {}),
    ];
    const coverage = policyCoverage(stack, {}, [check]);
    expect(coverage).to.deep.equal({
      resources: 3,
      judged: 0,
      uncoveredTypes: [
        { type: "azure-native:managedidentity:UserAssignedIdentity", count: 2 },
        { type: "azure-native:resources:ResourceGroup", count: 1 },
      ],
    });
    expect(policySummary([], coverage)).to.equal(
      "nothing checked: no policy judges any of this stack's 3 Azure resources",
    );
    const judged = policyCoverage([...stack, res("azure-native:network:VirtualNetwork", {})], {}, [check]);
    expect(policySummary([], judged)).to.equal("no violations (1 of 4 Azure resources judged)");
    // a disabled policy judges nothing
    expect(
      policyCoverage([res("azure-native:network:VirtualNetwork", {})], { [check.name]: "disabled" }, [check])
        .judged,
    ).to.equal(0);
  });
});
