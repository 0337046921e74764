import { expect } from "chai";
import {
  InvalidArgumentError,
  checkFirewallRules,
  checkSecurityRules,
  contains,
  firstFreeBlock,
  nextBlock,
  overlaps,
  parseCidr,
  planAddresses,
  translate,
} from "../../src";
import type { FirewallRuleCollectionGroupSpec, SecurityRuleSpec } from "../../src";

const c = (text: string) => parseCidr("x", text);

describe("CIDR arithmetic", () => {
  it("parses a block into base, prefix, size and canonical text", () => {
    expect(c("10.20.0.0/16")).to.deep.equal({
      base: 0x0a140000,
      prefix: 16,
      size: 65536,
      text: "10.20.0.0/16",
    });
    expect(c("0.0.0.0/0").size).to.equal(2 ** 32);
  });

  for (const bad of ["10.20.0.0", "10.20.0.256/24", "10.20.0.0/33", "ten/8", "", "10.20.0.0/16 "]) {
    it(`rejects ${JSON.stringify(bad)}`, () => {
      expect(() => parseCidr("addressSpace", bad))
        .to.throw(
          InvalidArgumentError,
          `addressSpace must be an IPv4 CIDR block such as "10.20.0.0/16", but got ${JSON.stringify(bad)}.`,
        )
        .with.property("argument", "addressSpace");
    });
  }

  it("rejects host bits, giving the network address", () => {
    expect(() => parseCidr("subnets[0].addressPrefix", "10.20.1.5/24")).to.throw(
      'subnets[0].addressPrefix "10.20.1.5/24" has host bits set: the network address of that block is "10.20.1.0/24".',
    );
  });

  it("tells containment and overlap", () => {
    expect(contains(c("10.20.0.0/16"), c("10.20.255.0/24"))).to.equal(true);
    expect(contains(c("10.20.0.0/16"), c("10.21.0.0/24"))).to.equal(false);
    expect(contains(c("10.20.0.0/24"), c("10.20.0.0/16"))).to.equal(false);
    expect(overlaps(c("10.20.0.0/16"), c("10.20.128.0/17"))).to.equal(true);
    expect(overlaps(c("10.20.0.0/24"), c("10.20.1.0/24"))).to.equal(false);
  });

  it("finds the next block of the same size, and none past the end of the address range", () => {
    expect(nextBlock(c("10.20.0.0/16"))?.text).to.equal("10.21.0.0/16");
    expect(nextBlock(c("255.255.0.0/16"))).to.equal(undefined);
  });

  it("moves a subnet to the same offset in another space", () => {
    expect(translate(c("10.20.7.0/24"), c("10.20.0.0/16"), c("172.16.0.0/16")).text).to.equal(
      "172.16.7.0/24",
    );
  });

  it("finds the first free block, skipping used ones", () => {
    expect(firstFreeBlock(c("10.0.0.0/24"), 26, [c("10.0.0.0/26"), c("10.0.0.128/26")])?.text).to.equal(
      "10.0.0.64/26",
    );
    expect(firstFreeBlock(c("10.0.0.0/24"), 26, [c("10.0.0.0/24")])).to.equal(undefined);
    expect(firstFreeBlock(c("10.0.0.0/27"), 26, [])).to.equal(undefined);
  });
});

