import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as cdn from "@pulumi/azure-native/cdn";
import * as cognitiveservices from "@pulumi/azure-native/cognitiveservices";
import * as network from "@pulumi/azure-native/network";
import * as resources from "@pulumi/azure-native/resources";
import { record } from "../../src/testing";

const sub = "/subscriptions/00000000-0000-0000-0000-000000000001";

describe("mock harness", () => {
  it("records type, name, parent, location, inputs and dependencies", async () => {
    const recording = await record(() => {
      const parent = new pulumi.ComponentResource("test:index:Group", "g");
      const rg = new resources.ResourceGroup(
        "rg",
        { resourceGroupName: "rg-a", location: "eastus2" },
        { parent },
      );
      new network.VirtualNetwork(
        "vnet",
        {
          resourceGroupName: rg.name,
          location: "eastus2",
          addressSpace: { addressPrefixes: ["10.0.0.0/16"] },
        },
        { parent },
      );
    });
    const group = recording.get("test:index:Group", "g");
    const rg = recording.get("resources:ResourceGroup", "rg");
    const vnet = recording.get("network:VirtualNetwork", "vnet");
    expect(group.custom).to.equal(false);
    expect(recording.childrenOf(group).map((r) => r.name)).to.deep.equal(["rg", "vnet"]);
    expect(vnet.urn).to.equal(
      "urn:pulumi:test::project::test:index:Group$azure-native:network:VirtualNetwork::vnet",
    );
    expect(vnet.location).to.equal("eastus2");
    expect(vnet.inputs).to.deep.include({
      resourceGroupName: "rg-a",
      addressSpace: { addressPrefixes: ["10.0.0.0/16"] },
    });
    expect(vnet.dependencies).to.deep.equal([rg.urn]);
    expect(vnet.propertyDependencies.resourceGroupName).to.deep.equal([rg.urn]);
    expect(recording.countByType()).to.deep.equal(
      new Map([
        ["azure-native:network:VirtualNetwork", 1],
        ["azure-native:resources:ResourceGroup", 1],
      ]),
    );
  });

  it("leaves out azure-native's per-API-version aliases during a run, keeps other aliases, and restores the SDK after", async () => {
    const merge = pulumi.mergeOptions;
    const aliasCounts = new Map<string, number>();
    class Renamed extends pulumi.ComponentResource {
      constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super(
          "test:index:Renamed",
          name,
          {},
          pulumi.mergeOptions(opts, { aliases: [{ type: "test:index:Old" }] }),
        );
      }
    }
    await record(() => {
      const runtime = pulumi.runtime as unknown as {
        getMonitor(): {
          registerResource(req: { getName(): string; getAliasesList(): unknown[] }, callback: unknown): void;
        };
      };
      const monitor = runtime.getMonitor();
      const register = monitor.registerResource.bind(monitor);
      monitor.registerResource = (req, callback) => {
        aliasCounts.set(req.getName(), req.getAliasesList().length);
        register(req, callback);
      };
      new network.VirtualNetwork("vnet", { resourceGroupName: "rg-a" });
      new network.VirtualNetwork(
        "renamed",
        { resourceGroupName: "rg-a" },
        { aliases: [{ name: "old-name" }] },
      );
      new Renamed("component");
    });
    // A real run sends one alias per API version azure-native ever had (60 on a virtual network).
    expect(aliasCounts.get("vnet")).to.equal(0);
    expect(aliasCounts.get("renamed")).to.equal(1);
    expect(aliasCounts.get("component")).to.equal(1);
    expect(pulumi.mergeOptions).to.equal(merge);
    const outside = pulumi.mergeOptions(
      {},
      { aliases: [{ type: "azure-native:network/v20150615:VirtualNetwork" }] },
    );
    expect(outside.aliases).to.have.length(1);
  });

  it("restores the SDK's mergeOptions when the program throws", async () => {
    const merge = pulumi.mergeOptions;
    let during: unknown;
    let error: unknown;
    await record(() => {
      during = pulumi.mergeOptions;
      throw new Error("boom");
    }).catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(Error).with.property("message", "boom");
    expect(during).to.not.equal(merge);
    expect(pulumi.mergeOptions).to.equal(merge);
  });

  it("records with an SDK object that refuses writes (an ES module namespace), keeping its aliases", async () => {
    const listenersBefore = process.listenerCount("unhandledRejection");
    const namespaceLike = new Proxy(pulumi, { set: () => false });
    const recording = await record(() => new network.VirtualNetwork("vnet", { resourceGroupName: "rg-a" }), {
      sdk: namespaceLike,
    });
    expect(recording.get("network:VirtualNetwork", "vnet").inputs.resourceGroupName).to.equal("rg-a");
    expect(process.listenerCount("unhandledRejection")).to.equal(listenersBefore);
  });

  it("answers with ARM-shaped ids, so one resource can be checked to point at another", async () => {
    const recording = await record(() => {
      const vnet = new network.VirtualNetwork("vnet", {
        resourceGroupName: "rg-a",
        virtualNetworkName: "vnet-a",
      });
      const subnet = new network.Subnet("snet", {
        resourceGroupName: "rg-a",
        virtualNetworkName: vnet.name,
        subnetName: "workload",
        addressPrefix: "10.0.1.0/24",
      });
      new network.PrivateEndpoint("pe", { resourceGroupName: "rg-a", subnet: { id: subnet.id } });
    });
    const subnet = recording.get("network:Subnet", "snet");
    expect(recording.get("network:VirtualNetwork", "vnet").id).to.equal(
      `${sub}/resourceGroups/rg-a/providers/Microsoft.Network/virtualNetworks/vnet-a`,
    );
    expect(subnet.id).to.equal(
      `${sub}/resourceGroups/rg-a/providers/Microsoft.Network/virtualNetworks/vnet-a/subnets/workload`,
    );
    const pe = recording.get("network:PrivateEndpoint", "pe");
    expect(recording.byId((pe.inputs.subnet as { id: string }).id)).to.equal(subnet);
  });

  it("auto-names unnamed resources from the logical name, stably", async () => {
    const run = () => record(() => new resources.ResourceGroup("rg", { location: "eastus2" }));
    const [first, second] = [await run(), await run()];
    const id = first.get("ResourceGroup", "rg").id;
    expect(id).to.match(new RegExp(`^${sub}/resourceGroups/rg[0-9a-f]{8}$`));
    expect(second.get("ResourceGroup", "rg").id).to.equal(id);
  });

  it("computes the outputs Azure fills in: host names, endpoints, principal ids", async () => {
    const recording = await record(() => {
      new cdn.AFDEndpoint("ep", { resourceGroupName: "rg", profileName: "fd", endpointName: "agents" });
      new cognitiveservices.Account("oai", {
        resourceGroupName: "rg",
        accountName: "oai-a",
        kind: "OpenAI",
        identity: { type: "SystemAssigned" },
        properties: { customSubDomainName: "agents-oai-x1" },
      });
    });
    expect(recording.get("AFDEndpoint", "ep").outputs.hostName).to.match(
      /^agents-[0-9a-f]{16}\.z01\.azurefd\.net$/,
    );
    const account = recording.get("Account", "oai");
    expect((account.outputs.properties as { endpoint: string }).endpoint).to.equal(
      "https://agents-oai-x1.openai.azure.com/",
    );
    expect((account.outputs.identity as { principalId: string }).principalId).to.match(
      /^[0-9a-f]{8}-[0-9a-f]{4}-/,
    );
  });

  it("answers getClientConfig with the mock subscription and records the call", async () => {
    const recording = await record(async () => {
      const client = await authorization.getClientConfig();
      return { subscription: client.subscriptionId };
    });
    expect(recording.exports).to.deep.equal({ subscription: "00000000-0000-0000-0000-000000000001" });
    expect(recording.calls.map((c) => c.token)).to.deep.equal(["azure-native:authorization:getClientConfig"]);
  });

  it("unwraps secret inputs, noting where they were, and masks secret exports", async () => {
    const recording = await record(() => {
      new resources.ResourceGroup("rg", { location: "eastus2", tags: { token: pulumi.secret("s3cret") } });
      return { visible: pulumi.output("v"), hidden: pulumi.secret("h") };
    });
    const rg = recording.get("ResourceGroup", "rg");
    expect(rg.inputs.tags).to.deep.equal({ token: "s3cret" });
    expect(rg.secretPaths).to.deep.equal(["tags.token"]);
    expect(recording.exports).to.deep.equal({ visible: "v", hidden: "[secret]" });
  });

  it("keeps outputs a resource declares secret (a RandomPassword's result) secret downstream, as the engine does", async () => {
    const random = await import("@pulumi/random");
    const recording = await record(() => {
      const password = new random.RandomPassword("pw", { length: 20 });
      new resources.ResourceGroup("rg", { location: "eastus2", tags: { pw: password.result } });
      return { pw: password.result };
    });
    expect(recording.get("ResourceGroup", "rg").secretPaths).to.deep.equal(["tags.pw"]);
    expect(recording.exports).to.deep.equal({ pw: "[secret]" });
  });

  it("passes config, namespaced with the project, and JSON for structured values", async () => {
    const recording = await record(
      () => {
        const config = new pulumi.Config();
        return {
          region: config.require("region"),
          tags: config.requireObject("tags"),
          loc: new pulumi.Config("azure-native").get("location"),
        };
      },
      { project: "p", config: { region: "eastus2", tags: { a: "b" }, "azure-native:location": "westus" } },
    );
    expect(recording.exports).to.deep.equal({ region: "eastus2", tags: { a: "b" }, loc: "westus" });
  });

  it("rejects with the program's own error", async () => {
    let error: unknown;
    await record(() => {
      throw new Error("boom");
    }).catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(Error).with.property("message", "boom");
  });

  it("rejects with an error thrown inside an apply", async () => {
    let error: unknown;
    await record(() => {
      const rg = new resources.ResourceGroup("rg", { location: "eastus2" });
      rg.name.apply(() => {
        throw new Error("apply failed");
      });
    }).catch((e: unknown) => (error = e));
    expect(String(error)).to.include("apply failed");
  });

  it("lists what exists when a lookup finds nothing", async () => {
    const recording = await record(() => new resources.ResourceGroup("rg", {}));
    expect(() => recording.get("ResourceGroup", "other")).to.throw(
      'no ResourceGroup named "other" was registered; ResourceGroup resources: rg',
    );
  });
});
