import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as dbforpostgresql from "@pulumi/azure-native/dbforpostgresql";
import * as network from "@pulumi/azure-native/network";
import { fail, show } from "../errors";
import { DiagnosticsArgs, checkDiagnostics, sendDiagnostics } from "../observability/diagnostics";
import {
  PerRegion,
  ResourceGroupNames,
  Role,
  checkRegionalArgs,
  resourceGroupsFor,
} from "../internal/regional";
import { childName, globalName, uniqueName, uniqueSuffix, uniqueSuffixLength } from "../naming/names";
import type { PrivateEndpointPlacement } from "../network/mirrored-network";
import type { AzureRegion } from "../regions/catalog";
import type { RegionPair, RegionPairArgs } from "../regions/pair";
import {
  PostgresVersion,
  checkSkuInRegion,
  parsePostgresSku,
  postgresRegion,
  postgresStandardSupportEnds,
  postgresVersions,
  premiumSsdSizesGB,
} from "./spec";

/**
 * The private DNS zone of PostgreSQL flexible server private endpoints (group id `postgresqlServer`). Azure writes the
 * records only under this name: "Private endpoint Private DNS zone configurations automatically generate only if you
 * use the recommended naming scheme: privatelink.postgres.database.azure.com".
 * https://learn.microsoft.com/azure/postgresql/network/concepts-networking-private-link,
 * https://learn.microsoft.com/azure/private-link/private-endpoint-dns#databases
 */
export const postgresPrivateDnsZone = "privatelink.postgres.database.azure.com";

/** A Microsoft Entra administrator of the servers (a PostgreSQL role with `azure_pg_admin`). */
export interface PostgresEntraAdministrator {
  /**
   * Object id of the user, group, service principal or managed identity (a managed identity's principal id, which
   * may be an Output).
   */
  objectId: pulumi.Input<string>;
  /** Its display name (a group's name, a user's UPN, an application's name): the role name in PostgreSQL. */
  principalName: string;
  /** As the API names them (`dbforpostgresql.PrincipalType`). */
  principalType: "user" | "group" | "servicePrincipal";
}

