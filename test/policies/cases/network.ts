import { PolicyCase, res, stack } from "./builder";

const NSG = "azure-native:network:NetworkSecurityGroup";
const RULE = "azure-native:network:SecurityRule";
const VNET = "azure-native:network:VirtualNetwork";
const SUBNET = "azure-native:network:Subnet";
const FLOWLOG = "azure-native:network:FlowLog";
const FIREWALL = "azure-native:network:AzureFirewall";
const FWPOLICY = "azure-native:network:FirewallPolicy";
const RCG = "azure-native:network:FirewallPolicyRuleCollectionGroup";
const PIP = "azure-native:network:PublicIPAddress";
const DDOS = "azure-native:network:DdosProtectionPlan";
const PE = "azure-native:network:PrivateEndpoint";
const ZONEGROUP = "azure-native:network:PrivateDnsZoneGroup";
const BASTION = "azure-native:network:BastionHost";
const NAT = "azure-native:network:NatGateway";
const STORAGE = "azure-native:storage:StorageAccount";
const sub =
  "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network";
const zones = ["1", "2", "3"];

const rule = (over: Record<string, unknown> = {}) => ({
  name: "allow-frontdoor",
  priority: 100,
  direction: "Inbound",
  access: "Allow",
  protocol: "Tcp",
  sourceAddressPrefix: "AzureFrontDoor.Backend",
  sourcePortRange: "*",
  destinationAddressPrefix: "*",
  destinationPortRange: "443",
  ...over,
});
const nsgWith = (...securityRules: Record<string, unknown>[]) =>
  res(NSG, { location: "eastus2", securityRules }, { name: "app-nsg-eus2" });

const subnet = (over: Record<string, unknown> = {}) => ({
  name: "app",
  addressPrefix: "10.0.1.0/24",
  networkSecurityGroup: { id: `${sub}/networkSecurityGroups/app-nsg` },
  privateEndpointNetworkPolicies: "Enabled",
  ...over,
});
const vnet = (over: Record<string, unknown> = {}, name = "vnet-eus2") =>
  res(
    VNET,
    {
      location: "eastus2",
      addressSpace: { addressPrefixes: ["10.0.0.0/16"] },
      subnets: [subnet(), { name: "AzureFirewallSubnet", addressPrefix: "10.0.2.0/26" }],
      ...over,
    },
    { name },
  );

const flowLog = (over: Record<string, unknown> = {}) =>
  res(FLOWLOG, {
    location: "eastus2",
    networkWatcherName: "NetworkWatcher_eastus2",
    resourceGroupName: "NetworkWatcherRG",
    storageId: "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/flowlogs",
    targetResourceId: `${sub}/virtualNetworks/vnet-eus2`,
    enabled: true,
    retentionPolicy: { enabled: true, days: 90 },
    flowAnalyticsConfiguration: {
      networkWatcherFlowAnalyticsConfiguration: {
        enabled: true,
        workspaceResourceId:
          "/subscriptions/0/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/logs",
        trafficAnalyticsInterval: 10,
      },
    },
    ...over,
  });

const firewall = (over: Record<string, unknown> = {}) =>
  res(FIREWALL, {
    location: "eastus2",
    sku: { name: "AZFW_VNet", tier: "Standard" },
    zones,
    firewallPolicy: { id: `${sub}/firewallPolicies/fwpolicy` },
    ipConfigurations: [
      {
        name: "ipconfig",
        subnet: { id: `${sub}/virtualNetworks/vnet/subnets/AzureFirewallSubnet` },
        publicIPAddress: { id: `${sub}/publicIPAddresses/pip1` },
      },
      { name: "ipconfig2", publicIPAddress: { id: `${sub}/publicIPAddresses/pip2` } },
    ],
    ...over,
  });
const fwPolicy = (over: Record<string, unknown> = {}) =>
  res(
    FWPOLICY,
    { location: "centralus", sku: { tier: "Standard" }, threatIntelMode: "Deny", ...over },
    { name: "fwpolicy" },
  );
const ruleGroup = (policy: ReturnType<typeof fwPolicy>, rules: Record<string, unknown>[]) =>
  res(
    RCG,
    {
      firewallPolicyName: "fwpolicy",
      priority: 200,
      ruleCollections: [
        {
          name: "egress",
          priority: 100,
          ruleCollectionType: "FirewallPolicyFilterRuleCollection",
          action: { type: "Allow" },
          rules,
        },
      ],
    },
    { dependsOn: [policy] },
  );
