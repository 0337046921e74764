import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import {
  InvalidArgumentError,
  checkName,
  childName,
  globalName,
  lookupRegion,
  nameRules,
  uniqueName,
  uniqueSuffix,
  uniqueSuffixLength,
} from "../../src";
import { record } from "../../src/testing";

describe("childName", () => {
  it("joins the component name and role", () => {
    expect(childName("agents", "vnet")).to.equal("agents-vnet");
  });
  it("appends the region's short code for per-region resources", () => {
    expect(childName("agents", "vnet", lookupRegion("eastus2"))).to.equal("agents-vnet-eus2");
  });
});

describe("globalName", () => {
  it("drops hyphens and upper case for storage accounts", () => {
    expect(globalName("storageAccount", "Agents-Cache", "ab12cd")).to.equal("agentscacheab12cd");
  });

  it("separates base and suffix with a hyphen where hyphens are allowed", () => {
    expect(globalName("cognitiveServicesSubdomain", "agents-oai-eus2", "ab12cd")).to.equal(
      "agents-oai-eus2-ab12cd",
    );
  });

  it("cuts the base so the whole name fits each resource's maximum length", () => {
    const long = "a".repeat(100);
    for (const kind of Object.keys(nameRules) as (keyof typeof nameRules)[]) {
      const name = globalName(kind, long, "z".repeat(uniqueSuffixLength));
      expect(name.length, kind).to.equal(nameRules[kind].maxLength);
      expect(name, kind).to.match(nameRules[kind].pattern);
      expect(name.endsWith("zzzzzz"), kind).to.equal(true);
    }
  });

  it("never ends the base with a hyphen or doubles hyphens", () => {
    expect(globalName("keyVault", "my--vault--", "x1y2z3")).to.equal("my-vault-x1y2z3");
    expect(globalName("frontDoorEndpoint", `${"b".repeat(38)}-cd`, "x1y2z3")).to.equal(
      `${"b".repeat(38)}-x1y2z3`,
    );
  });

  it("strips characters a start must not have", () => {
    expect(globalName("apiManagementService", "9_agents!", "x1y2z3")).to.equal("agents-x1y2z3");
  });

  it("fails when nothing usable is left of the base, naming the argument", () => {
    expect(() => globalName("storageAccount", "---", "ab12cd", "namePrefix"))
      .to.throw(
        InvalidArgumentError,
        /namePrefix "---" cannot be the start of a storage account name \(3-24 lowercase letters and digits\)/,
      )
      .with.property("argument", "namePrefix");
  });
});

describe("checkName", () => {
  it("accepts a valid name", () => {
    expect(() => checkName("cognitiveServicesSubdomain", "subdomain", "agents-oai")).not.to.throw();
  });
  it("rejects each rule's invalid names with the rule in words", () => {
    const cases: [keyof typeof nameRules, string][] = [
      ["storageAccount", "Has-Hyphen"],
      ["storageAccount", "ab"],
      ["cognitiveServicesSubdomain", "-starts-with-hyphen"],
      ["frontDoorEndpoint", "x".repeat(47)],
      ["apiManagementService", "1starts-with-digit"],
      ["keyVault", "double--hyphen"],
    ];
    for (const [kind, value] of cases) {
      expect(() => checkName(kind, "name", value), `${kind} ${value}`).to.throw(
        InvalidArgumentError,
        `name must be a ${nameRules[kind].resource} name of ${nameRules[kind].description}, but got "${value}".`,
      );
    }
  });
});

describe("uniqueName", () => {
  it("takes its suffix from one RandomString per component, kept in state", async () => {
    class Holder extends pulumi.ComponentResource {
      readonly name: pulumi.Output<string>;
      constructor() {
        super("test:index:Holder", "agents");
        this.name = uniqueName("storageAccount", "agents-cache", uniqueSuffix("agents", this).result);
        this.registerOutputs({ name: this.name });
      }
    }
    let holder: Holder | undefined;
    const recording = await record(() => {
      holder = new Holder();
      return { name: holder.name };
    });
    const suffix = recording.get("random:index/randomString:RandomString", "agents-suffix");
    expect(suffix.inputs).to.deep.include({
      length: 6,
      upper: false,
      special: false,
      lower: true,
      numeric: true,
    });
    expect(suffix.parent).to.equal(recording.get("test:index:Holder", "agents").urn);
    const name = (recording.exports as { name: string }).name;
    expect(name).to.match(/^agentscache[a-z0-9]{6}$/);
    expect(name.slice(-6)).to.equal(suffix.outputs.result);
  });
});