export interface PostgresStandbyArgs {
  /** The two regions: the server in primary, its read replica in standby. */
  regions: RegionPairArgs | RegionPair;
  /** Resource groups to build into. @default - one new group per region, `<name>-rg-<region code>` */
  resourceGroups?: ResourceGroupNames;
  /**
   * Where the servers are reached: a private endpoint per server in its region's subnet, registered in the
   * `privatelink.postgres.database.azure.com` zone (other zones of the map are ignored). `privateEndpointsIn(
   * network.descriptor, "endpoints")` builds it from a MirroredNetwork listing that zone in `privateDnsZones`. With a
   * drill subnet and a drill zone of that name, the replica gets a second endpoint in the drill VNet (read-only).
   * Public network access is always disabled.
   */
  privateEndpoints: PrivateEndpointPlacement;
  /**
   * Microsoft Entra administrators, at least one: with password authentication off they are the only way in.
   * Created on the primary; roles reach the replica through physical replication.
   */
  administrators: PostgresEntraAdministrator[];
  /**
   * Compute size, the same on both servers (a replica must match the primary to be promoted to primary). General
   * Purpose (`Standard_D…`) or Memory Optimized (`Standard_E…`): Burstable has no high availability.
   * @default "Standard_D4ds_v4" - 4 vCores, General Purpose, Intel v4 (offered in every region of Microsoft's table)
   */
  skuName?: string;
  /** PostgreSQL major version. @default "17" */
  version?: PostgresVersion;
  /** Premium SSD size in GiB, the same on both servers: 32, 64, 128, 256, 512, 1024, 2048, 4095, 4096, 8192, 16384 or 32767. @default 128 */
  storageSizeGB?: number;
  /** Grow storage before it fills (on both servers: "If storage autogrow is enabled on the primary server, it must also be enabled on the replicas"). @default true */
  storageAutoGrow?: boolean;
  /** High availability of the primary: a standby in another zone, or in the same zone. @default "ZoneRedundant" */
  highAvailability?: "ZoneRedundant" | "SameZone";
  /**
   * Geo-redundant backup of the primary (copied to the Azure paired region; only at creation).
   * @default true where Microsoft's table offers it in the primary region, else false (with a note)
   */
  geoRedundantBackup?: boolean;
  /** Backup retention, 7-35 days. @default 14 */
  backupRetentionDays?: number;
  /**
   * The primary's custom maintenance window (a one-hour slot Azure patches it in, announced 5 days ahead), or
   * `false` for the system-managed one ("any one-hour window between 11pm and 7am in your server's region time",
   * which gets updates at least 7 days before custom schedules). `dayOfWeek` 0-6 with 0 = Sunday, and `startHour`
   * and `startMinute` in UTC, not in the region's time: Azure CLI's `--maintenance-window Wed:14:29` is "a one hour
   * window starting on Wednesdays at 2:29PM (UTC)"
   * (https://learn.microsoft.com/azure/postgresql/flexible-server/how-to-configure-scheduled-maintenance); Sunday as
   * 0 is how the azurerm provider documents the same ARM field (no Microsoft page found says it in words). The
   * replica keeps the system-managed schedule: it is patched before the primary.
   * https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-maintenance
   * @default { dayOfWeek: 0, startHour: 1, startMinute: 0 } - the window of Microsoft's WAF-aligned module example
   * (Azure/bicep-registry-modules avm/res/db-for-postgre-sql/flexible-server/tests/e2e/waf-aligned/main.test.bicep)
   */
  maintenanceWindow?: { dayOfWeek: number; startHour: number; startMinute?: number } | false;
  /**
   * A read-write virtual endpoint (`<base>.writer.postgres.database.azure.com`) that follows the primary role, so
   * clients keep their connection string after the replica is promoted; also what "promote to primary server"
   * (Switchover) requires. @default true
   */
  virtualEndpoint?: boolean;
  /**
   * Start of the servers' names (`<prefix>-<region code>-<random>`) and of the virtual endpoint's. Lower-case letters,
   * digits and hyphens. @default - the component name, cleaned to those characters
   */
  serverNamePrefix?: string;
  /**
   * Password authentication besides Entra ID, with this first administrator (the login cannot change later).
   * @default - off: Entra ID only
   */
  passwordAuthentication?: { administratorLogin: string; administratorLoginPassword: pulumi.Input<string> };
  /** Entra tenant of the administrators. @default - the tenant of the identity running the deployment */
  tenantId?: pulumi.Input<string>;
  /**
   * Skip the checks against Microsoft's region table (compute generations, zone-redundant HA, geo-redundant backup),
   * for when Azure offers in your subscription what the table, last checked 2026-12-01, says it does not.
   * @default false
   */
  skipRegionChecks?: boolean;
  /** Tags for every resource. @default - none */
  tags?: Record<string, string>;
  /** Send both servers' logs and metrics to a Log Analytics workspace. @default - none */
  diagnostics?: DiagnosticsArgs;
}

/** One server, as others consume it. */
export interface PostgresServerInfo {
  readonly role: Role;
  readonly region: AzureRegion;
  readonly resourceGroupName: pulumi.Output<string>;
  readonly serverId: pulumi.Output<string>;
  readonly serverName: pulumi.Output<string>;
  /** `<server>.postgres.database.azure.com` (resolved to the private endpoint through the private DNS zone). */
  readonly fullyQualifiedDomainName: pulumi.Output<string>;
}

/**
 * What the failover automation needs to promote the replica: a PATCH of `replicaServerId` (api-version 2025-08-01)
 * with `{ "properties": { "replica": { "promoteMode": <promoteMode>, "promoteOption": "Forced" } } }` during a
 * region outage ("Only a forced promote is possible in a region down scenario"), `Planned` in a drill.
 */
export interface PostgresFailoverDescriptor {
  readonly primaryServerId: pulumi.Output<string>;
  readonly replicaServerId: pulumi.Output<string>;
  /** The read-write virtual endpoint, when built: it then follows the promoted replica. */
  readonly virtualEndpointId?: pulumi.Output<string>;
  /**
   * `Switchover` (promote to primary server: roles swap, the writer endpoint follows, the old primary becomes a
   * replica when its region is back) with a virtual endpoint; `Standalone` without one (clients must switch hosts).
   */
  readonly promoteMode: "Switchover" | "Standalone";
  /** The primary's high availability, which failback turns back on (a promotion turns it off). */
  readonly highAvailability: "ZoneRedundant" | "SameZone";
}

