import { expect } from "chai";
import { expectConstructionFailure, outputValue } from "../helpers";
import {
  InvalidArgumentError,
  MirroredNetwork,
  RegionalOpenAi,
  RegionalOpenAiArgs,
  privateEndpointsIn,
} from "../../src";
import { RecordedResource, Recording, record } from "../../src/testing";

const base: RegionalOpenAiArgs = {
  regions: { primary: "eastus2", standby: "centralus" },
  resourceGroups: { primary: "rg-east", standby: "rg-central" },
  deployments: [
    { name: "chat", model: { name: "gpt-4o", version: "2024-11-20" }, capacityThousandTpm: 150 },
    {
      name: "mini",
      model: { name: "gpt-4o-mini", version: "2024-07-18" },
      capacityThousandTpm: 300,
      standbyCapacity: 200,
    },
    {
      name: "embed",
      model: { name: "text-embedding-3-large", version: "1" },
      sku: "Standard",
      capacityThousandTpm: 120,
    },
  ],
};

async function build(over: Partial<RegionalOpenAiArgs> = {}) {
  let component: RegionalOpenAi | undefined;
  const recording = await record(() => {
    component = new RegionalOpenAi("agents", { ...base, ...over });
  });
  return { recording, component: component! };
}

const deploymentsIn = (recording: Recording, code: string) =>
  ["chat", "mini", "embed"].map((d) =>
    recording.get("cognitiveservices:Deployment", `agents-deploy-${d}-${code}`),
  );

