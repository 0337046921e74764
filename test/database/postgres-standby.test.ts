import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { expectConstructionFailure, outputValue } from "../helpers";
import {
  MirroredNetwork,
  PostgresStandby,
  privateEndpointsIn,
  PostgresStandbyArgs,
  parsePostgresSku,
  postgresPrivateDnsZone,
  postgresRegions,
} from "../../src";
import { Recording, record } from "../../src/testing";

const sub = "/subscriptions/00000000-0000-0000-0000-000000000001";
const subnet = (rg: string, vnet: string) =>
  `${sub}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/${vnet}/subnets/endpoints`;
const zone = (rg: string, z: string) =>
  `${sub}/resourceGroups/${rg}/providers/Microsoft.Network/privateDnsZones/${z}`;
const pgZone = zone("rg-ukw", postgresPrivateDnsZone);
const admin = {
  objectId: "aaaaaaaa-1111-2222-3333-444444444444",
  principalName: "db-admins",
  principalType: "group" as const,
};
const base: PostgresStandbyArgs = {
  regions: { primary: "uksouth", standby: "ukwest" },
  resourceGroups: { primary: "rg-uks", standby: "rg-ukw" },
  privateEndpoints: {
    subnetIds: { primary: subnet("rg-uks", "vnet-uks"), standby: subnet("rg-ukw", "vnet-ukw") },
    // Other zones of the network are ignored: only the PostgreSQL one is used.
    privateDnsZoneIds: {
      "privatelink.openai.azure.com": zone("rg-ukw", "privatelink.openai.azure.com"),
      [postgresPrivateDnsZone]: pgZone,
    },
  },
  administrators: [admin],
};

async function build(over: Partial<PostgresStandbyArgs> = {}) {
  let component: PostgresStandby | undefined;
  const recording = await record(() => {
    component = new PostgresStandby("state", { ...base, ...over });
  });
  return { recording, component: component! };
}