const fqdnNetworkRule = {
  ruleType: "NetworkRule",
  name: "ntp",
  ipProtocols: ["UDP"],
  sourceAddresses: ["10.0.0.0/16"],
  destinationFqdns: ["time.windows.com"],
  destinationPorts: ["123"],
};
const appRule = {
  ruleType: "ApplicationRule",
  name: "github",
  sourceAddresses: ["10.0.0.0/16"],
  targetFqdns: ["github.com"],
  protocols: [{ protocolType: "Https", port: 443 }],
};

const pip = (over: Record<string, unknown> = {}) =>
  res(PIP, {
    location: "eastus2",
    sku: { name: "Standard", tier: "Regional" },
    publicIPAllocationMethod: "Static",
    zones,
    ...over,
  });

const endpoint = (name: string) =>
  res(
    PE,
    {
      location: "eastus2",
      privateEndpointName: name,
      subnet: { id: `${sub}/virtualNetworks/vnet/subnets/endpoints` },
      privateLinkServiceConnections: [
        { name: "account", groupIds: ["account"], privateLinkServiceId: "/subscriptions/0/x/accounts/oai" },
      ],
    },
    { name },
  );

export const cases: Record<string, PolicyCase> = {
  "network-nsg-rules-match-standby": {
    compliant: [
      stack(
        res(NSG, { location: "eastus2", securityRules: [rule()] }, { name: "agents-nsg-app-eus2" }),
        res(
          NSG,
          { location: "centralus", securityRules: [rule({ access: "allow", direction: "inbound" })] },
          { name: "agents-nsg-app-cus" },
        ),
      ),
    ],
    failing: [
      {
        ...stack(
          res(NSG, { location: "eastus2", securityRules: [rule()] }, { name: "agents-nsg-app-eus2" }),
          res(
            NSG,
            { location: "centralus", securityRules: [rule({ destinationPortRange: "8443" })] },
            { name: "agents-nsg-app-cus" },
          ),
        ),
        expect: /agents-nsg-app-cus \(centralus\) differs .* allow-frontdoor/,
      },
    ],
  },
  "network-nsg-deny-inbound-any-any-internet": {
    compliant: [
      stack(
        nsgWith(
          rule(),
          rule({ name: "deny-all", access: "Deny", sourceAddressPrefix: "*", destinationPortRange: "*" }),
        ),
      ),
    ],
    failing: [
      {
        ...stack(
          nsgWith(
            rule({
              name: "open",
              access: "allow",
              sourceAddressPrefix: "Internet",
              destinationPortRange: "*",
            }),
          ),
        ),
        expect: /rule open allows any source/,
      },
      {
        ...stack(
          res(
            RULE,
            rule({
              name: "wide",
              sourceAddressPrefixes: ["0.0.0.0/0"],
              sourceAddressPrefix: undefined,
              destinationPortRange: "0-65535",
            }),
          ),
        ),
        expect: /rule wide allows any source/,
      },
    ],
  },
  "network-nsg-restrict-management-ports": {
    compliant: [
      stack(
        nsgWith(
          rule(),
          rule({ name: "ssh-admin", destinationPortRange: "22", sourceAddressPrefix: "203.0.113.10/32" }),
        ),
        res(
          RULE,
          rule({ name: "rdp-vnet", destinationPortRange: "3389", sourceAddressPrefix: "VirtualNetwork" }),
        ),
      ),
    ],
    failing: [
      {
        ...stack(nsgWith(rule({ name: "ssh", destinationPortRange: "22", sourceAddressPrefix: "*" }))),
        expect: /rule ssh opens SSH \(22\)/,
      },
      {
        ...stack(
          res(
            RULE,
            rule({
              name: "mgmt",
              destinationPortRange: undefined,
              destinationPortRanges: ["3000-3500"],
              sourceAddressPrefix: "Internet",
            }),
          ),
        ),
        expect: /rule mgmt opens RDP \(3389\)/,
      },
      {
        ...stack(nsgWith(rule({ name: "all", destinationPortRange: "*", sourceAddressPrefix: "0.0.0.0/0" }))),
        expect: /SSH \(22\) and RDP \(3389\)/,
      },
    ],
  },
  "network-firewall-require-zone-redundancy": {
    compliant: [stack(firewall()), stack(firewall({ location: "northcentralus", zones: undefined }))],
    failing: [
      { ...stack(firewall({ zones: ["1"] })), expect: /firewall in eastus2 is in zone 1/ },
      {
        ...stack(firewall({ location: undefined, zones: undefined })),
        context: { defaultLocation: "eastus2" },
        expect: /firewall in eastus2 is in no zone/,
      },
    ],
  },
  "network-vnet-enable-ddos-protection": {
    compliant: [
      stack(
        vnet({ enableDdosProtection: true, ddosProtectionPlan: { id: `${sub}/ddosProtectionPlans/plan` } }),
      ),
    ],
    failing: [
      { ...stack(vnet()), expect: /VNet vnet-eus2 has no DDoS Protection plan/ },
      {
        ...stack(vnet({ enableDdosProtection: true })),
        expect: /enableDdosProtection is true but no ddosProtectionPlan/,
      },
    ],
  },
  "network-vnet-require-subnet-nsg": {
    compliant: [
      stack(vnet()),
      stack(
        res(SUBNET, {
          subnetName: "GatewaySubnet",
          virtualNetworkName: "vnet",
          addressPrefix: "10.0.3.0/27",
        }),
      ),
    ],
    failing: [
      {
        ...stack(vnet({ subnets: [subnet({ networkSecurityGroup: undefined })] })),
        expect: /subnet app has no network security group/,
      },
      {
        ...stack(
          res("azure-native:network/v20230501:Subnet", {
            subnetName: "data",
            virtualNetworkName: "vnet",
            addressPrefix: "10.0.4.0/24",
          }),
        ),
        expect: /subnet data has no network security group/,
      },
    ],
  },
  "network-subnet-enable-private-endpoint-policies": {
    compliant: [
      stack(vnet()),
      stack(
        vnet({
          subnets: [subnet({ networkSecurityGroup: undefined, privateEndpointNetworkPolicies: undefined })],
        }),
      ),
      stack(
        res(SUBNET, {
          subnetName: "endpoints",
          networkSecurityGroup: { id: "nsg" },
          privateEndpointNetworkPolicies: "networkSecurityGroupEnabled",
        }),
      ),
    ],
    failing: [
      {
        ...stack(vnet({ subnets: [subnet({ privateEndpointNetworkPolicies: undefined })] })),
        expect:
          /subnet app has privateEndpointNetworkPolicies unset \(Disabled\): its network security group/,
      },
      {
        ...stack(
          res(SUBNET, {
            subnetName: "endpoints",
            networkSecurityGroup: { id: "nsg" },
            routeTable: { id: "rt" },
            privateEndpointNetworkPolicies: "NetworkSecurityGroupEnabled",
          }),
        ),
        expect: /its route table do not apply/,
      },
    ],
  },
  "network-flowlog-target-virtual-network": {
    compliant: [stack(flowLog())],
    failing: [
      {
        ...stack(flowLog({ targetResourceId: `${sub}/networkSecurityGroups/app-nsg` })),
        expect: /targets a network security group/,
      },
    ],
  },
  "network-flowlog-require-enabled": {
    compliant: [stack(flowLog()), stack(flowLog({ enabled: undefined }))],
    failing: [{ ...stack(flowLog({ enabled: false })), expect: /has enabled: false/ }],
  },
  "network-flowlog-require-retention": {
    compliant: [
      stack(flowLog()),
      stack(flowLog({ retentionPolicy: { enabled: true, days: 0 } })),
      stack(flowLog({ retentionPolicy: undefined })),
    ],
    failing: [
      {
        ...stack(flowLog({ retentionPolicy: { enabled: true, days: 7 } })),
        expect: /keeps records for 7 days .* less than 90/,
      },
      {
        ...stack(flowLog({ retentionPolicy: { enabled: true, days: 90 } })),
        settings: { minimumDays: 365 },
        expect: /less than 365/,
      },
    ],
  },
  "network-flowlog-require-storage-in-target-region": {
    compliant: [
      (() => {
        const v = vnet();
        const account = res(
          STORAGE,
          { location: "eastus2", sku: { name: "Standard_ZRS" } },
          { name: "flowlogs" },
        );
        return stack(v, account, flowLog({ storageId: account.props.id, targetResourceId: v.props.id }));
      })(),
      // An account outside the stack is not judged.
      stack(flowLog()),
    ],
    failing: [
      {
        ...(() => {
          const v = vnet();
          const account = res(
            STORAGE,
            { location: "centralus", sku: { name: "Standard_ZRS" } },
            { name: "flowlogs" },
          );
          return stack(v, account, flowLog({ storageId: account.props.id, targetResourceId: v.props.id }));
        })(),
        expect: /in centralus, but logs traffic in eastus2/,
      },
      {
        ...(() => {
          const account = res(
            STORAGE,
            { location: "eastus2", sku: { name: "Premium_LRS" } },
            { name: "flowlogs" },
          );
          return stack(account, flowLog({ storageId: account.props.id }));
        })(),
        expect: /sku Premium_LRS: flow logs support standard accounts only/,
      },
    ],
  },
  "network-flowlog-enable-traffic-analytics": {
    compliant: [stack(flowLog())],
    failing: [
      { ...stack(flowLog({ flowAnalyticsConfiguration: undefined })), expect: /has no traffic analytics/ },
      {
        ...stack(
          flowLog({
            flowAnalyticsConfiguration: {
              networkWatcherFlowAnalyticsConfiguration: { enabled: true, trafficAnalyticsInterval: 30 },
            },
          }),
        ),
        expect: /trafficAnalyticsInterval 30/,
      },
    ],
  },
  "network-vnet-require-flow-log": {
    compliant: [
      (() => {
        const v = vnet();
        return stack(v, flowLog({ targetResourceId: String(v.props.id).toUpperCase() }));
      })(),
      (() => {
        const v = vnet({}, "vnet-cus");
        return stack(
          v,
          res(
            FLOWLOG,
            {
              targetResourceId: "unknown-until-deployed",
              storageId: "s",
              networkWatcherName: "nw",
              resourceGroupName: "rg",
            },
            { dependsOn: [v] },
          ),
        );
      })(),
    ],
    failing: [
      { ...stack(vnet({}, "vnet-cus"), flowLog()), expect: /VNet vnet-cus has no enabled flow log/ },
      (() => {
        const v = vnet();
        return {
          ...stack(v, flowLog({ targetResourceId: v.props.id, enabled: false })),
          expect: /VNet vnet-eus2 has no enabled flow log/,
        };
      })(),
    ],
  },
  "network-firewallpolicy-require-threat-intel-deny": {
    compliant: [stack(fwPolicy()), stack(fwPolicy({ threatIntelMode: "deny" }))],
    failing: [
      {
        ...stack(fwPolicy({ threatIntelMode: "Alert" })),
        expect: /threatIntelMode Alert: .* at most alerted on/,
      },
      { ...stack(fwPolicy({ threatIntelMode: "Off" })), expect: /not even logged/ },
      {
        ...stack(
          res(
            "azure-native:network/v20240301:FirewallPolicy",
            { sku: { tier: "Standard" } },
            { name: "legacy" },
          ),
        ),
        expect: /legacy has threatIntelMode unset/,
      },
    ],
  },
  "network-firewall-require-threat-intel-deny": {
    compliant: [stack(firewall()), stack(firewall({ firewallPolicy: undefined, threatIntelMode: "Deny" }))],
    failing: [
      {
        ...stack(firewall({ firewallPolicy: undefined, threatIntelMode: "Alert" })),
        expect: /\(classic rules\) has threatIntelMode Alert/,
      },
    ],
  },
  "network-firewallpolicy-enable-idps": {
    compliant: [
      stack(fwPolicy({ sku: { tier: "Premium" }, intrusionDetection: { mode: "Alert" } })),
      stack(fwPolicy()),
    ],
    failing: [
      {
        ...stack(fwPolicy({ sku: { tier: "premium" }, intrusionDetection: { mode: "off" } })),
        expect: /intrusionDetection.mode Off/,
      },
    ],
  },
  "network-firewallpolicy-enable-dns-proxy": {
    compliant: [
      (() => {
        const p = fwPolicy();
        return stack(p, ruleGroup(p, [appRule]));
      })(),
      (() => {
        const p = fwPolicy({ dnsSettings: { enableProxy: true } });
        return stack(p, ruleGroup(p, [fqdnNetworkRule]));
      })(),
    ],
    failing: [
      (() => {
        const p = fwPolicy();
        return {
          ...stack(p, ruleGroup(p, [appRule, fqdnNetworkRule])),
          expect: /destinationFqdns \(ntp\) but no DNS proxy/,
        };
      })(),
    ],
  },
  "network-firewall-require-standard-tier": {
    compliant: [stack(firewall(), fwPolicy())],
    failing: [
      { ...stack(firewall({ sku: { name: "AZFW_VNet", tier: "Basic" } })), expect: /is on the Basic tier/ },
      {
        ...stack(fwPolicy({ sku: { tier: "basic" } })),
        expect: /firewall policy fwpolicy is on the Basic tier/,
      },
    ],
  },
  "network-firewall-require-multiple-public-ips": {
    compliant: [
      stack(firewall()),
      stack(firewall({ ipConfigurations: undefined, virtualHub: { id: "hub" } })),
    ],
    failing: [
      {
        ...stack(firewall({ ipConfigurations: [{ name: "ipconfig", publicIPAddress: { id: "pip" } }] })),
        expect: /has 1 public IP configuration:/,
      },
    ],
  },
  "network-publicip-require-standard-sku": {
    compliant: [stack(pip())],
    failing: [
      {
        ...stack(pip({ sku: { name: "Basic" }, zones: undefined })),
        expect: /is Basic SKU, retired on 30 September 2025/,
      },
      {
        ...stack(res("azure-native:network/v20220701:PublicIPAddress", { sku: { name: "basic" } })),
        expect: /Basic SKU/,
      },
    ],
  },
  "network-publicip-require-zone-redundancy": {
    compliant: [
      stack(pip()),
      stack(pip({ location: "northcentralus", zones: undefined })),
      stack(pip({ sku: { name: "Standard", tier: "Global" }, zones: undefined })),
    ],
    failing: [
      { ...stack(pip({ zones: ["2"] })), expect: /is zonal \(zone 2\)/ },
      {
        ...stack(pip({ location: undefined, zones: undefined })),
        context: { defaultLocation: "eastus2" },
        expect: /in eastus2 is non-zonal/,
      },
    ],
  },
  "network-ddosplan-protect-vnets": {
    compliant: [
      (() => {
        const plan = res(DDOS, { location: "eastus2" }, { name: "plan" });
        return stack(plan, vnet({ enableDdosProtection: true, ddosProtectionPlan: { id: plan.props.id } }));
      })(),
    ],
    failing: [
      {
        ...stack(res(DDOS, { location: "eastus2" }, { name: "plan" }), vnet()),
        expect: /DDoS Protection plan plan protects no VNet/,
      },
    ],
  },
  "network-privateendpoint-require-dns-zone-group": {
    compliant: [
      (() => {
        const pe = endpoint("oai-pe");
        return stack(
          pe,
          res(ZONEGROUP, {
            privateEndpointName: "oai-pe",
            privateDnsZoneConfigs: [{ name: "openai", privateDnsZoneId: "zone" }],
          }),
        );
      })(),
      (() => {
        const pe = endpoint("pg-pe");
        return stack(pe, res(ZONEGROUP, { privateEndpointName: "computed-later" }, { dependsOn: [pe] }));
      })(),
    ],
    failing: [
      { ...stack(endpoint("kv-pe")), expect: /private endpoint kv-pe has no private DNS zone group/ },
    ],
  },
  "network-bastion-require-zone-redundancy": {
    compliant: [stack(res(BASTION, { location: "eastus2", sku: { name: "Standard" }, zones }))],
    failing: [
      {
        ...stack(res(BASTION, { location: "eastus2", sku: { name: "Standard" } }, { name: "bastion" })),
        expect: /Bastion bastion in eastus2 is in no zone/,
      },
    ],
  },
  "network-natgateway-require-zone": {
    compliant: [
      stack(res(NAT, { location: "eastus2", sku: { name: "Standard" }, zones: ["1"] })),
      stack(res(NAT, { location: "northcentralus" })),
    ],
    failing: [
      {
        ...stack(res(NAT, { sku: { name: "Standard" } }, { name: "nat" })),
        context: { defaultLocation: "eastus2" },
        expect: /NAT gateway nat in eastus2 names no zone/,
      },
    ],
  },
};