/** The primary's maintenance window as ARM takes it, or undefined for the system-managed one. */
function checkMaintenanceWindow(given: PostgresStandbyArgs["maintenanceWindow"]) {
  if (given === false) return undefined;
  const window = given ?? { dayOfWeek: 0, startHour: 1, startMinute: 0 };
  const ranges = { dayOfWeek: [0, 6], startHour: [0, 23], startMinute: [0, 59] } as const;
  if (window === null || typeof window !== "object") {
    fail(
      "maintenanceWindow",
      `maintenanceWindow must be { dayOfWeek, startHour, startMinute? } or false (system-managed), but got ${show(given)}.`,
    );
  }
  for (const [key, [low, high]] of Object.entries(ranges)) {
    const value = (window as Record<string, unknown>)[key] ?? (key === "startMinute" ? 0 : undefined);
    if (typeof value !== "number" || !Number.isInteger(value) || value < low || value > high) {
      fail(
        `maintenanceWindow.${key}`,
        `maintenanceWindow.${key} must be a whole number from ${low} to ${high}, but got ${show(value)}.`,
      );
    }
  }
  return {
    customWindow: "Enabled",
    dayOfWeek: window.dayOfWeek,
    startHour: window.startHour,
    startMinute: window.startMinute ?? 0,
  };
}

const checkedFields = (args: PostgresStandbyArgs) => ({
  skuName: args.skuName ?? "Standard_D4ds_v4",
  version: args.version ?? "17",
  storageSizeGB: args.storageSizeGB ?? 128,
  highAvailability: args.highAvailability ?? "ZoneRedundant",
  backupRetentionDays: args.backupRetentionDays ?? 14,
});

/**
 * Validates PostgresStandby's args and works out what it builds, registering nothing: its constructor calls it first,
 * and WarmStandbyAiPlatform can call it before building any part.
 *
 * @throws InvalidArgumentError naming the argument, the value received and the fix.
 */