describe("planAddresses", () => {
  const subnets = [
    { name: "app", addressPrefix: "10.20.1.0/24" },
    { name: "endpoints", addressPrefix: "10.20.2.0/24" },
  ];
  const texts = (plan: ReturnType<typeof planAddresses>) =>
    Object.fromEntries([...plan.subnets].map(([n, [p, s]]) => [n, [p.text, s.text]]));

  it("derives the standby space as the next block and moves every subnet with it", () => {
    const plan = planAddresses({ addressSpace: "10.20.0.0/16", subnets, peering: false });
    expect(plan.standbySpace.text).to.equal("10.21.0.0/16");
    expect(plan.sameAddressSpace).to.equal(false);
    expect(texts(plan)).to.deep.equal({
      app: ["10.20.1.0/24", "10.21.1.0/24"],
      endpoints: ["10.20.2.0/24", "10.21.2.0/24"],
    });
  });

  it('reuses the primary\'s space with "same"', () => {
    const plan = planAddresses({
      addressSpace: "10.20.0.0/16",
      standbyAddressSpace: "same",
      subnets,
      peering: false,
    });
    expect(plan.sameAddressSpace).to.equal(true);
    expect(texts(plan).app).to.deep.equal(["10.20.1.0/24", "10.20.1.0/24"]);
  });

  it("takes a given standby space", () => {
    const plan = planAddresses({
      addressSpace: "10.20.0.0/16",
      standbyAddressSpace: "10.40.0.0/16",
      subnets,
      peering: true,
    });
    expect(texts(plan).endpoints).to.deep.equal(["10.20.2.0/24", "10.40.2.0/24"]);
  });

  it("places AzureFirewallSubnet in the first free /26 when a firewall is asked for", () => {
    const plan = planAddresses({ addressSpace: "10.20.0.0/16", subnets, peering: false, firewall: {} });
    expect(texts(plan).AzureFirewallSubnet).to.deep.equal(["10.20.0.0/26", "10.21.0.0/26"]);
  });

  it("takes a given firewall subnet prefix", () => {
    const plan = planAddresses({
      addressSpace: "10.20.0.0/16",
      subnets,
      peering: false,
      firewall: { subnetPrefix: "10.20.255.0/26" },
    });
    expect(texts(plan).AzureFirewallSubnet).to.deep.equal(["10.20.255.0/26", "10.21.255.0/26"]);
  });

  const fails: [string, Parameters<typeof planAddresses>[0], string, RegExp][] = [
    [
      "an invalid address space",
      { addressSpace: "10.20.0.0", subnets, peering: false },
      "addressSpace",
      /must be an IPv4 CIDR block/,
    ],
    [
      "a standby space of another size",
      { addressSpace: "10.20.0.0/16", standbyAddressSpace: "10.40.0.0/20", subnets, peering: false },
      "standbyAddressSpace",
      /standbyAddressSpace "10\.40\.0\.0\/20" must be the same size as addressSpace "10\.20\.0\.0\/16" \(\/16\)/,
    ],
    [
      "peering with the same space",
      { addressSpace: "10.20.0.0/16", standbyAddressSpace: "same", subnets, peering: true },
      "peering",
      /peering needs address spaces that do not overlap, but the primary's "10\.20\.0\.0\/16" and the standby's "10\.20\.0\.0\/16" do/,
    ],
    [
      "peering with overlapping given spaces",
      { addressSpace: "10.20.0.0/16", standbyAddressSpace: "10.20.0.0/16", subnets, peering: true },
      "peering",
      /peering needs address spaces that do not overlap/,
    ],
    [
      "no subnets",
      { addressSpace: "10.20.0.0/16", subnets: [], peering: false },
      "subnets",
      /subnets must list at least one subnet, but got \[\]/,
    ],
    [
      "a subnet outside the VNet",
      {
        addressSpace: "10.20.0.0/16",
        subnets: [{ name: "app", addressPrefix: "10.30.1.0/24" }],
        peering: false,
      },
      "subnets[0].addressPrefix",
      /subnets\[0\]\.addressPrefix "10\.30\.1\.0\/24" is outside addressSpace "10\.20\.0\.0\/16"/,
    ],
    [
      "overlapping subnets",
      {
        addressSpace: "10.20.0.0/16",
        subnets: [...subnets, { name: "wide", addressPrefix: "10.20.0.0/22" }],
        peering: false,
      },
      "subnets[2].addressPrefix",
      /subnets\[2\]\.addressPrefix "10\.20\.0\.0\/22" overlaps subnet "app" \("10\.20\.1\.0\/24"\)/,
    ],
    [
      "duplicate subnet names, whatever the case",
      {
        addressSpace: "10.20.0.0/16",
        subnets: [...subnets, { name: "APP", addressPrefix: "10.20.9.0/24" }],
        peering: false,
      },
      "subnets[2].name",
      /subnets\[2\]\.name "APP" is used by another subnet/,
    ],
    [
      "a reserved subnet name",
      {
        addressSpace: "10.20.0.0/16",
        subnets: [{ name: "AzureFirewallSubnet", addressPrefix: "10.20.0.0/26" }],
        peering: false,
      },
      "subnets[0].name",
      /reserved for an Azure service subnet; set firewall\.subnetPrefix/,
    ],
    [
      "a subnet smaller than /29",
      {
        addressSpace: "10.20.0.0/16",
        subnets: [{ name: "tiny", addressPrefix: "10.20.0.0/30" }],
        peering: false,
      },
      "subnets[0].addressPrefix",
      /smaller than Azure's smallest subnet \(\/29\)/,
    ],
    [
      "an invalid subnet name",
      {
        addressSpace: "10.20.0.0/16",
        subnets: [{ name: "bad name", addressPrefix: "10.20.0.0/24" }],
        peering: false,
      },
      "subnets[0].name",
      /must be 1-80 letters, digits/,
    ],
    [
      "a firewall without room for AzureFirewallSubnet",
      {
        addressSpace: "10.20.0.0/24",
        subnets: [{ name: "all", addressPrefix: "10.20.0.0/24" }],
        peering: false,
        firewall: {},
      },
      "firewall",
      /firewall needs a free \/26 for AzureFirewallSubnet in addressSpace "10\.20\.0\.0\/24", but the subnets leave none/,
    ],
    [
      "a firewall subnet smaller than /26",
      { addressSpace: "10.20.0.0/16", subnets, peering: false, firewall: { subnetPrefix: "10.20.0.0/27" } },
      "firewall.subnetPrefix",
      /is too small: Azure Firewall needs at least a \/26/,
    ],
    [
      "a firewall subnet overlapping a subnet",
      { addressSpace: "10.20.0.0/16", subnets, peering: false, firewall: { subnetPrefix: "10.20.1.0/26" } },
      "firewall.subnetPrefix",
      /overlaps subnet "app"/,
    ],
    [
      "a firewall subnet outside the VNet",
      { addressSpace: "10.20.0.0/16", subnets, peering: false, firewall: { subnetPrefix: "10.99.0.0/26" } },
      "firewall.subnetPrefix",
      /is outside addressSpace/,
    ],
  ];
  for (const [what, options, argument, message] of fails) {
    it(`fails on ${what}`, () => {
      expect(() => planAddresses(options))
        .to.throw(InvalidArgumentError, message)
        .with.property("argument", argument);
    });
  }
});

