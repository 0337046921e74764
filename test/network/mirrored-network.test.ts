import { expect } from "chai";
import { expectConstructionFailure, outputValue } from "../helpers";
import { MirroredNetwork, MirroredNetworkArgs } from "../../src";
import { RecordedResource, Recording, record } from "../../src/testing";

const base: MirroredNetworkArgs = {
  regions: { primary: "eastus2", standby: "centralus" },
  addressSpace: "10.20.0.0/16",
  subnets: [
    {
      name: "app",
      addressPrefix: "10.20.1.0/24",
      securityRules: [
        {
          name: "AllowHttpsFromFrontDoor",
          priority: 100,
          direction: "Inbound",
          access: "Allow",
          protocol: "Tcp",
          sourceAddressPrefixes: ["AzureFrontDoor.Backend"],
          destinationAddressPrefixes: ["VirtualNetwork"],
          destinationPortRanges: ["443"],
        },
      ],
    },
    { name: "endpoints", addressPrefix: "10.20.2.0/24", privateEndpointNetworkPolicies: "Disabled" },
  ],
  securityRules: [
    {
      name: "AllowVnetOutbound",
      priority: 200,
      direction: "Outbound",
      access: "Allow",
      sourceAddressPrefixes: ["VirtualNetwork"],
      destinationAddressPrefixes: ["VirtualNetwork"],
      destinationPortRanges: ["443", "8443"],
    },
  ],
};

const build = (over: Partial<MirroredNetworkArgs> = {}) => {
  let component: MirroredNetwork | undefined;
  return record(() => {
    component = new MirroredNetwork("agents", { ...base, ...over });
  }).then((recording) => ({ recording, component: component! }));
};

type Subnet = {
  name: string;
  addressPrefix: string;
  networkSecurityGroup?: { id: string };
  routeTable?: { id: string };
} & Record<string, unknown>;
const subnetsOf = (vnet: RecordedResource) => vnet.inputs.subnets as Subnet[];
const rulesOf = (nsg: RecordedResource) => nsg.inputs.securityRules as Record<string, unknown>[];