describe("RegionalOpenAi", () => {
  describe("defaults", () => {
    let recording: Recording;
    let component: RegionalOpenAi;
    before(async () => ({ recording, component } = await build()));

    it("creates one account per region with secure defaults", () => {
      for (const [code, location, rg] of [
        ["eus2", "eastus2", "rg-east"],
        ["cus", "centralus", "rg-central"],
      ]) {
        const account = recording.get("cognitiveservices:Account", `agents-oai-${code}`);
        expect(account.location).to.equal(location);
        expect(account.inputs).to.deep.include({
          resourceGroupName: rg,
          kind: "OpenAI",
          sku: { name: "S0" },
          identity: { type: "SystemAssigned" },
        });
        const props = account.inputs.properties as Record<string, unknown>;
        expect(props.disableLocalAuth).to.equal(true);
        // Data loss prevention: nothing outbound by default.
        expect(props).to.deep.include({ restrictOutboundNetworkAccess: true, allowedFqdnList: [] });
        expect(props.customSubDomainName).to.match(new RegExp(`^agents-${code}-[a-z0-9]{6}$`));
      }
    });

    it("lists the outbound hosts given, or leaves outbound access open with false", async () => {
      const listed = await record(
        () =>
          new RegionalOpenAi("agents", {
            ...base,
            allowedOutboundHosts: ["mysearch.search.windows.net"],
          }),
      );
      const props = listed.get("cognitiveservices:Account", "agents-oai-eus2").inputs.properties;
      expect(props).to.deep.include({
        restrictOutboundNetworkAccess: true,
        allowedFqdnList: ["mysearch.search.windows.net"],
      });
      const open = await record(() => new RegionalOpenAi("agents", { ...base, allowedOutboundHosts: false }));
      expect(open.get("cognitiveservices:Account", "agents-oai-eus2").inputs.properties).to.not.have.any.keys(
        "restrictOutboundNetworkAccess",
        "allowedFqdnList",
      );
    });

    it("builds the SAME deployments in both regions: name, model, version, SKU", () => {
      const shape = (d: RecordedResource) => ({
        name: d.inputs.deploymentName,
        sku: (d.inputs.sku as { name: string }).name,
        properties: d.inputs.properties,
      });
      expect(deploymentsIn(recording, "cus").map(shape)).to.deep.equal(
        deploymentsIn(recording, "eus2").map(shape),
      );
      expect(deploymentsIn(recording, "eus2").map(shape)[0]).to.deep.equal({
        name: "chat",
        sku: "GlobalStandard",
        properties: {
          model: { format: "OpenAI", name: "gpt-4o", version: "2024-11-20" },
          versionUpgradeOption: "OnceCurrentVersionExpired",
        },
      });
    });

    it("gives the standby the primary's capacity unless told otherwise", () => {
      const capacity = (d: RecordedResource) => (d.inputs.sku as { capacity: number }).capacity;
      expect(deploymentsIn(recording, "eus2").map(capacity)).to.deep.equal([150, 300, 120]);
      expect(deploymentsIn(recording, "cus").map(capacity)).to.deep.equal([150, 200, 120]);
      expect(component.standby.capacities).to.deep.equal({ chat: 150, mini: 200, embed: 120 });
      expect(
        component.notes.some((n) =>
          n.startsWith('Deployment "mini" has a smaller standby: 200 k TPM against 300 k TPM'),
        ),
      ).to.equal(true);
    });

    it("puts each region's deployments in its own account, one after another", () => {
      for (const code of ["eus2", "cus"]) {
        const account = recording.get("cognitiveservices:Account", `agents-oai-${code}`);
        const [chat, mini, embed] = deploymentsIn(recording, code);
        for (const d of [chat, mini, embed]) {
          expect(d.inputs.accountName).to.equal(account.outputs.name);
          expect(d.parent).to.equal(recording.get("azure-ai-failover:openai:RegionalOpenAi", "agents").urn);
        }
        expect(chat.dependencies).to.deep.equal([account.urn]);
        expect(mini.dependencies).to.have.members([account.urn, chat.urn]);
        expect(embed.dependencies).to.have.members([account.urn, mini.urn]);
      }
    });

    it("leaves public access on, Entra ID only, and says so, when no network is given", () => {
      const props = recording.get("cognitiveservices:Account", "agents-oai-eus2").inputs.properties as Record<
        string,
        unknown
      >;
      expect(props).to.deep.include({
        publicNetworkAccess: "Enabled",
        networkAcls: { defaultAction: "Allow" },
      });
      expect(recording.ofType("network:PrivateEndpoint")).to.have.length(0);
      expect(component.notes.join("\n")).to.include("accept public traffic from any address");
    });

    it("exposes endpoints, ids and identities per region", async () => {
      const account = recording.get("cognitiveservices:Account", "agents-oai-cus");
      const sub = (account.inputs.properties as { customSubDomainName: string }).customSubDomainName;
      expect(await outputValue(component.standby.endpoint)).to.equal(`https://${sub}.openai.azure.com/`);
      expect(await outputValue(component.standby.accountId)).to.equal(account.id);
      expect(await outputValue(component.standby.principalId)).to.equal(
        (account.outputs.identity as { principalId: string }).principalId,
      );
      expect(await outputValue(component.primary.deploymentIds.chat)).to.equal(
        recording.get("Deployment", "agents-deploy-chat-eus2").id,
      );
      expect(component.deployments.map((d) => d.name)).to.deep.equal(["chat", "mini", "embed"]);
    });

    it("takes both subdomains' random part from one stable suffix", () => {
      const suffix = recording.get("random:index/randomString:RandomString", "agents-suffix").outputs
        .result as string;
      for (const code of ["eus2", "cus"]) {
        const props = recording.get("cognitiveservices:Account", `agents-oai-${code}`).inputs.properties as {
          customSubDomainName: string;
        };
        expect(props.customSubDomainName).to.equal(`agents-${code}-${suffix}`);
      }
    });
  });

  it("builds a PTU deployment's spillover first, in the same account, and names it on the PTU deployment", async () => {
    const { recording, component } = await build({
      deployments: [
        {
          name: "chat",
          model: { name: "gpt-4o", version: "2024-11-20" },
          sku: "DataZoneProvisionedManaged",
          capacityPtu: 30,
          spillover: { capacityThousandTpm: 200, standbyCapacityThousandTpm: 100 },
        },
      ],
    });
    for (const [code, spillCapacity] of [
      ["eus2", 200],
      ["cus", 100],
    ] as const) {
      const account = recording.get("cognitiveservices:Account", `agents-oai-${code}`);
      const ptu = recording.get("cognitiveservices:Deployment", `agents-deploy-chat-${code}`);
      const spill = recording.get("cognitiveservices:Deployment", `agents-deploy-chat-spillover-${code}`);
      expect(spill.inputs).to.deep.include({
        deploymentName: "chat-spillover",
        accountName: account.outputs.name,
        sku: { name: "DataZoneStandard", capacity: spillCapacity },
      });
      expect((spill.inputs.properties as { model: unknown }).model).to.deep.equal({
        format: "OpenAI",
        name: "gpt-4o",
        version: "2024-11-20",
      });
      expect(ptu.inputs.accountName).to.equal(account.outputs.name);
      expect(ptu.inputs.properties).to.deep.include({ spilloverDeploymentName: "chat-spillover" });
      expect(ptu.dependencies).to.include(spill.urn);
    }
    expect(component.standby.capacities).to.deep.equal({ "chat-spillover": 100, chat: 30 });
  });

  it("builds AI Services accounts with kind AIServices", async () => {
    const { recording } = await build({ kind: "AIServices" });
    expect(recording.get("cognitiveservices:Account", "agents-oai-eus2").inputs.kind).to.equal("AIServices");
  });

  it("uses the given subdomain prefix", async () => {
    const { recording } = await build({ subdomainPrefix: "contoso-bots" });
    const props = recording.get("cognitiveservices:Account", "agents-oai-eus2").inputs.properties as {
      customSubDomainName: string;
    };
    expect(props.customSubDomainName).to.match(/^contoso-bots-eus2-[a-z0-9]{6}$/);
  });

  it("restricts public access to allowedIpRanges", async () => {
    const { recording, component } = await build({ allowedIpRanges: ["203.0.113.0/24"] });
    const props = recording.get("cognitiveservices:Account", "agents-oai-cus").inputs.properties as Record<
      string,
      unknown
    >;
    expect(props.networkAcls).to.deep.equal({
      defaultAction: "Deny",
      ipRules: [{ value: "203.0.113.0/24" }],
    });
    expect(component.notes.join("\n")).to.include("from 203.0.113.0/24 only");
  });

  it("creates the resource groups when none are given", async () => {
    const { recording } = await build({ resourceGroups: undefined });
    expect(recording.get("ResourceGroup", "agents-rg-cus").location).to.equal("centralus");
  });

  describe("with private endpoints from a MirroredNetwork", () => {
    let recording: Recording;
    let component: RegionalOpenAi;
    before(async () => {
      recording = await record(() => {
        const net = new MirroredNetwork("net", {
          regions: { primary: "eastus2", standby: "centralus" },
          addressSpace: "10.20.0.0/16",
          subnets: [{ name: "endpoints", addressPrefix: "10.20.2.0/24" }],
          privateDnsZones: ["privatelink.openai.azure.com"],
        });
        component = new RegionalOpenAi("agents", {
          ...base,
          privateEndpoints: privateEndpointsIn(net.descriptor, "endpoints"),
        });
      });
    });

    it("disables public network access", () => {
      const props = recording.get("cognitiveservices:Account", "agents-oai-eus2").inputs.properties as Record<
        string,
        unknown
      >;
      expect(props).to.deep.include({
        publicNetworkAccess: "Disabled",
        networkAcls: { defaultAction: "Deny", ipRules: [], virtualNetworkRules: [] },
      });
      expect(component.notes.join("\n")).not.to.include("public traffic");
    });

    it("puts each account's endpoint in its own region's endpoints subnet", () => {
      for (const code of ["eus2", "cus"]) {
        const pe = recording.get("network:PrivateEndpoint", `agents-oai-pe-${code}`);
        const account = recording.get("cognitiveservices:Account", `agents-oai-${code}`);
        const vnet = recording.get("network:VirtualNetwork", `net-vnet-${code}`);
        expect(pe.location).to.equal(account.location);
        expect((pe.inputs.subnet as { id: string }).id).to.equal(`${vnet.id}/subnets/endpoints`);
        expect(pe.inputs.privateLinkServiceConnections).to.deep.equal([
          { name: "account", privateLinkServiceId: account.id, groupIds: ["account"] },
        ]);
      }
    });

    it("registers each endpoint in the network's private DNS zone", () => {
      const zone = recording.get("privatedns:PrivateZone", "net-dns-privatelink-openai-azure-com");
      for (const code of ["eus2", "cus"]) {
        const group = recording.get("network:PrivateDnsZoneGroup", `agents-oai-pe-dns-${code}`);
        expect(group.inputs.privateEndpointName).to.equal(
          recording.get("network:PrivateEndpoint", `agents-oai-pe-${code}`).outputs.name,
        );
        expect(group.inputs.privateDnsZoneConfigs).to.deep.equal([
          { name: "privatelink-openai-azure-com", privateDnsZoneId: zone.id },
        ]);
      }
    });
  });

  describe("with a drill VNet", () => {
    let recording: Recording;
    before(async () => {
      recording = await record(() => {
        const net = new MirroredNetwork("net", {
          regions: { primary: "eastus2", standby: "centralus" },
          addressSpace: "10.20.0.0/16",
          subnets: [{ name: "endpoints", addressPrefix: "10.20.2.0/24" }],
          privateDnsZones: ["privatelink.openai.azure.com"],
          drill: true,
        });
        new RegionalOpenAi("agents", {
          ...base,
          privateEndpoints: privateEndpointsIn(net.descriptor, "endpoints"),
        });
      });
    });

    it("gives the standby account a second endpoint in the drill VNet, registered in the drill's own zone", () => {
      const pe = recording.get("network:PrivateEndpoint", "agents-oai-pe-drill-cus");
      const drill = recording.get("network:VirtualNetwork", "net-vnet-drill-cus");
      const standby = recording.get("cognitiveservices:Account", "agents-oai-cus");
      expect((pe.inputs.subnet as { id: string }).id).to.equal(`${drill.id}/subnets/endpoints`);
      expect(pe.inputs.privateLinkServiceConnections).to.deep.equal([
        { name: "account", privateLinkServiceId: standby.id, groupIds: ["account"] },
      ]);
      expect(pe.inputs.tags).to.deep.include({ "failover-role": "drill" });
      const group = recording.get("network:PrivateDnsZoneGroup", "agents-oai-pe-drill-dns-cus");
      expect(group.inputs.privateDnsZoneConfigs).to.deep.equal([
        {
          name: "privatelink-openai-azure-com",
          privateDnsZoneId: recording.get(
            "privatedns:PrivateZone",
            "net-dns-drill-privatelink-openai-azure-com",
          ).id,
        },
      ]);
      // Only the standby models are drilled: the primary account has its one endpoint.
      expect(
        recording
          .ofType("network:PrivateEndpoint")
          .map((p) => p.name)
          .sort(),
      ).to.deep.equal(["agents-oai-pe-cus", "agents-oai-pe-drill-cus", "agents-oai-pe-eus2"]);
    });
  });

  describe("fails at construction, registering nothing, on", () => {
    const cases: [string, Partial<RegionalOpenAiArgs>, string, RegExp][] = [
      [
        "a private DNS zone id that is undefined (a mistyped key of a record of ids)",
        {
          privateEndpoints: {
            subnetIds: { primary: "/s/p", standby: "/s/s" },
            privateDnsZoneIds: { "privatelink.openai.azure.com": undefined as never },
          },
        },
        'privateEndpoints.privateDnsZoneIds["privatelink.openai.azure.com"]',
        /is undefined: give the zone's ARM id/,
      ],
      [
        "drill endpoints without their subnet",
        {
          privateEndpoints: {
            subnetIds: { primary: "/s/p", standby: "/s/s" },
            privateDnsZoneIds: { "privatelink.openai.azure.com": "/zones/prod" },
            drill: { privateDnsZoneIds: { "privatelink.openai.azure.com": "/zones/drill" } } as never,
          },
        },
        "privateEndpoints.drill",
        /must give the drill VNet's subnetId and its own privateDnsZoneIds/,
      ],
      [
        "drill endpoints in the production zones",
        {
          privateEndpoints: {
            subnetIds: { primary: "/s/p", standby: "/s/s" },
            privateDnsZoneIds: { "privatelink.openai.azure.com": "/zones/prod" },
            drill: { subnetId: "/s/d", privateDnsZoneIds: { "privatelink.openai.azure.com": "/zones/prod" } },
          },
        },
        "privateEndpoints.drill.privateDnsZoneIds",
        /repeats a production zone/,
      ],
      ["no deployments", { deployments: [] }, "deployments", /at least one model deployment/],
      [
        "an invalid subdomain prefix",
        { subdomainPrefix: "Contoso_Bots" },
        "subdomainPrefix",
        /must be 1-48 lower-case letters, digits and hyphens.*but got "Contoso_Bots"/,
      ],
      [
        "a subdomain prefix ending with a hyphen",
        { subdomainPrefix: "bots-" },
        "subdomainPrefix",
        /not ending with a hyphen/,
      ],
      [
        "an unknown kind",
        { kind: "Speech" as never },
        "kind",
        /must be "OpenAI" or "AIServices", but got "Speech"/,
      ],
      [
        "an invalid IP range",
        { allowedIpRanges: ["everyone"] },
        "allowedIpRanges[0]",
        /must be an IPv4 address or CIDR/,
      ],
      [
        "private endpoints without a standby subnet",
        { privateEndpoints: { subnetIds: { primary: "/x" } as never, privateDnsZoneIds: {} } },
        "privateEndpoints.subnetIds",
        /must give a subnet id for both primary and standby/,
      ],
      [
        "allowed IP ranges together with private endpoints",
        {
          privateEndpoints: { subnetIds: { primary: "/a", standby: "/b" }, privateDnsZoneIds: {} },
          allowedIpRanges: ["203.0.113.1"],
        },
        "allowedIpRanges",
        /has no effect with privateEndpoints/,
      ],
      [
        "outbound hosts that are not host names",
        { allowedOutboundHosts: ["https://search.example.com/"] },
        "allowedOutboundHosts",
        /at most 1,000 host names or IPv4 addresses .* but got \["https:\/\/search\.example\.com\/"\]/,
      ],
      [
        "outbound hosts that are not a list",
        { allowedOutboundHosts: "search.example.com" as never },
        "allowedOutboundHosts",
        /or false for no restriction/,
      ],
      [
        "the same region twice",
        { regions: { primary: "eastus2", standby: "eastus2" } },
        "regions.standby",
        /must differ/,
      ],
    ];
    for (const [what, over, argument, message] of cases) {
      it(what, () =>
        expectConstructionFailure(
          () => new RegionalOpenAi("agents", { ...base, ...over }),
          argument,
          message,
        ),
      );
    }
  });

  it("privateEndpointsIn fails on a subnet or zone the network does not have", async () => {
    await record(() => {
      const net = new MirroredNetwork("net", {
        regions: { primary: "eastus2", standby: "centralus" },
        addressSpace: "10.20.0.0/16",
        subnets: [{ name: "endpoints", addressPrefix: "10.20.2.0/24" }],
      });
      expect(() => privateEndpointsIn(net.descriptor, "pe")).to.throw(
        InvalidArgumentError,
        'subnetName "pe" is not a subnet of the network; its subnets are endpoints.',
      );
      expect(() =>
        privateEndpointsIn(net.descriptor, "endpoints", ["privatelink.openai.azure.com"]),
      ).to.throw(
        /zone "privatelink\.openai\.azure\.com" is not one of the network's private DNS zones \(none\)/,
      );
    });
  });
});