export function checkPostgresStandbyArgs(name: string, args: PostgresStandbyArgs) {
  const { pair, tags } = checkRegionalArgs("PostgresStandby", name, args);
  const { skuName, version, storageSizeGB, highAvailability, backupRetentionDays } = checkedFields(args);
  const notes: string[] = [];
  const checkRegions = args.skipRegionChecks !== true;

  const primaryFacts = postgresRegion("regions.primary", pair.primary);
  const standbyFacts = postgresRegion("regions.standby", pair.standby);

  const sku = parsePostgresSku("skuName", skuName);
  if (sku.tier === "Burstable") {
    fail(
      "skuName",
      `skuName ${show(skuName)} is Burstable, which has neither high availability nor read replicas ` +
        '("Read Replicas are currently supported for the General Purpose and Memory Optimized server compute tiers"): ' +
        'use General Purpose ("Standard_D4ds_v4") or Memory Optimized ("Standard_E4ds_v4").',
    );
  }
  if (checkRegions) {
    checkSkuInRegion("skuName", sku, pair.primary, primaryFacts);
    checkSkuInRegion("skuName", sku, pair.standby, standbyFacts);
  }

  if (!(postgresVersions as readonly unknown[]).includes(version)) {
    fail(
      "version",
      `version must be one of ${postgresVersions.map((v) => `"${v}"`).join(", ")} (a string), but got ${show(version)}: ` +
        "11, 12 and 13 are retired for new servers (standard support ended 2026-07-31), 10 and older were never offered. " +
        "https://learn.microsoft.com/azure/postgresql/configure-maintain/concepts-version-policy",
    );
  }
  if (version === "14") {
    notes.push(
      `PostgreSQL 14 leaves Azure standard support on ${postgresStandardSupportEnds["14"]}; new servers cannot be created with a retired version, and existing ones move to paid extended support: plan an upgrade.`,
    );
  }

  if (!(premiumSsdSizesGB as readonly unknown[]).includes(storageSizeGB)) {
    fail(
      "storageSizeGB",
      `storageSizeGB must be a Premium SSD size (${premiumSsdSizesGB.join(", ")} GiB), but got ${show(storageSizeGB)}.`,
    );
  }
  if (args.storageAutoGrow !== undefined && typeof args.storageAutoGrow !== "boolean") {
    fail("storageAutoGrow", `storageAutoGrow must be true or false, but got ${show(args.storageAutoGrow)}.`);
  }

  if (highAvailability !== "ZoneRedundant" && highAvailability !== "SameZone") {
    fail(
      "highAvailability",
      `highAvailability must be "ZoneRedundant" or "SameZone", but got ${show(highAvailability)}.`,
    );
  }
  if (highAvailability === "ZoneRedundant" && checkRegions) {
    if (!pair.primary.availabilityZones || primaryFacts.zoneRedundantHa === "no") {
      fail(
        "highAvailability",
        `highAvailability "ZoneRedundant" is not offered in ${pair.primary.name} (Microsoft's region table): ` +
          'choose a primary region that offers it, or highAvailability "SameZone".',
      );
    }
    if (primaryFacts.zoneRedundantHa === "blocked") {
      fail(
        "highAvailability",
        `highAvailability "ZoneRedundant": Microsoft's region table says "new zone-redundant HA deployments are temporarily blocked" in ${pair.primary.name} ` +
          "(https://learn.microsoft.com/azure/postgresql/overview#azure-regions): choose another primary region, " +
          'highAvailability "SameZone", or skipRegionChecks if Azure accepts it for your subscription again.',
      );
    }
  }

  const geoOffered = primaryFacts.geoRedundantBackup;
  const geoRedundantBackup = args.geoRedundantBackup ?? (geoOffered || !checkRegions);
  if (typeof geoRedundantBackup !== "boolean") {
    fail(
      "geoRedundantBackup",
      `geoRedundantBackup must be true or false, but got ${show(geoRedundantBackup)}.`,
    );
  }
  if (geoRedundantBackup && !geoOffered && checkRegions) {
    fail(
      "geoRedundantBackup",
      `geoRedundantBackup is not offered in ${pair.primary.name}: geo-redundant backup needs a paired region that supports it ` +
        "(https://learn.microsoft.com/azure/postgresql/overview#azure-regions). Leave it out: the replica in the standby region protects the data.",
    );
  }
  if (!geoRedundantBackup) {
    notes.push(
      `No geo-redundant backup in ${pair.primary.name}: the replica in ${pair.standby.name} is the only copy outside the primary region.`,
    );
  }

  if (!Number.isInteger(backupRetentionDays) || backupRetentionDays < 7 || backupRetentionDays > 35) {
    fail(
      "backupRetentionDays",
      `backupRetentionDays must be a whole number of days from 7 to 35, but got ${show(backupRetentionDays)}.`,
    );
  }
  const maintenanceWindow = checkMaintenanceWindow(args.maintenanceWindow);

  const admins = args.administrators;
  if (!Array.isArray(admins) || admins.length === 0) {
    fail(
      "administrators",
      `administrators must list at least one Microsoft Entra administrator ({ objectId, principalName, principalType }): ` +
        `with password authentication off nobody could sign in. Got ${show(admins)}.`,
    );
  }
  const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  admins.forEach((admin, i) => {
    const known = typeof admin?.objectId === "string";
    if (!admin || (known && !guid.test(admin.objectId as string)) || admin.objectId == null) {
      fail(
        `administrators[${i}].objectId`,
        `administrators[${i}].objectId must be an object id (a GUID), but got ${show(admin?.objectId)}.`,
      );
    }
    if (typeof admin.principalName !== "string" || admin.principalName === "") {
      fail(
        `administrators[${i}].principalName`,
        `administrators[${i}].principalName is required (the principal's name), but got ${show(admin.principalName)}.`,
      );
    }
    if (!["user", "group", "servicePrincipal"].includes(admin.principalType)) {
      fail(
        `administrators[${i}].principalType`,
        `administrators[${i}].principalType must be "user", "group" or "servicePrincipal", but got ${show(admin.principalType)}.`,
      );
    }
    if (
      known &&
      admins.findIndex(
        (a) =>
          typeof a?.objectId === "string" &&
          a.objectId.toLowerCase() === (admin.objectId as string).toLowerCase(),
      ) !== i
    ) {
      fail(
        `administrators[${i}].objectId`,
        `administrators[${i}] repeats object id ${String(admin.objectId)}.`,
      );
    }
    // Children are named after the principal's name: an object id may be an Output.
    if (
      admins.findIndex((a) => a?.principalName?.toLowerCase() === admin.principalName.toLowerCase()) !== i
    ) {
      fail(
        `administrators[${i}].principalName`,
        `administrators[${i}] repeats principal name ${show(admin.principalName)}: each administrator is a PostgreSQL role of that name.`,
      );
    }
  });

  const placement = args.privateEndpoints;
  if (!placement || !placement.subnetIds?.primary || !placement.subnetIds?.standby) {
    fail(
      "privateEndpoints",
      `privateEndpoints must give a subnet id for both primary and standby and the "${postgresPrivateDnsZone}" zone (privateEndpointsIn(network.descriptor, "<subnet>") builds it), but got ${show(placement?.subnetIds)}.`,
    );
  }
  const zoneId = placement.privateDnsZoneIds?.[postgresPrivateDnsZone];
  if (zoneId === undefined || zoneId === null || zoneId === "") {
    fail(
      "privateEndpoints.privateDnsZoneIds",
      `privateEndpoints.privateDnsZoneIds has no "${postgresPrivateDnsZone}" zone (it has ${
        Object.keys(placement.privateDnsZoneIds ?? {})
          .map((z) => `"${z}"`)
          .join(", ") || "none"
      }): ` +
        "Azure registers flexible server private endpoints only under that name. Add it to the MirroredNetwork's privateDnsZones.",
    );
  }

  const password = args.passwordAuthentication;
  if (password !== undefined) {
    if (
      !password ||
      typeof password.administratorLogin !== "string" ||
      !/^[a-z_][a-z0-9_]{0,62}$/i.test(password.administratorLogin) ||
      /^(azure_superuser|azure_pg_admin|admin|administrator|root|guest|public)$/i.test(
        password.administratorLogin,
      ) ||
      /^pg_/i.test(password.administratorLogin)
    ) {
      fail(
        "passwordAuthentication.administratorLogin",
        `passwordAuthentication.administratorLogin must be a PostgreSQL role name (letters, digits, underscores; not azure_superuser, azure_pg_admin, admin, administrator, root, guest, public, nor starting with pg_), but got ${show(password?.administratorLogin)}.`,
      );
    }
    if (password.administratorLoginPassword === undefined || password.administratorLoginPassword === "") {
      fail(
        "passwordAuthentication.administratorLoginPassword",
        "passwordAuthentication.administratorLoginPassword is required (a secret).",
      );
    }
    notes.push(
      "Password authentication is on besides Entra ID: the administrator password is a long-lived secret to rotate.",
    );
  }

  const prefix = args.serverNamePrefix ?? name;
  if (
    args.serverNamePrefix !== undefined &&
    !/^[a-z](?:[a-z0-9-]{0,40}[a-z0-9])?$/.test(args.serverNamePrefix)
  ) {
    fail(
      "serverNamePrefix",
      `serverNamePrefix must be 1-42 lower-case letters, digits and hyphens, starting with a letter (a region code and a random suffix are appended), but got ${show(args.serverNamePrefix)}.`,
    );
  }
  for (const region of pair.regions) {
    globalName(
      "postgresServer",
      `${prefix}-${region.code}`,
      "x".repeat(uniqueSuffixLength),
      "serverNamePrefix",
    );
  }
  globalName("postgresVirtualEndpoint", prefix, "x".repeat(uniqueSuffixLength), "serverNamePrefix");

  for (const [role, facts] of [
    ["primary", primaryFacts],
    ["standby", standbyFacts],
  ] as const) {
    if (facts.restricted) {
      notes.push(
        `${pair[role].name} is access-restricted for PostgreSQL flexible server ("available only upon request"): request access before deploying.`,
      );
    }
  }
  checkDiagnostics(args.diagnostics);
  return {
    pair,
    tags,
    notes,
    sku,
    version,
    storageSizeGB,
    storageAutoGrow: args.storageAutoGrow ?? true,
    highAvailability,
    geoRedundantBackup,
    backupRetentionDays,
    maintenanceWindow,
    admins,
    placement,
    zoneId,
    prefix,
    virtualEndpoint: args.virtualEndpoint ?? true,
  };
}