describe("checkSecurityRules", () => {
  const rule = (over: Partial<SecurityRuleSpec> = {}): SecurityRuleSpec => ({
    name: "AllowHttpsFromFrontDoor",
    priority: 100,
    direction: "Inbound",
    access: "Allow",
    protocol: "Tcp",
    sourceAddressPrefixes: ["AzureFrontDoor.Backend"],
    destinationAddressPrefixes: ["VirtualNetwork"],
    destinationPortRanges: ["443"],
    ...over,
  });

  it("accepts the same priority in different directions", () => {
    expect(() =>
      checkSecurityRules("r", [rule(), rule({ name: "out", direction: "Outbound" })]),
    ).not.to.throw();
  });

  const fails: [string, SecurityRuleSpec[], string, RegExp][] = [
    [
      "duplicate names",
      [rule(), rule({ priority: 200 })],
      "r[1].name",
      /r\[1\]\.name "AllowHttpsFromFrontDoor" is used by another rule in the same NSG/,
    ],
    [
      "duplicate priorities in one direction",
      [rule(), rule({ name: "b" })],
      "r[1].priority",
      /r\[1\]\.priority 100 is already used by inbound rule "AllowHttpsFromFrontDoor"/,
    ],
    [
      "a priority below 100",
      [rule({ priority: 99 })],
      "r[0].priority",
      /from 100 to 4096 \(Azure's NSG rule range\), but got 99/,
    ],
    ["a priority above 4096", [rule({ priority: 4097 })], "r[0].priority", /but got 4097/],
    ["a fractional priority", [rule({ priority: 150.5 })], "r[0].priority", /but got 150\.5/],
    [
      "a bad direction",
      [rule({ direction: "In" as never })],
      "r[0].direction",
      /must be "Inbound" or "Outbound", but got "In"/,
    ],
    [
      "a bad access",
      [rule({ access: "Permit" as never })],
      "r[0].access",
      /must be "Allow" or "Deny", but got "Permit"/,
    ],
    [
      "no destination ports",
      [rule({ destinationPortRanges: [] })],
      "r[0].destinationPortRanges",
      /must be a non-empty list of strings, but got \[\]/,
    ],
    ["a missing name", [rule({ name: "" })], "r[0].name", /r\[0\]\.name is required/],
  ];
  for (const [what, rules, argument, message] of fails) {
    it(`fails on ${what}`, () => {
      expect(() => checkSecurityRules("r", rules))
        .to.throw(InvalidArgumentError, message)
        .with.property("argument", argument);
    });
  }
});

describe("checkFirewallRules", () => {
  const group = (over: Partial<FirewallRuleCollectionGroupSpec> = {}): FirewallRuleCollectionGroupSpec => ({
    name: "egress",
    priority: 200,
    ruleCollections: [
      {
        name: "azure-apis",
        priority: 100,
        action: "Allow",
        rules: [
          {
            ruleType: "ApplicationRule",
            name: "monitor",
            sourceAddresses: ["*"],
            protocols: [{ protocolType: "Https", port: 443 }],
            targetFqdns: ["*.monitor.azure.com"],
          },
        ],
      },
    ],
    ...over,
  });

  it("accepts a valid group", () => expect(() => checkFirewallRules("g", [group()])).not.to.throw());

  const fails: [string, FirewallRuleCollectionGroupSpec[], string, RegExp][] = [
    [
      "duplicate group names",
      [group(), group({ priority: 300 })],
      "g[1]",
      /g\[1\] repeats the group name "egress"/,
    ],
    [
      "duplicate group priorities",
      [group(), group({ name: "other" })],
      "g[1]",
      /g\[1\] repeats the priority 200/,
    ],
    [
      "a group priority out of range",
      [group({ priority: 99 })],
      "g[0].priority",
      /from 100 to 65000, but got 99/,
    ],
    [
      "a collection mixing rule types",
      [
        group({
          ruleCollections: [
            {
              name: "mixed",
              priority: 100,
              action: "Allow",
              rules: [
                {
                  ruleType: "ApplicationRule",
                  name: "a",
                  sourceAddresses: ["*"],
                  protocols: [{ protocolType: "Https", port: 443 }],
                  targetFqdns: ["x.com"],
                },
                {
                  ruleType: "NetworkRule",
                  name: "n",
                  ipProtocols: ["TCP"],
                  sourceAddresses: ["*"],
                  destinationAddresses: ["1.2.3.4"],
                  destinationPorts: ["443"],
                },
              ],
            },
          ],
        }),
      ],
      "g[0].ruleCollections[0].rules",
      /mixes ApplicationRule and NetworkRules: Azure keeps each rule type in its own collection/,
    ],
    [
      "an empty collection",
      [group({ ruleCollections: [{ name: "empty", priority: 100, action: "Deny", rules: [] }] })],
      "g[0].ruleCollections[0].rules",
      /is empty/,
    ],
  ];
  for (const [what, groups, argument, message] of fails) {
    it(`fails on ${what}`, () => {
      expect(() => checkFirewallRules("g", groups))
        .to.throw(InvalidArgumentError, message)
        .with.property("argument", argument);
    });
  }
});
