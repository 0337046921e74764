import { expect } from "chai";
import {
  CheckedResource,
  PostgresStandby,
  checkedResources,
  postgresPrivateDnsZone,
  resilienceChecks,
  runChecks,
} from "../../src";
import { record } from "../../src/testing";

const sub = "/subscriptions/00000000-0000-0000-0000-000000000001";
const check = (name: string) => resilienceChecks.find((c) => c.name === name)!;
const violations = (name: string, resources: CheckedResource[]) =>
  runChecks(resources, {}, [check(name)]).map((v) => v.message);

/** A compliant tier-1 pair, as a stack built without our components would declare it. */
const primary: CheckedResource = {
  urn: "urn:db",
  type: "azure-native:dbforpostgresql:Server",
  name: "db",
  props: {
    id: `${sub}/resourceGroups/rg/providers/Microsoft.DBforPostgreSQL/flexibleServers/db`,
    location: "uksouth",
    sku: { name: "Standard_D4ds_v4", tier: "GeneralPurpose" },
    storage: { storageSizeGB: 128 },
    highAvailability: { mode: "ZoneRedundant" },
    backup: { geoRedundantBackup: "Enabled" },
    network: { publicNetworkAccess: "Disabled" },
    authConfig: { activeDirectoryAuth: "Enabled", passwordAuth: "Disabled" },
    tags: { tier: "1" },
  },
  dependencies: [],
};
const replica: CheckedResource = {
  urn: "urn:db-replica",
  type: "azure-native:dbforpostgresql:Server",
  name: "db-replica",
  props: {
    location: "ukwest",
    createMode: "Replica",
    sourceServerResourceId: primary.props.id,
    sku: { name: "Standard_D4ds_v4", tier: "GeneralPurpose" },
    storage: { storageSizeGB: 128 },
    network: { publicNetworkAccess: "Disabled" },
    authConfig: { activeDirectoryAuth: "Enabled", passwordAuth: "Disabled" },
    tags: { tier: "1" },
  },
  dependencies: [],
};
/** The compliant pair with one change. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const changed = (which: "primary" | "replica", mutate: (props: Record<string, any>) => void) => {
  const copy = structuredClone([primary, replica]);
  mutate(copy[which === "primary" ? 0 : 1].props);
  return copy;
};

describe("PostgreSQL policies", function () {
  this.timeout(60_000);

  const standby = (tags?: Record<string, string>) =>
    record(() => {
      new PostgresStandby("state", {
        regions: { primary: "uksouth", standby: "ukwest" },
        privateEndpoints: {
          subnetIds: { primary: `${sub}/subnets/a`, standby: `${sub}/subnets/b` },
          privateDnsZoneIds: { [postgresPrivateDnsZone]: `${sub}/privateDnsZones/${postgresPrivateDnsZone}` },
        },
        administrators: [
          {
            objectId: "aaaaaaaa-1111-2222-3333-444444444444",
            principalName: "db-admins",
            principalType: "group",
          },
        ],
        ...(tags ? { tags } : {}),
      });
    }).then(checkedResources);

  it("pass PostgresStandby with default args against the whole pack", async () => {
    const resources = await standby();
    expect(resources.filter((r) => r.type === "azure-native:dbforpostgresql:Server")).to.have.length(2);
    const found = runChecks(resources);
    expect(found.filter((v) => v.enforcementLevel === "mandatory")).to.deep.equal([]);
    // advisories the production baseline takes on (issue 16): a custom maintenance window, diagnostic settings
    expect([...new Set(found.map((v) => v.policy))].sort()).to.deep.equal([
      "data-postgresql-require-custom-maintenance",
      "monitor-resource-require-diagnostic-setting",
    ]);
  });

  it("pass PostgresStandby tagged tier 1, but for the failover alert FailoverAutomation adds", async () => {
    const found = runChecks(await standby({ tier: "1" })).filter((v) => v.enforcementLevel === "mandatory");
    expect(found.map((v) => [v.policy, v.message])).to.deep.equal([
      [
        "automation-service-health-covers-tier1-regions",
        "tier-1 resources run in UK South, but no enabled Service Health alert for it starts a failover runbook.",
      ],
    ]);
  });

  it("pass the compliant pair", () => {
    for (const name of [
      "data-postgresql-require-ha-and-geo",
      "data-postgresql-tier1-require-geo-replica",
      "data-postgresql-restrict-public-access",
      "data-postgresql-require-entra-auth",
    ])
      expect(violations(name, [primary, replica]), name).to.deep.equal([]);
  });

  describe("data-postgresql-tier1-require-geo-replica", () => {
    const name = "data-postgresql-tier1-require-geo-replica";
    it("fails a tier-1 server without a replica", () =>
      expect(violations(name, [primary])).to.deep.equal([
        "tier-1 server db has no read replica in another region: a regional outage leaves only a geo-restore (hours, up to an hour of data lost).",
      ]));
    it("fails when the only replica is in the same region", () =>
      expect(
        violations(
          name,
          changed("replica", (p) => (p.location = "uksouth")),
        )[0],
      ).to.match(/tier-1 server db has no read replica in another region/));
    it("fails when the replica has another size", () =>
      expect(
        violations(
          name,
          changed("replica", (p) => (p.sku.name = "Standard_D2ds_v4")),
        ),
      ).to.deep.equal([
        "tier-1 server db (Standard_D4ds_v4, 128 GiB) has a replica db-replica of another size (Standard_D2ds_v4, 128 GiB): it can only be promoted standalone, not to primary.",
      ]));
    it("fails when the replica has other storage", () =>
      expect(
        violations(
          name,
          changed("replica", (p) => (p.storage.storageSizeGB = 256)),
        )[0],
      ).to.match(/of another size \(Standard_D4ds_v4, 256 GiB\)/));
    it("finds the replica by dependency too, and ignores servers not tagged tier 1", () => {
      const byDependency = changed("replica", (p) => delete p.sourceServerResourceId);
      byDependency[1] = { ...byDependency[1], dependencies: [primary.urn] };
      expect(violations(name, byDependency)).to.deep.equal([]);
      expect(violations(name, changed("primary", (p) => (p.tags = {})).slice(0, 1))).to.deep.equal([]);
    });
  });

  describe("data-postgresql-restrict-public-access", () => {
    const name = "data-postgresql-restrict-public-access";
    it("fails a server with public network access", () =>
      expect(
        violations(
          name,
          changed("primary", (p) => (p.network.publicNetworkAccess = "Enabled")),
        ),
      ).to.deep.equal([
        'public network access is "Enabled": the server listens on the Internet, guarded only by firewall rules and credentials.',
      ]));
    it("fails a replica without a network setting (Azure's default is public access)", () =>
      expect(
        violations(
          name,
          changed("replica", (p) => delete p.network),
        )[0],
      ).to.match(/public network access is "Enabled"/));
    it("passes a VNet-integrated server", () =>
      expect(
        violations(
          name,
          changed("primary", (p) => (p.network = { delegatedSubnetResourceId: `${sub}/subnets/pg` })),
        ),
      ).to.deep.equal([]));
  });

  describe("data-postgresql-require-entra-auth", () => {
    const name = "data-postgresql-require-entra-auth";
    it("fails password authentication left on", () =>
      expect(
        violations(
          name,
          changed("primary", (p) => (p.authConfig.passwordAuth = "Enabled")),
        ),
      ).to.deep.equal([
        'password authentication is "Enabled": long-lived database passwords can be copied and leaked.',
      ]));
    it("fails Entra authentication off", () =>
      expect(
        violations(
          name,
          changed("replica", (p) => (p.authConfig.activeDirectoryAuth = "Disabled")),
        ),
      ).to.deep.equal([
        'Microsoft Entra authentication is "Disabled": only PostgreSQL passwords can sign in.',
      ]));
    it("fails a server that says nothing (Azure's defaults: passwords only)", () =>
      expect(
        violations(
          name,
          changed("primary", (p) => delete p.authConfig),
        ),
      ).to.have.length(1));
    it("is advisory: it reports, without blocking a deployment", () =>
      expect(
        runChecks(
          changed("primary", (p) => (p.authConfig.passwordAuth = "Enabled")),
          {},
          [check(name)],
        )[0],
      ).to.include({ enforcementLevel: "advisory", severity: "medium" }));
  });

  describe("data-postgresql-require-ha-and-geo (replicas are judged through their primary)", () => {
    it("does not ask a replica for HA, which replicas cannot have", () =>
      expect(violations("data-postgresql-require-ha-and-geo", [primary, replica])).to.deep.equal([]));
  });
});