describe("PostgresStandby", () => {
  describe("defaults", () => {
    let recording: Recording;
    let component: PostgresStandby;
    before(async () => ({ recording, component } = await build()));

    it("builds a zone-redundant General Purpose primary with geo-redundant backup, Entra ID only, no public access", () => {
      const primary = recording.get("dbforpostgresql:Server", "state-pg-uks");
      expect(primary.location).to.equal("uksouth");
      expect(primary.inputs).to.deep.include({
        resourceGroupName: "rg-uks",
        version: "17",
        sku: { name: "Standard_D4ds_v4", tier: "GeneralPurpose" },
        storage: { storageSizeGB: 128, type: "Premium_LRS", autoGrow: "Enabled" },
        backup: { backupRetentionDays: 14, geoRedundantBackup: "Enabled" },
        network: { publicNetworkAccess: "Disabled" },
        authConfig: {
          activeDirectoryAuth: "Enabled",
          passwordAuth: "Disabled",
          tenantId: "00000000-0000-0000-0000-00000000000a",
        },
      });
      expect(primary.inputs).to.not.have.any.keys(
        "administratorLogin",
        "administratorLoginPassword",
        "createMode",
      );
      expect(primary.inputs.serverName).to.match(/^state-uks-[a-z0-9]{6}$/);
    });

    it("gives the primary a custom maintenance window (Sunday 01:00 as ARM counts it), the replica the system-managed one", () => {
      const primary = recording.get("dbforpostgresql:Server", "state-pg-uks");
      const replica = recording.get("dbforpostgresql:Server", "state-pg-ukw");
      expect(primary.inputs.maintenanceWindow).to.deep.equal({
        customWindow: "Enabled",
        dayOfWeek: 0,
        startHour: 1,
        startMinute: 0,
      });
      expect(replica.inputs).to.not.have.property("maintenanceWindow");
    });

    it("takes another maintenance window, or false for the system-managed one", async () => {
      const chosen = await build({ maintenanceWindow: { dayOfWeek: 3, startHour: 22, startMinute: 30 } });
      expect(
        chosen.recording.get("dbforpostgresql:Server", "state-pg-uks").inputs.maintenanceWindow,
      ).to.deep.equal({
        customWindow: "Enabled",
        dayOfWeek: 3,
        startHour: 22,
        startMinute: 30,
      });
      const system = await build({ maintenanceWindow: false });
      expect(system.recording.get("dbforpostgresql:Server", "state-pg-uks").inputs).to.not.have.property(
        "maintenanceWindow",
      );
    });

    it("builds a replica of the same size and storage in the standby region, from the primary's id, without HA or backup", () => {
      const primary = recording.get("dbforpostgresql:Server", "state-pg-uks");
      const replica = recording.get("dbforpostgresql:Server", "state-pg-ukw");
      expect(replica.location).to.equal("ukwest");
      expect(replica.inputs).to.deep.include({
        resourceGroupName: "rg-ukw",
        createMode: "Replica",
        sourceServerResourceId: primary.id,
        sku: primary.inputs.sku,
        storage: primary.inputs.storage,
        network: { publicNetworkAccess: "Disabled" },
        authConfig: primary.inputs.authConfig,
      });
      expect(replica.inputs).to.not.have.any.keys("highAvailability", "backup", "version");
      expect(primary.id).to.equal(
        `${sub}/resourceGroups/rg-uks/providers/Microsoft.DBforPostgreSQL/flexibleServers/${String(primary.inputs.serverName)}`,
      );
    });

    it("gives each server a private endpoint in its region's subnet, registered in the PostgreSQL zone only", () => {
      for (const [code, rg, server] of [
        ["uks", "rg-uks", "state-pg-uks"],
        ["ukw", "rg-ukw", "state-pg-ukw"],
      ] as const) {
        const endpoint = recording.get("network:PrivateEndpoint", `state-pg-pe-${code}`);
        expect(endpoint.inputs).to.deep.include({
          resourceGroupName: rg,
          privateLinkServiceConnections: [
            {
              name: "postgresqlServer",
              privateLinkServiceId: recording.get("dbforpostgresql:Server", server).id,
              groupIds: ["postgresqlServer"],
            },
          ],
        });
        expect((endpoint.inputs.subnet as { id: string }).id).to.equal(subnet(rg, `vnet-${code}`));
        const group = recording.get("network:PrivateDnsZoneGroup", `state-pg-pe-dns-${code}`);
        expect(group.inputs.privateDnsZoneConfigs).to.deep.equal([
          { name: "privatelink-postgres-database-azure-com", privateDnsZoneId: pgZone },
        ]);
      }
      expect(recording.ofType("network:PrivateEndpoint")).to.have.length(2);
    });

    it("makes the Entra administrators on the primary", () => {
      const primary = recording.get("dbforpostgresql:Server", "state-pg-uks");
      const created = recording.get(
        "dbforpostgresql:AdministratorsMicrosoftEntra",
        "state-pg-admin-db-admins",
      );
      expect(created.inputs).to.deep.include({
        resourceGroupName: "rg-uks",
        serverName: primary.inputs.serverName,
        objectId: admin.objectId,
        principalName: "db-admins",
        principalType: "group",
        tenantId: "00000000-0000-0000-0000-00000000000a",
      });
    });

    it("builds a read-write virtual endpoint on the primary whose member is the replica", () => {
      const primary = recording.get("dbforpostgresql:Server", "state-pg-uks");
      const replica = recording.get("dbforpostgresql:Server", "state-pg-ukw");
      const endpoint = recording.get("dbforpostgresql:VirtualEndpoint", "state-pg-vep");
      expect(endpoint.inputs).to.deep.include({
        resourceGroupName: "rg-uks",
        serverName: primary.inputs.serverName,
        endpointType: "ReadWrite",
        members: [replica.inputs.serverName],
      });
      expect(endpoint.inputs.virtualEndpointName).to.match(/^state-[a-z0-9]{6}$/);
    });

    it("writes to the primary one operation at a time: endpoint, administrators, replica, replica endpoint, virtual endpoint", () => {
      const urn = (type: string, name: string) => recording.get(type, name).urn;
      const primaryPe = urn("network:PrivateEndpoint", "state-pg-pe-uks");
      const primaryDns = urn("network:PrivateDnsZoneGroup", "state-pg-pe-dns-uks");
      const adminUrn = urn("dbforpostgresql:AdministratorsMicrosoftEntra", "state-pg-admin-db-admins");
      const replica = recording.get("dbforpostgresql:Server", "state-pg-ukw");
      const replicaPe = recording.get("network:PrivateEndpoint", "state-pg-pe-ukw");
      const vep = recording.get("dbforpostgresql:VirtualEndpoint", "state-pg-vep");
      expect(recording.byUrn(primaryPe).dependencies).to.include(
        urn("dbforpostgresql:Server", "state-pg-uks"),
      );
      expect(recording.byUrn(adminUrn).dependencies).to.include(primaryDns);
      expect(replica.dependencies).to.include(adminUrn);
      expect(replicaPe.dependencies).to.include(replica.urn);
      expect(vep.dependencies).to.include(urn("network:PrivateDnsZoneGroup", "state-pg-pe-dns-ukw"));
    });

    it("gives the failover automation the server ids, the virtual endpoint and Switchover", async () => {
      const primary = recording.get("dbforpostgresql:Server", "state-pg-uks");
      const replica = recording.get("dbforpostgresql:Server", "state-pg-ukw");
      const vep = recording.get("dbforpostgresql:VirtualEndpoint", "state-pg-vep");
      expect(await outputValue(pulumi.output(component.failover))).to.deep.equal({
        primaryServerId: primary.id,
        replicaServerId: replica.id,
        virtualEndpointId: vep.id,
        promoteMode: "Switchover",
        highAvailability: "ZoneRedundant",
      });
      expect(await outputValue(component.primary.fullyQualifiedDomainName)).to.equal(
        `${String(primary.inputs.serverName)}.postgres.database.azure.com`,
      );
      expect(await outputValue(component.replica.serverName)).to.equal(replica.inputs.serverName);
      const writer = await outputValue(component.writeHostName);
      expect(writer).to.equal(`${String(vep.inputs.virtualEndpointName)}.writer.postgres.database.azure.com`);
      expect(await outputValue(component.virtualEndpoint!.readerHostName)).to.match(
        /\.reader\.postgres\.database\.azure\.com$/,
      );
      expect(component.notes).to.deep.equal([]);
    });
  });

  describe("options", () => {
    it("without a virtual endpoint: promote Standalone, clients write to the primary's FQDN", async () => {
      const { recording, component } = await build({ virtualEndpoint: false });
      expect(recording.ofType("dbforpostgresql:VirtualEndpoint")).to.have.length(0);
      expect(component.failover.promoteMode).to.equal("Standalone");
      expect(component.failover.virtualEndpointId).to.equal(undefined);
      expect(await outputValue(component.writeHostName)).to.equal(
        await outputValue(component.primary.fullyQualifiedDomainName),
      );
    });

    it("password authentication: the login, the password as a secret, and passwordAuth on", async () => {
      const { recording, component } = await build({
        passwordAuthentication: { administratorLogin: "pgadmin", administratorLoginPassword: "s3cret-Pa55" },
      });
      const primary = recording.get("dbforpostgresql:Server", "state-pg-uks");
      expect(primary.inputs.administratorLogin).to.equal("pgadmin");
      expect(primary.secretPaths).to.include("administratorLoginPassword");
      expect((primary.inputs.authConfig as { passwordAuth: string }).passwordAuth).to.equal("Enabled");
      expect(component.notes.join(" ")).to.match(/Password authentication is on/);
    });

    it("leaves geo-redundant backup off, with a note, where the primary region cannot have it", async () => {
      expect(postgresRegions.get("italynorth")?.geoRedundantBackup).to.equal(false);
      const { recording, component } = await build({
        regions: { primary: "italynorth", standby: "westeurope" },
        resourceGroups: undefined,
      });
      const primary = recording.get("dbforpostgresql:Server", "state-pg-itn");
      expect(primary.inputs.backup).to.deep.equal({
        backupRetentionDays: 14,
        geoRedundantBackup: "Disabled",
      });
      expect(component.notes).to.include(
        "No geo-redundant backup in italynorth: the replica in westeurope is the only copy outside the primary region.",
      );
    });

    it("takes a size, version, storage, retention and same-zone HA (where zone-redundant HA is not offered)", async () => {
      const { recording, component } = await build({
        regions: { primary: "westus", standby: "eastus" },
        resourceGroups: undefined,
        skuName: "Standard_E8ads_v5",
        version: "14",
        storageSizeGB: 512,
        storageAutoGrow: false,
        backupRetentionDays: 35,
        highAvailability: "SameZone",
      });
      const primary = recording.get("dbforpostgresql:Server", "state-pg-wus");
      const replica = recording.get("dbforpostgresql:Server", "state-pg-eus");
      expect(primary.inputs).to.deep.include({
        version: "14",
        sku: { name: "Standard_E8ads_v5", tier: "MemoryOptimized" },
        storage: { storageSizeGB: 512, type: "Premium_LRS", autoGrow: "Disabled" },
        backup: { backupRetentionDays: 35, geoRedundantBackup: "Enabled" },
      });
      expect(primary.inputs.highAvailability).to.include({ mode: "SameZone" });
      expect(replica.inputs.storage).to.deep.equal(primary.inputs.storage);
      expect(component.notes.join(" ")).to.match(/PostgreSQL 14 leaves Azure standard support on 2026-12-11/);
    });

    it("gives the replica an endpoint in the drill VNet's own zone", async () => {
      const drillZone = zone("rg-drill", postgresPrivateDnsZone);
      const { recording } = await build({
        privateEndpoints: {
          ...base.privateEndpoints,
          drill: {
            subnetId: subnet("rg-ukw", "vnet-drill"),
            privateDnsZoneIds: { [postgresPrivateDnsZone]: drillZone },
          },
        },
      });
      const drill = recording.get("network:PrivateEndpoint", "state-pg-pe-drill-ukw");
      expect((drill.inputs.subnet as { id: string }).id).to.equal(subnet("rg-ukw", "vnet-drill"));
      expect((drill.inputs.tags as Record<string, string>)["failover-role"]).to.equal("drill");
      expect(
        (drill.inputs.privateLinkServiceConnections as { privateLinkServiceId: string }[])[0]
          .privateLinkServiceId,
      ).to.equal(recording.get("dbforpostgresql:Server", "state-pg-ukw").id);
      expect(
        recording.get("network:PrivateDnsZoneGroup", "state-pg-pe-drill-dns-ukw").inputs
          .privateDnsZoneConfigs,
      ).to.deep.equal([{ name: "privatelink-postgres-database-azure-com", privateDnsZoneId: drillZone }]);
    });

    it("skipRegionChecks lets a region the table blocks take zone-redundant HA", async () => {
      const { recording } = await build({
        regions: { primary: "eastus2", standby: "centralus" },
        resourceGroups: undefined,
        skipRegionChecks: true,
      });
      expect(recording.get("dbforpostgresql:Server", "state-pg-eus2").inputs.highAvailability).to.include({
        mode: "ZoneRedundant",
      });
    });
  });

  it("takes a MirroredNetwork's placement: its subnets and the PostgreSQL zone it created", async () => {
    let net: MirroredNetwork | undefined;
    const recording = await record(() => {
      net = new MirroredNetwork("net", {
        regions: { primary: "uksouth", standby: "ukwest" },
        addressSpace: "10.20.0.0/16",
        subnets: [{ name: "endpoints", addressPrefix: "10.20.1.0/24" }],
        peering: true,
        privateDnsZones: ["privatelink.openai.azure.com", postgresPrivateDnsZone],
      });
      new PostgresStandby("state", {
        regions: { primary: "uksouth", standby: "ukwest" },
        privateEndpoints: privateEndpointsIn(net.descriptor, "endpoints"),
        administrators: [admin],
      });
    });
    const pgZone = recording.get("privatedns:PrivateZone", "net-dns-privatelink-postgres-database-azure-com");
    const group = recording.get("network:PrivateDnsZoneGroup", "state-pg-pe-dns-ukw");
    expect(group.inputs.privateDnsZoneConfigs).to.deep.equal([
      { name: "privatelink-postgres-database-azure-com", privateDnsZoneId: pgZone.id },
    ]);
    const endpoint = recording.get("network:PrivateEndpoint", "state-pg-pe-ukw");
    expect((endpoint.inputs.subnet as { id: string }).id).to.equal(
      `${recording.get("network:VirtualNetwork", "net-vnet-ukw").id}/subnets/endpoints`,
    );
  });

  it("takes a managed identity as administrator: its principal id may be an Output, the role is named after it", async () => {
    const recording = await record(() => {
      new PostgresStandby("state", {
        ...base,
        administrators: [
          {
            objectId: pulumi.output("99999999-8888-7777-6666-555555555555"),
            principalName: "agents-pg-admin",
            principalType: "servicePrincipal",
          },
        ],
      });
    });
    expect(
      recording.get("dbforpostgresql:AdministratorsMicrosoftEntra", "state-pg-admin-agents-pg-admin").inputs,
    ).to.deep.include({
      objectId: "99999999-8888-7777-6666-555555555555",
      principalName: "agents-pg-admin",
      principalType: "servicePrincipal",
    });
  });

  describe("SKU names", () => {
    it("reads tier, vCores, generation and vendor from the name", () => {
      expect(parsePostgresSku("s", "Standard_D4ds_v5")).to.deep.equal({
        name: "Standard_D4ds_v5",
        tier: "GeneralPurpose",
        vCores: 4,
        generation: 5,
        amd: false,
      });
      expect(parsePostgresSku("s", "Standard_E192ds_v6")).to.include({
        tier: "MemoryOptimized",
        vCores: 192,
      });
      expect(parsePostgresSku("s", "Standard_E2s_v3")).to.include({ generation: 3, amd: false });
      expect(parsePostgresSku("s", "Standard_B1ms")).to.include({ tier: "Burstable", vCores: 1 });
    });
  });

  describe("fails when", () => {
    const fails = (over: Partial<PostgresStandbyArgs>, argument: string, message: RegExp) =>
      expectConstructionFailure(() => new PostgresStandby("state", { ...base, ...over }), argument, message);

    it("the tier has no high availability (Burstable)", () =>
      fails(
        { skuName: "Standard_B2s" },
        "skuName",
        /"Standard_B2s" is Burstable, which has neither high availability nor read replicas/,
      ));
    it("the size does not exist", async () => {
      await fails(
        { skuName: "Standard_D6ds_v5" },
        "skuName",
        /has 6 vCores, which General Purpose v5 does not offer/,
      );
      await fails({ skuName: "Standard_D4ds_v3" }, "skuName", /must be a flexible server compute size/);
      await fails({ skuName: "GP_Standard_D4ds_v5" }, "skuName", /must be a flexible server compute size/);
    });
    it("the standby region does not offer the size", () =>
      fails(
        {
          regions: { primary: "centralus", standby: "eastus2" },
          resourceGroups: undefined,
          skuName: "Standard_D4ds_v5",
        },
        "skuName",
        /"Standard_D4ds_v5" is Intel v5, which eastus2 does not offer \(Intel v3\/v4, AMD none/,
      ));
    it("the version is retired or unknown", async () => {
      await fails({ version: "13" as never }, "version", /11, 12 and 13 are retired for new servers/);
      await fails(
        { version: 16 as never },
        "version",
        /must be one of "14", "15", "16", "17", "18" \(a string\), but got 16/,
      );
    });
    it("the storage size is not a Premium SSD size", async () => {
      await fails(
        { storageSizeGB: 100 },
        "storageSizeGB",
        /must be a Premium SSD size \(32, 64, .* GiB\), but got 100/,
      );
      await fails({ storageSizeGB: 65536 }, "storageSizeGB", /but got 65536/);
    });
    it("geo-redundant backup is asked for where the region cannot have it", () =>
      fails(
        {
          regions: { primary: "italynorth", standby: "westeurope" },
          resourceGroups: undefined,
          geoRedundantBackup: true,
        },
        "geoRedundantBackup",
        /geoRedundantBackup is not offered in italynorth/,
      ));
    it("both regions are the same", () =>
      fails(
        { regions: { primary: "uksouth", standby: "uksouth" } },
        "regions.standby",
        /must differ from regions.primary/,
      ));
    it("a region does not offer the service", () =>
      fails(
        { regions: { primary: "centralindia", standby: "westindia" }, resourceGroups: undefined },
        "regions.standby",
        /"westindia" does not offer Azure Database for PostgreSQL/,
      ));
    it("zone-redundant HA is not offered, or blocked, in the primary region", async () => {
      await fails(
        { regions: { primary: "westus", standby: "eastus" }, resourceGroups: undefined },
        "highAvailability",
        /"ZoneRedundant" is not offered in westus/,
      );
      await fails(
        { regions: { primary: "eastus2", standby: "centralus" }, resourceGroups: undefined },
        "highAvailability",
        /temporarily blocked" in eastus2/,
      );
      await fails(
        { highAvailability: "Disabled" as never },
        "highAvailability",
        /must be "ZoneRedundant" or "SameZone"/,
      );
    });
    it("there is no Entra administrator, or a bad one", async () => {
      await fails({ administrators: [] }, "administrators", /at least one Microsoft Entra administrator/);
      await fails(
        { administrators: [{ ...admin, objectId: "db-admins" }] },
        "administrators[0].objectId",
        /must be an object id/,
      );
      await fails(
        { administrators: [{ ...admin, principalType: "User" as never }] },
        "administrators[0].principalType",
        /"user", "group" or "servicePrincipal"/,
      );
      await fails({ administrators: [admin, admin] }, "administrators[1].objectId", /repeats object id/);
      await fails(
        { administrators: [admin, { ...admin, objectId: "11111111-2222-3333-4444-555555555555" }] },
        "administrators[1].principalName",
        /repeats principal name "db-admins"/,
      );
    });
    it("the private endpoints lack a subnet or the PostgreSQL zone", async () => {
      await fails(
        {
          privateEndpoints: {
            ...base.privateEndpoints,
            privateDnsZoneIds: { "privatelink.openai.azure.com": pgZone },
          },
        },
        "privateEndpoints.privateDnsZoneIds",
        /has no "privatelink.postgres.database.azure.com" zone \(it has "privatelink.openai.azure.com"\)/,
      );
      await fails(
        { privateEndpoints: { ...base.privateEndpoints, subnetIds: { primary: subnet("a", "b") } as never } },
        "privateEndpoints",
        /subnet id for both primary and standby/,
      );
    });
    it("the backup retention is out of range", () =>
      fails({ backupRetentionDays: 40 }, "backupRetentionDays", /from 7 to 35, but got 40/));
    it("the maintenance window is out of range or not an object", async () => {
      await fails(
        { maintenanceWindow: { dayOfWeek: 7, startHour: 1 } },
        "maintenanceWindow.dayOfWeek",
        /from 0 to 6, but got 7/,
      );
      await fails(
        { maintenanceWindow: { dayOfWeek: 0, startHour: 24 } },
        "maintenanceWindow.startHour",
        /from 0 to 23, but got 24/,
      );
      await fails(
        { maintenanceWindow: { dayOfWeek: 0, startHour: 1, startMinute: 1.5 } },
        "maintenanceWindow.startMinute",
        /from 0 to 59, but got 1\.5/,
      );
      await fails(
        { maintenanceWindow: "Sunday" as never },
        "maintenanceWindow",
        /or false \(system-managed\)/,
      );
    });
    it("the password login is reserved", () =>
      fails(
        {
          passwordAuthentication: { administratorLogin: "azure_superuser", administratorLoginPassword: "x" },
        },
        "passwordAuthentication.administratorLogin",
        /must be a PostgreSQL role name/,
      ));
    it("the name prefix is not usable", () =>
      fails({ serverNamePrefix: "State_DB" }, "serverNamePrefix", /lower-case letters, digits and hyphens/));
  });
});