describe("MirroredNetwork", () => {
  describe("defaults", () => {
    let recording: Recording;
    let component: MirroredNetwork;
    before(async () => ({ recording, component } = await build()));

    it("creates a resource group, a VNet and one NSG per subnet in each region, and nothing else", () => {
      expect(recording.countByType()).to.deep.equal(
        new Map([
          ["azure-native:network:NetworkSecurityGroup", 4],
          ["azure-native:network:VirtualNetwork", 2],
          ["azure-native:resources:ResourceGroup", 2],
        ]),
      );
      expect(recording.get("ResourceGroup", "agents-rg-eus2").location).to.equal("eastus2");
      expect(recording.get("ResourceGroup", "agents-rg-cus").location).to.equal("centralus");
    });

    it("derives a distinct standby space and builds every subnet at the same offset", () => {
      const primary = recording.get("VirtualNetwork", "agents-vnet-eus2");
      const standby = recording.get("VirtualNetwork", "agents-vnet-cus");
      expect(primary.location).to.equal("eastus2");
      expect(standby.location).to.equal("centralus");
      expect(primary.inputs.addressSpace).to.deep.equal({ addressPrefixes: ["10.20.0.0/16"] });
      expect(standby.inputs.addressSpace).to.deep.equal({ addressPrefixes: ["10.21.0.0/16"] });
      expect(subnetsOf(primary).map((s) => [s.name, s.addressPrefix])).to.deep.equal([
        ["app", "10.20.1.0/24"],
        ["endpoints", "10.20.2.0/24"],
      ]);
      expect(subnetsOf(standby).map((s) => [s.name, s.addressPrefix])).to.deep.equal([
        ["app", "10.21.1.0/24"],
        ["endpoints", "10.21.2.0/24"],
      ]);
      expect(primary.inputs.resourceGroupName).to.equal(
        recording.get("ResourceGroup", "agents-rg-eus2").outputs.name,
      );
    });

    it("has identical NSG rules, rule for rule, in both regions", () => {
      for (const subnet of ["app", "endpoints"]) {
        const primary = recording.get("NetworkSecurityGroup", `agents-nsg-${subnet}-eus2`);
        const standby = recording.get("NetworkSecurityGroup", `agents-nsg-${subnet}-cus`);
        expect(primary.location).to.equal("eastus2");
        expect(standby.location).to.equal("centralus");
        expect(rulesOf(standby)).to.deep.equal(rulesOf(primary));
      }
      expect(rulesOf(recording.get("NetworkSecurityGroup", "agents-nsg-app-eus2"))).to.deep.equal([
        {
          name: "AllowVnetOutbound",
          priority: 200,
          direction: "Outbound",
          access: "Allow",
          protocol: "*",
          sourceAddressPrefix: "VirtualNetwork",
          sourcePortRange: "*",
          destinationAddressPrefix: "VirtualNetwork",
          destinationPortRanges: ["443", "8443"],
        },
        {
          name: "DenyInternetInbound",
          priority: 4096,
          direction: "Inbound",
          access: "Deny",
          protocol: "*",
          sourceAddressPrefix: "Internet",
          sourcePortRange: "*",
          destinationAddressPrefix: "*",
          destinationPortRange: "*",
          description:
            "Nothing from the Internet unless a rule above allows it (azure-ai-failover secure default).",
        },
        {
          name: "AllowHttpsFromFrontDoor",
          priority: 100,
          direction: "Inbound",
          access: "Allow",
          protocol: "Tcp",
          sourceAddressPrefix: "AzureFrontDoor.Backend",
          sourcePortRange: "*",
          destinationAddressPrefix: "VirtualNetwork",
          destinationPortRange: "443",
        },
      ]);
    });

    it("attaches each subnet to its own region's NSG", () => {
      for (const code of ["eus2", "cus"]) {
        for (const subnet of subnetsOf(recording.get("VirtualNetwork", `agents-vnet-${code}`))) {
          expect(recording.byId(subnet.networkSecurityGroup!.id)?.name).to.equal(
            `agents-nsg-${subnet.name}-${code}`,
          );
        }
      }
    });

    it("turns off default outbound access and keeps private endpoint network policies on unless asked", () => {
      const [app, endpoints] = subnetsOf(recording.get("VirtualNetwork", "agents-vnet-eus2"));
      expect(app).to.include({ defaultOutboundAccess: false, privateEndpointNetworkPolicies: "Enabled" });
      expect(endpoints).to.include({
        defaultOutboundAccess: false,
        privateEndpointNetworkPolicies: "Disabled",
      });
      expect(app).not.to.have.property("routeTable");
    });

    it("exposes each region's network: ids, subnet ids and prefixes, NSG ids", async () => {
      const vnetId = recording.get("VirtualNetwork", "agents-vnet-cus").id!;
      expect(await outputValue(component.standby.virtualNetworkId)).to.equal(vnetId);
      expect(await outputValue(component.standby.subnetIds.endpoints)).to.equal(
        `${vnetId}/subnets/endpoints`,
      );
      expect(component.standby.subnetPrefixes).to.deep.equal({
        app: "10.21.1.0/24",
        endpoints: "10.21.2.0/24",
      });
      expect(component.standby.addressSpace).to.equal("10.21.0.0/16");
      expect(await outputValue(component.primary.networkSecurityGroupIds.app)).to.equal(
        recording.get("NetworkSecurityGroup", "agents-nsg-app-eus2").id,
      );
      expect(component.drill).to.equal(undefined);
      expect(component.standby.firewallPrivateIp).to.equal(undefined);
      expect(component.descriptor.primary).to.equal(component.primary);
    });

    it("parents every resource to the component", () => {
      const self = recording.get("azure-ai-failover:network:MirroredNetwork", "agents");
      expect(recording.resources.filter((r) => r !== self).every((r) => r.parent === self.urn)).to.equal(
        true,
      );
    });
  });

  it("builds into given resource groups without creating any", async () => {
    const { recording } = await build({ resourceGroups: { primary: "rg-east", standby: "rg-central" } });
    expect(recording.ofType("ResourceGroup")).to.have.length(0);
    expect(recording.get("VirtualNetwork", "agents-vnet-eus2").inputs.resourceGroupName).to.equal("rg-east");
    expect(recording.get("NetworkSecurityGroup", "agents-nsg-app-cus").inputs.resourceGroupName).to.equal(
      "rg-central",
    );
  });

  it('reuses the primary\'s address space with standbyAddressSpace: "same"', async () => {
    const { recording } = await build({ standbyAddressSpace: "same" });
    const standby = recording.get("VirtualNetwork", "agents-vnet-cus");
    expect(standby.inputs.addressSpace).to.deep.equal({ addressPrefixes: ["10.20.0.0/16"] });
    expect(subnetsOf(standby)[0].addressPrefix).to.equal("10.20.1.0/24");
  });

  it("leaves out the deny-Internet rule only when asked", async () => {
    const { recording } = await build({ denyInternetInbound: false });
    expect(
      rulesOf(recording.get("NetworkSecurityGroup", "agents-nsg-endpoints-eus2")).map((r) => r.name),
    ).to.deep.equal(["AllowVnetOutbound"]);
  });

  it("maps delegations and service endpoints to ARM's shape", async () => {
    const { recording } = await build({
      subnets: [
        {
          name: "web",
          addressPrefix: "10.20.4.0/24",
          delegation: "Microsoft.Web/serverFarms",
          serviceEndpoints: ["Microsoft.Storage"],
        },
      ],
    });
    const [web] = subnetsOf(recording.get("VirtualNetwork", "agents-vnet-cus"));
    expect(web.delegations).to.deep.equal([{ name: "delegation", serviceName: "Microsoft.Web/serverFarms" }]);
    expect(web.serviceEndpoints).to.deep.equal([{ service: "Microsoft.Storage" }]);
  });

  it("peers the two VNets in both directions, each pointing at the other", async () => {
    const { recording } = await build({ peering: true });
    expect(recording.ofType("VirtualNetworkPeering")).to.have.length(2);
    const there = recording.get("VirtualNetworkPeering", "agents-peer-eus2-to-cus");
    const back = recording.get("VirtualNetworkPeering", "agents-peer-cus-to-eus2");
    const primary = recording.get("VirtualNetwork", "agents-vnet-eus2");
    const standby = recording.get("VirtualNetwork", "agents-vnet-cus");
    expect(there.inputs).to.deep.include({
      virtualNetworkName: primary.outputs.name,
      remoteVirtualNetwork: { id: standby.id },
      allowVirtualNetworkAccess: true,
      allowForwardedTraffic: true,
      useRemoteGateways: false,
    });
    expect(back.inputs).to.deep.include({
      virtualNetworkName: standby.outputs.name,
      remoteVirtualNetwork: { id: primary.id },
    });
  });

  describe("with a firewall", () => {
    let recording: Recording;
    let component: MirroredNetwork;
    before(async () => {
      ({ recording, component } = await build({
        subnets: [
          ...base.subnets,
          { name: "ingress", addressPrefix: "10.20.3.0/24", routeThroughFirewall: false },
        ],
        firewall: {
          ruleCollectionGroups: [
            {
              name: "platform",
              priority: 200,
              ruleCollections: [
                {
                  name: "azure-monitor",
                  priority: 100,
                  action: "Allow",
                  rules: [
                    {
                      ruleType: "ApplicationRule",
                      name: "monitor",
                      sourceAddresses: ["10.20.0.0/16", "10.21.0.0/16"],
                      protocols: [{ protocolType: "Https", port: 443 }],
                      targetFqdns: ["*.monitor.azure.com"],
                    },
                  ],
                },
              ],
            },
            {
              name: "apps",
              priority: 300,
              ruleCollections: [
                {
                  name: "ntp",
                  priority: 100,
                  action: "Allow",
                  rules: [
                    {
                      ruleType: "NetworkRule",
                      name: "ntp",
                      ipProtocols: ["UDP"],
                      sourceAddresses: ["*"],
                      destinationAddresses: ["*"],
                      destinationPorts: ["123"],
                    },
                  ],
                },
              ],
            },
          ],
        },
      }));
    });

    it("builds ONE policy, in the standby region, that both firewalls use", () => {
      const [policy] = recording.ofType("network:FirewallPolicy");
      expect(recording.ofType("network:FirewallPolicy")).to.have.length(1);
      expect(policy.location).to.equal("centralus");
      expect(policy.inputs).to.deep.include({ sku: { tier: "Standard" }, threatIntelMode: "Deny" });
      for (const code of ["eus2", "cus"]) {
        const fw = recording.get("network:AzureFirewall", `agents-fw-${code}`);
        expect(fw.inputs.firewallPolicy).to.deep.equal({ id: policy.id });
        expect(fw.inputs.sku).to.deep.equal({ name: "AZFW_VNet", tier: "Standard" });
      }
    });

    it("holds the rules in the policy's collection groups, written one after another", () => {
      const platform = recording.get("FirewallPolicyRuleCollectionGroup", "agents-fwrcg-platform");
      const apps = recording.get("FirewallPolicyRuleCollectionGroup", "agents-fwrcg-apps");
      const policy = recording.ofType("network:FirewallPolicy")[0];
      expect(platform.inputs.firewallPolicyName).to.equal(policy.outputs.name);
      expect(platform.inputs.priority).to.equal(200);
      expect(platform.inputs.ruleCollections).to.deep.equal([
        {
          ruleCollectionType: "FirewallPolicyFilterRuleCollection",
          name: "azure-monitor",
          priority: 100,
          action: { type: "Allow" },
          rules: [
            {
              ruleType: "ApplicationRule",
              name: "monitor",
              sourceAddresses: ["10.20.0.0/16", "10.21.0.0/16"],
              protocols: [{ protocolType: "Https", port: 443 }],
              targetFqdns: ["*.monitor.azure.com"],
            },
          ],
        },
      ]);
      expect(apps.dependencies).to.include(platform.urn);
      // The firewalls come after every group, and one after the other.
      const primary = recording.get("network:AzureFirewall", "agents-fw-eus2");
      const standby = recording.get("network:AzureFirewall", "agents-fw-cus");
      expect(primary.dependencies).to.include(apps.urn);
      expect(standby.dependencies).to.include.members([apps.urn, primary.urn]);
      // The platform's own group is written first.
      const own = recording.get(
        "FirewallPolicyRuleCollectionGroup",
        "agents-fwrcg-azure-ai-failover-platform",
      );
      expect(platform.dependencies).to.include(own.urn);
      expect(own.dependencies).to.include(policy.urn);
      expect(own.dependencies.filter((d) => d.includes("FirewallPolicyRuleCollectionGroup"))).to.deep.equal(
        [],
      );
    });

    it("allows what Site Recovery (both directions), Entra ID and Azure Monitor need, by service tag, from both VNets", () => {
      const own = recording.get(
        "FirewallPolicyRuleCollectionGroup",
        "agents-fwrcg-azure-ai-failover-platform",
      );
      expect(own.inputs.priority).to.equal(100);
      type Rule = {
        name: string;
        ruleType: string;
        ipProtocols: string[];
        sourceAddresses: string[];
        destinationAddresses: string[];
        destinationPorts: string[];
      };
      const collections = own.inputs.ruleCollections as {
        name: string;
        action: { type: string };
        rules: Rule[];
      }[];
      expect(collections.every((c) => c.action.type === "Allow")).to.equal(true);
      const rules = collections.flatMap((c) => c.rules);
      const byName = Object.fromEntries(rules.map((r) => [r.name, r.destinationAddresses]));
      expect(byName).to.deep.equal({
        // Storage of the source region: East US 2 to Central US, and Central US back for reprotect.
        "cache-storage": ["Storage.EastUS2", "Storage.CentralUS"],
        // Event Hubs of the target region, in each direction.
        "event-hub": ["EventHub.CentralUS", "EventHub.EastUS2"],
        "site-recovery": ["AzureSiteRecovery"],
        "agent-update": ["GuestAndHybridManagement"],
        "entra-id": ["AzureActiveDirectory"],
        "azure-monitor": ["AzureMonitor", "AzureResourceManager"],
      });
      for (const rule of rules) {
        expect(rule).to.deep.include({
          ruleType: "NetworkRule",
          ipProtocols: ["TCP"],
          destinationPorts: ["443"],
          sourceAddresses: ["10.20.0.0/16", "10.21.0.0/16"],
        });
      }
      // Service tags only: no FQDN network rule, so no DNS proxy is needed for them.
      expect(recording.ofType("network:FirewallPolicy")[0].inputs).not.to.have.property("dnsSettings");
    });

    it("gives each firewall two public IPs by default, the first holding the subnet", () => {
      for (const code of ["eus2", "cus"]) {
        const fw = recording.get("network:AzureFirewall", `agents-fw-${code}`);
        const configs = fw.inputs.ipConfigurations as {
          name: string;
          subnet?: unknown;
          publicIPAddress: { id: string };
        }[];
        expect(
          configs.map((c) => [c.name, Boolean(c.subnet), recording.byId(c.publicIPAddress.id)?.name]),
        ).to.deep.equal([
          ["ipconfig", true, `agents-fw-pip-${code}`],
          ["ipconfig2", false, `agents-fw-pip2-${code}`],
        ]);
      }
    });

    it("exposes each region's firewall public IPs", async () => {
      const ips = await Promise.all(component.primary.firewallPublicIps!.map(outputValue));
      expect(ips).to.have.length(2);
      expect(ips).to.deep.equal(
        ["agents-fw-pip-eus2", "agents-fw-pip2-eus2"].map(
          (n) => recording.get("PublicIPAddress", n).outputs.ipAddress,
        ),
      );
    });

    it("adds no service endpoint a subnet does not ask for: one would let its traffic to storage skip the firewall", () => {
      const subnets = subnetsOf(recording.get("VirtualNetwork", "agents-vnet-eus2"));
      expect(subnets.filter((x) => x.serviceEndpoints !== undefined)).to.deep.equal([]);
    });

    it("adds HTTPS egress to hosts known later, after every other write to the policy", async () => {
      const r = await record(() => {
        const net = new MirroredNetwork("agents", { ...base, firewall: true });
        net.allowHttpsEgress("endpoints", 150, ["fd.example.azurefd.net", "gw.azure-api.net"]);
      });
      const group = r.get("FirewallPolicyRuleCollectionGroup", "agents-fwrcg-endpoints");
      expect(group.inputs.priority).to.equal(150);
      expect(group.inputs.ruleCollections).to.deep.equal([
        {
          ruleCollectionType: "FirewallPolicyFilterRuleCollection",
          name: "https",
          priority: 100,
          action: { type: "Allow" },
          rules: [
            {
              ruleType: "ApplicationRule",
              name: "https",
              sourceAddresses: ["10.20.0.0/16", "10.21.0.0/16"],
              protocols: [{ protocolType: "Https", port: 443 }],
              targetFqdns: ["fd.example.azurefd.net", "gw.azure-api.net"],
            },
          ],
        },
      ]);
      expect(group.dependencies).to.include.members([
        r.get("FirewallPolicyRuleCollectionGroup", "agents-fwrcg-azure-ai-failover-platform").urn,
        r.get("network:AzureFirewall", "agents-fw-eus2").urn,
        r.get("network:AzureFirewall", "agents-fw-cus").urn,
      ]);
    });

    it("refuses allowHttpsEgress without a firewall, or on a priority already used", async () => {
      await record(() => {
        const plain = new MirroredNetwork("plain", base);
        expect(() => plain.allowHttpsEgress("x", 300, ["a.example.com"])).to.throw(/needs a firewall/);
        const net = new MirroredNetwork("agents", { ...base, firewall: true });
        expect(() => net.allowHttpsEgress("x", 100, ["a.example.com"])).to.throw(
          /clashes with "azure-ai-failover-platform" \(priority 100\)/,
        );
        expect(() => net.allowHttpsEgress("x", 300, [])).to.throw(/at least one host name/);
      });
    });

    it("makes each firewall and its public IP zone-redundant where the region has zones", () => {
      for (const code of ["eus2", "cus"]) {
        expect(recording.get("network:AzureFirewall", `agents-fw-${code}`).inputs.zones).to.deep.equal([
          "1",
          "2",
          "3",
        ]);
        expect(recording.get("PublicIPAddress", `agents-fw-pip-${code}`).inputs).to.deep.include({
          zones: ["1", "2", "3"],
          sku: { name: "Standard", tier: "Regional" },
          publicIPAllocationMethod: "Static",
        });
      }
    });

    it("puts each firewall in its own VNet's AzureFirewallSubnet, a /26", () => {
      for (const code of ["eus2", "cus"]) {
        const vnet = recording.get("VirtualNetwork", `agents-vnet-${code}`);
        const fwSubnet = subnetsOf(vnet).find((s) => s.name === "AzureFirewallSubnet")!;
        expect(fwSubnet.addressPrefix).to.equal(code === "eus2" ? "10.20.0.0/26" : "10.21.0.0/26");
        expect(fwSubnet).not.to.have.property("networkSecurityGroup");
        const fw = recording.get("network:AzureFirewall", `agents-fw-${code}`);
        const [ipconfig] = fw.inputs.ipConfigurations as {
          subnet: { id: string };
          publicIPAddress: { id: string };
        }[];
        expect(ipconfig.subnet.id).to.equal(`${vnet.id}/subnets/AzureFirewallSubnet`);
        expect(recording.byId(ipconfig.publicIPAddress.id)?.name).to.equal(`agents-fw-pip-${code}`);
      }
    });

    it("routes workload subnets' 0.0.0.0/0 to the local firewall, except subnets that opt out", async () => {
      for (const code of ["eus2", "cus"]) {
        const table = recording.get("RouteTable", `agents-rt-${code}`);
        expect(table.inputs.disableBgpRoutePropagation).to.equal(true);
        const route = recording.get("network:Route", `agents-rt-internet-${code}`);
        const fw = recording.get("network:AzureFirewall", `agents-fw-${code}`);
        expect(route.inputs).to.deep.include({
          addressPrefix: "0.0.0.0/0",
          nextHopType: "VirtualAppliance",
          routeTableName: table.outputs.name,
        });
        expect(route.inputs.nextHopIpAddress).to.equal(
          (fw.outputs.ipConfigurations as { privateIPAddress: string }[])[0].privateIPAddress,
        );
        const subnets = subnetsOf(recording.get("VirtualNetwork", `agents-vnet-${code}`));
        const routed = subnets.filter((s) => s.routeTable?.id === table.id).map((s) => s.name);
        expect(routed).to.deep.equal(["app", "endpoints"]);
      }
      const ip = await outputValue(component.primary.firewallPrivateIp!);
      expect(ip).to.match(/^\d+\.\d+\.\d+\.\d+$/);
    });

    it("takes the public IP count, and leaves the platform's rules out when asked", async () => {
      const { recording: r } = await build({ firewall: { publicIpCount: 4, platformRules: false } });
      expect(r.ofType("PublicIPAddress").filter((ip) => ip.location === "eastus2")).to.have.length(4);
      expect(r.ofType("FirewallPolicyRuleCollectionGroup")).to.deep.equal([]);
    });

    it("leaves firewalls without zones in regions that have none", async () => {
      const { recording: r } = await build({
        regions: { primary: "eastus2", standby: "northcentralus" },
        firewall: true,
      });
      expect(r.get("network:AzureFirewall", "agents-fw-ncus").inputs).not.to.have.property("zones");
      expect(r.get("network:AzureFirewall", "agents-fw-eus2").inputs.zones).to.deep.equal(["1", "2", "3"]);
    });

    it("takes the Premium tier, with IDPS alerting by default (Microsoft: Alert first, then Deny), and another threat-intel mode", async () => {
      const { recording: r } = await build({ firewall: { tier: "Premium", threatIntelMode: "Alert" } });
      expect(r.ofType("network:FirewallPolicy")[0].inputs).to.deep.include({
        sku: { tier: "Premium" },
        threatIntelMode: "Alert",
        intrusionDetection: { mode: "Alert" },
      });
      const { recording: denying } = await build({
        firewall: { tier: "Premium", intrusionDetection: "Deny" },
      });
      expect(denying.ofType("network:FirewallPolicy")[0].inputs.intrusionDetection).to.deep.equal({
        mode: "Deny",
      });
      expect(r.get("network:AzureFirewall", "agents-fw-cus").inputs.sku).to.deep.equal({
        name: "AZFW_VNet",
        tier: "Premium",
      });
    });
  });

  describe("with a drill network and private DNS zones", () => {
    let recording: Recording;
    let component: MirroredNetwork;
    before(async () => {
      ({ recording, component } = await build({
        drill: true,
        peering: true,
        firewall: true,
        privateDnsZones: ["privatelink.openai.azure.com", "privatelink.azure-api.net"],
      }));
    });

    it("builds the drill VNet in the standby region with the standby's space, subnets and NSGs", () => {
      const drill = recording.get("VirtualNetwork", "agents-vnet-drill-cus");
      const standby = recording.get("VirtualNetwork", "agents-vnet-cus");
      expect(drill.location).to.equal("centralus");
      expect(drill.inputs.addressSpace).to.deep.equal(standby.inputs.addressSpace);
      expect(drill.inputs.resourceGroupName).to.equal(standby.inputs.resourceGroupName);
      const workload = (vnet: RecordedResource) =>
        subnetsOf(vnet).filter((s) => s.name !== "AzureFirewallSubnet");
      expect(workload(drill).map((s) => [s.name, s.addressPrefix, s.networkSecurityGroup?.id])).to.deep.equal(
        workload(standby).map((s) => [s.name, s.addressPrefix, s.networkSecurityGroup?.id]),
      );
      expect(component.drill?.role).to.equal("drill");
    });

    it("keeps the drill VNet isolated: no firewall subnet or route, never peered", () => {
      const drill = recording.get("VirtualNetwork", "agents-vnet-drill-cus");
      expect(subnetsOf(drill).map((s) => s.name)).to.deep.equal(["app", "endpoints"]);
      expect(subnetsOf(drill).some((s) => s.routeTable)).to.equal(false);
      const peered = recording
        .ofType("VirtualNetworkPeering")
        .flatMap((p) => [p.inputs.virtualNetworkName, (p.inputs.remoteVirtualNetwork as { id: string }).id]);
      expect(peered).not.to.include(drill.outputs.name);
      expect(peered).not.to.include(drill.id);
    });

    it("creates each DNS zone once in the standby region's group, global, linked to the primary and standby VNets", () => {
      const zones = recording
        .ofType("privatedns:PrivateZone")
        .filter((z) => !z.name.startsWith("agents-dns-drill-"));
      expect(zones.map((z) => [z.inputs.privateZoneName, z.location]).sort()).to.deep.equal([
        ["privatelink.azure-api.net", "global"],
        ["privatelink.openai.azure.com", "global"],
      ]);
      const standbyGroup = recording.get("VirtualNetwork", "agents-vnet-cus").inputs.resourceGroupName;
      const vnets = ["agents-vnet-eus2", "agents-vnet-cus"]
        .map((n) => recording.get("VirtualNetwork", n).id)
        .sort();
      for (const zone of zones) {
        expect(zone.inputs.resourceGroupName).to.equal(standbyGroup);
        const links = recording
          .ofType("privatedns:VirtualNetworkLink")
          .filter(
            (l) =>
              l.inputs.privateZoneName === zone.outputs.name && l.inputs.resourceGroupName === standbyGroup,
          )
          .filter((l) => !l.name.includes("-drill-"));
        expect(links.map((l) => (l.inputs.virtualNetwork as { id: string }).id).sort()).to.deep.equal(vnets);
        expect(links.every((l) => l.inputs.registrationEnabled === false)).to.equal(true);
      }
    });

    it("gives the drill VNet zones of its own (in a group of their own: a group holds one zone of a name), linked to it alone", async () => {
      const drill = recording.get("VirtualNetwork", "agents-vnet-drill-cus");
      const links = recording.ofType("privatedns:VirtualNetworkLink");
      const drillLinks = links.filter((l) => (l.inputs.virtualNetwork as { id: string }).id === drill.id);
      const drillZones = recording
        .ofType("privatedns:PrivateZone")
        .filter((z) => z.name.startsWith("agents-dns-drill-"));
      expect(drillZones.map((z) => z.inputs.privateZoneName).sort()).to.deep.equal([
        "privatelink.azure-api.net",
        "privatelink.openai.azure.com",
      ]);
      const drillGroup = recording.get("ResourceGroup", "agents-rg-drill-cus");
      expect(drillGroup.location).to.equal("centralus");
      for (const zone of drillZones) expect(zone.inputs.resourceGroupName).to.equal(drillGroup.outputs.name);
      expect(new Set(recording.ofType("privatedns:PrivateZone").map((z) => z.id)).size).to.equal(4);
      expect(drillLinks.map((l) => l.inputs.privateZoneName).sort()).to.deep.equal(
        drillZones.map((z) => z.outputs.name).sort(),
      );
      // Each drill zone is linked to the drill VNet only.
      for (const zone of drillZones) {
        const linked = links.filter(
          (l) => l.inputs.privateZoneName === zone.outputs.name && l.dependencies.includes(zone.urn),
        );
        expect(linked.map((l) => (l.inputs.virtualNetwork as { id: string }).id)).to.deep.equal([drill.id]);
      }
      const ids = component.drillPrivateDnsZoneIds!;
      expect(await outputValue(ids["privatelink.openai.azure.com"])).to.equal(
        recording.get("privatedns:PrivateZone", "agents-dns-drill-privatelink-openai-azure-com").id,
      );
    });

    it("keeps the production zones in another group when told (a 0.1 stack keeps them in the primary's)", async () => {
      const { recording: r } = await build({
        resourceGroups: { primary: "rg-east", standby: "rg-central" },
        drill: true,
        drillResourceGroupName: "rg-drill",
        privateDnsZoneResourceGroupName: "rg-east",
        privateDnsZones: ["privatelink.openai.azure.com"],
      });
      const groupOf = (n: string) => r.get("privatedns:PrivateZone", n).inputs.resourceGroupName;
      expect(groupOf("agents-dns-privatelink-openai-azure-com")).to.equal("rg-east");
      expect(groupOf("agents-dns-drill-privatelink-openai-azure-com")).to.equal("rg-drill");
      expect(r.ofType("ResourceGroup")).to.deep.equal([]);
    });

    it("exposes the zone ids by name", async () => {
      const id = await outputValue(component.privateDnsZoneIds["privatelink.openai.azure.com"]);
      expect(id).to.equal(
        recording.get("privatedns:PrivateZone", "agents-dns-privatelink-openai-azure-com").id,
      );
    });
  });

  describe("with DDoS Network Protection", () => {
    it("leaves it off by default: no plan, no VNet asks for one", async () => {
      const { recording, component } = await build();
      expect(recording.ofType("network:DdosProtectionPlan")).to.deep.equal([]);
      for (const vnet of recording.ofType("network:VirtualNetwork")) {
        // azure-native sends false when it is not set.
        expect(vnet.inputs.enableDdosProtection).to.equal(false);
        expect(vnet.inputs.ddosProtectionPlan).to.equal(undefined);
      }
      expect(component.ddosProtectionPlanId).to.equal(undefined);
    });

    it("creates ONE plan in the standby region's group and attaches every VNet to it, the drill's too", async () => {
      const { recording, component } = await build({ ddosProtection: true, drill: true, firewall: true });
      const plans = recording.ofType("network:DdosProtectionPlan");
      expect(plans.map((p) => p.name)).to.deep.equal(["agents-ddos-cus"]);
      expect(plans[0].location).to.equal("centralus");
      expect(plans[0].inputs.resourceGroupName).to.equal(
        recording.get("ResourceGroup", "agents-rg-cus").outputs.name,
      );
      const vnets = recording.ofType("network:VirtualNetwork");
      expect(vnets.map((v) => v.name).sort()).to.deep.equal([
        "agents-vnet-cus",
        "agents-vnet-drill-cus",
        "agents-vnet-eus2",
      ]);
      for (const vnet of vnets) {
        expect(vnet.inputs.enableDdosProtection).to.equal(true);
        expect(vnet.inputs.ddosProtectionPlan).to.deep.equal({ id: plans[0].id });
      }
      expect(await outputValue(component.ddosProtectionPlanId!)).to.equal(plans[0].id);
    });

    it("uses the tenant's plan when given, creating none", async () => {
      const planId =
        "/subscriptions/00000000-0000-0000-0000-000000000009/resourceGroups/rg-connectivity/providers/Microsoft.Network/ddosProtectionPlans/ddos-tenant";
      const { recording } = await build({ ddosProtection: { planId } });
      expect(recording.ofType("network:DdosProtectionPlan")).to.deep.equal([]);
      for (const vnet of recording.ofType("network:VirtualNetwork")) {
        expect(vnet.inputs.enableDdosProtection).to.equal(true);
        expect(vnet.inputs.ddosProtectionPlan).to.deep.equal({ id: planId });
      }
    });
  });

  it("applies tags to every taggable resource", async () => {
    const { recording } = await build({
      tags: { costCenter: "ai-42" },
      firewall: true,
      privateDnsZones: ["privatelink.openai.azure.com"],
    });
    const taggable = recording.resources.filter(
      (r) =>
        r.custom &&
        !["azure-native:network:Route", "azure-native:network:FirewallPolicyRuleCollectionGroup"].includes(
          r.type,
        ),
    );
    for (const r of taggable) expect(r.inputs.tags, r.name).to.deep.include({ costCenter: "ai-42" });
  });

  describe("fails at construction, registering nothing, on", () => {
    const cases: [string, Partial<MirroredNetworkArgs>, string, RegExp][] = [
      [
        "an unknown region",
        { regions: { primary: "eastus-2", standby: "centralus" } },
        "regions.primary",
        /did you mean "eastus2"/,
      ],
      ["an invalid CIDR", { addressSpace: "10.20.0.0/40" }, "addressSpace", /must be an IPv4 CIDR block/],
      [
        "a rule priority that clashes with the deny-Internet rule",
        {
          securityRules: [
            {
              name: "late",
              priority: 4096,
              direction: "Inbound",
              access: "Allow",
              sourceAddressPrefixes: ["*"],
              destinationAddressPrefixes: ["*"],
              destinationPortRanges: ["22"],
            },
          ],
        },
        "securityRules[1].priority",
        /priority 4096 is already used by inbound rule "late"/,
      ],
      [
        "a subnet rule named like a network-wide rule",
        {
          subnets: [
            {
              name: "app",
              addressPrefix: "10.20.1.0/24",
              securityRules: [
                {
                  name: "AllowVnetOutbound",
                  priority: 300,
                  direction: "Outbound",
                  access: "Allow",
                  sourceAddressPrefixes: ["*"],
                  destinationAddressPrefixes: ["*"],
                  destinationPortRanges: ["*"],
                },
              ],
            },
          ],
        },
        "subnets[0].securityRules[2].name",
        /"AllowVnetOutbound" is used by another rule in the same NSG/,
      ],
      [
        "a bad firewall tier",
        { firewall: { tier: "Basic" as never } },
        "firewall.tier",
        /must be "Standard" or "Premium", but got "Basic"/,
      ],
      [
        "IDPS on the Standard tier",
        { firewall: { intrusionDetection: "Deny" } },
        "firewall.intrusionDetection",
        /needs tier "Premium" \(IDPS is a Premium feature\), but the tier is "Standard"/,
      ],
      [
        "an unknown IDPS mode",
        { firewall: { tier: "Premium", intrusionDetection: "Block" as never } },
        "firewall.intrusionDetection",
        /must be "Alert", "Deny" or "Off", but got "Block"/,
      ],
      [
        "no public IP for the firewall",
        { firewall: { publicIpCount: 0 } },
        "firewall.publicIpCount",
        /whole number from 1 to 250, but got 0/,
      ],
      [
        "a rule group in the platform group's slot",
        {
          firewall: {
            ruleCollectionGroups: [
              {
                name: "mine",
                priority: 100,
                ruleCollections: [
                  {
                    name: "c",
                    priority: 100,
                    action: "Allow",
                    rules: [
                      {
                        ruleType: "NetworkRule",
                        name: "r",
                        ipProtocols: ["TCP"],
                        sourceAddresses: ["*"],
                        destinationAddresses: ["*"],
                        destinationPorts: ["443"],
                      },
                    ],
                  },
                ],
              },
            ],
          },
        },
        "firewall.ruleCollectionGroups[0]",
        /uses priority 100, which the platform's own rule group "azure-ai-failover-platform" \(priority 100\) holds/,
      ],
      [
        "an FQDN in a network rule",
        {
          firewall: {
            ruleCollectionGroups: [
              {
                name: "apps",
                priority: 300,
                ruleCollections: [
                  {
                    name: "sftp",
                    priority: 100,
                    action: "Allow",
                    rules: [
                      {
                        ruleType: "NetworkRule",
                        name: "partner",
                        ipProtocols: ["TCP"],
                        sourceAddresses: ["10.20.1.0/24"],
                        destinationFqdns: ["sftp.partner.example"],
                        destinationPorts: ["22"],
                      },
                    ],
                  },
                ],
              },
            ],
          },
        },
        "firewall.ruleCollectionGroups[0].ruleCollections[0].rules[0].destinationFqdns",
        /needs the firewall's DNS proxy and every VNet's DNS servers pointed at the firewall.*use an ApplicationRule/,
      ],
      [
        "a drill DNS group that is a production group",
        {
          drill: true,
          privateDnsZones: ["privatelink.openai.azure.com"],
          resourceGroups: { primary: "rg-east", standby: "rg-central" },
          drillResourceGroupName: "RG-central",
        },
        "drillResourceGroupName",
        /"RG-central" is also a production group/,
      ],
      [
        "a drill DNS group that holds the production zones",
        {
          drill: true,
          privateDnsZones: ["privatelink.openai.azure.com"],
          privateDnsZoneResourceGroupName: "rg-dns",
          drillResourceGroupName: "rg-dns",
        },
        "drillResourceGroupName",
        /"rg-dns" is also a production group/,
      ],
      [
        "an invalid DNS zone",
        { privateDnsZones: ["Privatelink.OpenAI"] },
        "privateDnsZones[0]",
        /must be a lower-case DNS zone name/,
      ],
      [
        "a repeated DNS zone",
        { privateDnsZones: ["privatelink.openai.azure.com", "privatelink.openai.azure.com"] },
        "privateDnsZones[1]",
        /repeats/,
      ],
      [
        "half the resource groups",
        { resourceGroups: { primary: "rg" } as never },
        "resourceGroups",
        /must give both \{ primary, standby \} names/,
      ],
      [
        "a DDoS plan id that is not one",
        { ddosProtection: { planId: "ddos-tenant" } },
        "ddosProtection",
        /must be true, false or \{ planId \} with the ARM id of a DDoS protection plan.*got \{"planId":"ddos-tenant"\}/,
      ],
      [
        "a DDoS setting that is neither a boolean nor a plan",
        { ddosProtection: "on" as never },
        "ddosProtection",
        /must be true, false or \{ planId \}.*got "on"/,
      ],
      [
        "tags that are not strings",
        { tags: { n: 1 } as never },
        "tags",
        /must map tag names to string values/,
      ],
    ];
    for (const [what, over, argument, message] of cases) {
      it(what, () =>
        expectConstructionFailure(
          () => new MirroredNetwork("agents", { ...base, ...over }),
          argument,
          message,
        ),
      );
    }
  });
});