/**
 * A PostgreSQL flexible server in the primary region with high availability (zone-redundant by default) and
 * geo-redundant backup where the region has it, a read replica of the same size in the standby region, Entra ID
 * authentication (password authentication off), private endpoints and no public network access, and a read-write
 * virtual endpoint that follows the primary role. The failover runbook promotes the replica (see `failover`).
 */
export class PostgresStandby extends pulumi.ComponentResource {
  /** The read-write server in the primary region. */
  readonly primary: PostgresServerInfo;
  /** The read replica in the standby region. */
  readonly replica: PostgresServerInfo;
  /** The read-write virtual endpoint, when built: `id` and `writerHostName` (`<base>.writer.postgres.database.azure.com`). */
  readonly virtualEndpoint?: {
    readonly id: pulumi.Output<string>;
    readonly writerHostName: pulumi.Output<string>;
    readonly readerHostName: pulumi.Output<string>;
  };
  /** The host clients use for reads and writes: the writer endpoint, or the primary's FQDN without one. */
  readonly writeHostName: pulumi.Output<string>;
  /** What the failover automation needs to promote the replica. */
  readonly failover: PostgresFailoverDescriptor;
  /** Findings for reports (no geo-backup, version ending support...). */
  readonly notes: readonly string[];

  constructor(name: string, args: PostgresStandbyArgs, opts?: pulumi.ComponentResourceOptions) {
    const checked = checkPostgresStandbyArgs(name, args);
    const { pair, tags, sku, placement, zoneId, prefix } = checked;
    super("azure-ai-failover:database:PostgresStandby", name, {}, opts);
    const groups = resourceGroupsFor(name, pair, args.resourceGroups, this, tags);
    const suffix = uniqueSuffix(name, this);
    const regions: PerRegion<AzureRegion> = { primary: pair.primary, standby: pair.standby };
    const tenantId =
      args.tenantId ?? authorization.getClientConfigOutput({ parent: this }).apply((c) => c.tenantId);

    // Entra ID only unless asked: https://learn.microsoft.com/azure/postgresql/security/security-entra-concepts
    // (authConfig: activeDirectoryAuth, passwordAuth, tenantId; @pulumi/azure-native dbforpostgresql AuthConfigArgs).
    const authConfig = {
      activeDirectoryAuth: "Enabled",
      passwordAuth: args.passwordAuthentication ? "Enabled" : "Disabled",
      tenantId,
    };
    // Same size and storage on both servers: "promote to primary server" needs "identical tiers and storage sizes",
    // and autogrow on the primary needs it on the replicas.
    // https://learn.microsoft.com/azure/postgresql/read-replica/concepts-read-replicas#configuration-management
    const skuArgs = { name: sku.name, tier: sku.tier };
    const storage = {
      storageSizeGB: checked.storageSizeGB,
      type: "Premium_LRS",
      autoGrow: checked.storageAutoGrow ? "Enabled" : "Disabled",
    };
    // Private Link, not VNet integration: Microsoft lists "Read replica with virtual endpoints: Yes" for private
    // endpoints, and calls Private Link "a recommended alternative" to VNet integration. A private endpoint needs the
    // server in "public access" networking mode, with public network access then turned off.
    // https://learn.microsoft.com/azure/postgresql/network/concepts-networking-private-link
    const networkArgs = { publicNetworkAccess: "Disabled" };

    const serverName = (role: Role) =>
      uniqueName("postgresServer", `${prefix}-${regions[role].code}`, suffix.result);

    const primaryServer = new dbforpostgresql.Server(
      childName(name, "pg", regions.primary),
      {
        resourceGroupName: groups.primary,
        serverName: serverName("primary"),
        location: regions.primary.name,
        version: checked.version,
        sku: skuArgs,
        storage,
        // Zone-redundant HA: synchronous standby in another zone, automatic failover in 60-120 s.
        // https://learn.microsoft.com/azure/reliability/reliability-database-postgresql
        highAvailability: { mode: checked.highAvailability },
        // Geo-redundant backup can only be chosen at creation.
        // https://learn.microsoft.com/azure/postgresql/backup-restore/concepts-backup-restore#geo-redundant-backup-and-restore
        backup: {
          backupRetentionDays: checked.backupRetentionDays,
          geoRedundantBackup: checked.geoRedundantBackup ? "Enabled" : "Disabled",
        },
        // A custom window: patching restarts the primary at a chosen hour (APRL: enable custom maintenance schedule).
        ...(checked.maintenanceWindow ? { maintenanceWindow: checked.maintenanceWindow } : {}),
        network: networkArgs,
        authConfig,
        ...(args.passwordAuthentication
          ? {
              administratorLogin: args.passwordAuthentication.administratorLogin,
              administratorLoginPassword: pulumi.secret(
                args.passwordAuthentication.administratorLoginPassword,
              ),
            }
          : {}),
        tags: { ...tags, "failover-role": "primary" },
      },
      { parent: this },
    );

    // Management operations on the primary are serialized: while a replica is created, deleted or promoted the
    // primary is "updating" and "server management operations ... will be unavailable".
    // https://learn.microsoft.com/azure/postgresql/read-replica/concepts-read-replicas#create-a-replica
    let previous: pulumi.Resource = primaryServer;
    const privateEndpoint = (
      role: Role,
      server: dbforpostgresql.Server,
      resourceName: string,
      subnetId: pulumi.Input<string>,
      dnsZoneId: pulumi.Input<string>,
      endpointTags: Record<string, string>,
    ) => {
      const endpoint = new network.PrivateEndpoint(
        childName(name, resourceName, regions[role]),
        {
          resourceGroupName: groups[role],
          location: regions[role].name,
          subnet: { id: subnetId },
          // Group id "postgresqlServer": https://learn.microsoft.com/azure/private-link/private-endpoint-dns#databases
          privateLinkServiceConnections: [
            { name: "postgresqlServer", privateLinkServiceId: server.id, groupIds: ["postgresqlServer"] },
          ],
          tags: endpointTags,
        },
        { parent: this, dependsOn: [previous] },
      );
      const zoneGroup = new network.PrivateDnsZoneGroup(
        childName(name, `${resourceName}-dns`, regions[role]),
        {
          resourceGroupName: groups[role],
          privateEndpointName: endpoint.name,
          privateDnsZoneGroupName: "default",
          privateDnsZoneConfigs: [
            { name: postgresPrivateDnsZone.replace(/\./g, "-"), privateDnsZoneId: dnsZoneId },
          ],
        },
        { parent: this },
      );
      previous = zoneGroup;
    };
    privateEndpoint("primary", primaryServer, "pg-pe", placement.subnetIds.primary, zoneId, tags);

    for (const admin of checked.admins) {
      previous = new dbforpostgresql.AdministratorsMicrosoftEntra(
        `${name}-pg-admin-${admin.principalName.toLowerCase().replace(/[^a-z0-9@._-]/g, "-")}`,
        {
          resourceGroupName: groups.primary,
          serverName: primaryServer.name,
          objectId: admin.objectId,
          principalName: admin.principalName,
          principalType: admin.principalType,
          tenantId,
        },
        { parent: this, dependsOn: [previous] },
      );
    }

    // The replica: createMode "Replica" from the primary's id, same sku and storage; no HA and no backup settings
    // (replicas support neither). Its authentication is "informational only ... inherited from the primary server" while
    // it is a replica; sent anyway (as Microsoft's AVM module does) so the server says Entra-only once promoted.
    // https://learn.microsoft.com/azure/postgresql/read-replica/concepts-read-replicas-promote#configuration-management
    const replicaServer = new dbforpostgresql.Server(
      childName(name, "pg", regions.standby),
      {
        resourceGroupName: groups.standby,
        serverName: serverName("standby"),
        location: regions.standby.name,
        createMode: "Replica",
        sourceServerResourceId: primaryServer.id,
        sku: skuArgs,
        storage,
        network: networkArgs,
        authConfig,
        tags: { ...tags, "failover-role": "standby" },
      },
      { parent: this, dependsOn: [previous] },
    );
    previous = replicaServer;
    for (const [role, server] of [
      ["primary", primaryServer],
      ["standby", replicaServer],
    ] as const)
      sendDiagnostics(
        childName(name, "pg", regions[role]),
        "Microsoft.DBforPostgreSQL/flexibleServers",
        server,
        args.diagnostics,
        this,
      );
    privateEndpoint("standby", replicaServer, "pg-pe", placement.subnetIds.standby, zoneId, {
      ...tags,
      "failover-role": "standby",
    });
    const drillZoneId = placement.drill?.privateDnsZoneIds[postgresPrivateDnsZone];
    if (placement.drill && drillZoneId) {
      // Drilled workloads in the isolated drill VNet read the replica through its own endpoint and zone.
      privateEndpoint("standby", replicaServer, "pg-pe-drill", placement.drill.subnetId, drillZoneId, {
        ...tags,
        "failover-role": "drill",
      });
    }

    let virtualEndpoint: PostgresStandby["virtualEndpoint"];
    if (checked.virtualEndpoint) {
      // Created on the primary ("All operations involving virtual endpoints ... are performed in the context of the
      // primary server"), members = the replica the reader endpoint targets: switchover succeeds "only if the targeted
      // replica is included in the reader endpoint configuration".
      // https://learn.microsoft.com/azure/postgresql/read-replica/concepts-read-replicas-virtual-endpoints,
      // https://learn.microsoft.com/azure/postgresql/read-replica/how-to-create-virtual-endpoints (--members <replica>)
      const endpoint = new dbforpostgresql.VirtualEndpoint(
        `${name}-pg-vep`,
        {
          resourceGroupName: groups.primary,
          serverName: primaryServer.name,
          virtualEndpointName: uniqueName("postgresVirtualEndpoint", prefix, suffix.result),
          endpointType: "ReadWrite",
          members: [replicaServer.name],
        },
        { parent: this, dependsOn: [previous] },
      );
      const host = (kind: "writer" | "reader") =>
        endpoint.virtualEndpoints.apply(
          (hosts) => hosts.find((h) => h.includes(`.${kind}.postgres.database.azure.com`)) ?? "",
        );
      virtualEndpoint = { id: endpoint.id, writerHostName: host("writer"), readerHostName: host("reader") };
    }

    const info = (role: Role, server: dbforpostgresql.Server): PostgresServerInfo => ({
      role,
      region: regions[role],
      resourceGroupName: groups[role],
      serverId: server.id,
      serverName: server.name,
      fullyQualifiedDomainName: server.fullyQualifiedDomainName,
    });
    this.primary = info("primary", primaryServer);
    this.replica = info("standby", replicaServer);
    this.virtualEndpoint = virtualEndpoint;
    this.writeHostName = virtualEndpoint?.writerHostName ?? primaryServer.fullyQualifiedDomainName;
    this.failover = {
      primaryServerId: primaryServer.id,
      replicaServerId: replicaServer.id,
      ...(virtualEndpoint ? { virtualEndpointId: virtualEndpoint.id } : {}),
      promoteMode: virtualEndpoint ? "Switchover" : "Standalone",
      highAvailability: checked.highAvailability,
    };
    this.notes = checked.notes;
    this.registerOutputs({
      primaryServerId: primaryServer.id,
      primaryFullyQualifiedDomainName: primaryServer.fullyQualifiedDomainName,
      replicaServerId: replicaServer.id,
      replicaFullyQualifiedDomainName: replicaServer.fullyQualifiedDomainName,
      virtualEndpointId: virtualEndpoint?.id,
      writeHostName: this.writeHostName,
    });
  }
}
