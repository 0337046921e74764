import type { CheckedResource } from "../../../src/policies/model";
import { PolicyCase, res, stack } from "./builder";

const T = {
  account: "azure-native:storage:StorageAccount",
  blob: "azure-native:storage:BlobServiceProperties",
  vault: "azure-native:keyvault:Vault",
  pg: "azure-native:dbforpostgresql:Server",
  pgConfig: "azure-native:dbforpostgresql:Configuration",
  cosmos: "azure-native:cosmosdb:DatabaseAccount",
};

/** A storage account written the way Microsoft's guidance asks; `over` changes fields. */
const account = (over: Record<string, unknown> = {}, name?: string) =>
  res(
    T.account,
    {
      kind: "StorageV2",
      sku: { name: "Standard_ZRS" },
      minimumTlsVersion: "TLS1_2",
      allowSharedKeyAccess: false,
      publicNetworkAccess: "Disabled",
      ...over,
    },
    { name },
  );

/** A blob service with soft delete (blobs and containers) and versioning on, for `of`. */
const blobService = (of: CheckedResource, over: Record<string, unknown> = {}) =>
  res(
    T.blob,
    {
      accountName: of.props.accountName,
      blobServicesName: "default",
      deleteRetentionPolicy: { enabled: true, days: 7 },
      containerDeleteRetentionPolicy: { enabled: true, days: 7 },
      isVersioningEnabled: true,
      ...over,
    },
    { dependsOn: [of] },
  );

const vault = (properties: Record<string, unknown> = {}, type = T.vault) =>
  res(type, {
    properties: {
      tenantId: "00000000-0000-0000-0000-000000000002",
      sku: { family: "A", name: "standard" },
      enableSoftDelete: true,
      enablePurgeProtection: true,
      enableRbacAuthorization: true,
      publicNetworkAccess: "Disabled",
      ...properties,
    },
  });

const server = (over: Record<string, unknown> = {}, name?: string) =>
  res(
    T.pg,
    {
      location: "uksouth",
      sku: { name: "Standard_D4ds_v4", tier: "GeneralPurpose" },
      storage: { storageSizeGB: 128, autoGrow: "Enabled" },
      highAvailability: { mode: "ZoneRedundant" },
      backup: { backupRetentionDays: 14, geoRedundantBackup: "Enabled" },
      network: { publicNetworkAccess: "Disabled" },
      authConfig: { activeDirectoryAuth: "Enabled", passwordAuth: "Disabled" },
      maintenanceWindow: { customWindow: "Enabled", dayOfWeek: 0, startHour: 2, startMinute: 0 },
      ...over,
    },
    { name },
  );

const replicaOf = (primary: CheckedResource, over: Record<string, unknown> = {}) =>
  res(
    T.pg,
    {
      location: "ukwest",
      createMode: "Replica",
      sourceServerResourceId: primary.props.id,
      sku: primary.props.sku,
      storage: primary.props.storage,
      network: { publicNetworkAccess: "Disabled" },
      authConfig: { activeDirectoryAuth: "Enabled", passwordAuth: "Disabled" },
      ...over,
    },
    { dependsOn: [primary] },
  );

const pgConfig = (configurationName: string, value: string) =>
  res(T.pgConfig, { serverName: "state-uks", configurationName, value, source: "user-override" });

const cosmos = (over: Record<string, unknown> = {}, type = T.cosmos) =>
  res(type, {
    databaseAccountOfferType: "Standard",
    locations: [
      { locationName: "eastus2", failoverPriority: 0, isZoneRedundant: true },
      { locationName: "centralus", failoverPriority: 1, isZoneRedundant: true },
    ],
    disableLocalAuth: true,
    publicNetworkAccess: "Disabled",
    enableAutomaticFailover: true,
    backupPolicy: { type: "Continuous", continuousModeProperties: { tier: "Continuous7Days" } },
    ...over,
  });

let accounts = 0;
const withBlob = (over: Record<string, unknown> = {}, blob: Record<string, unknown> = {}) => {
  const a = account({ accountName: `stdata${++accounts}`, ...over });
  return stack(a, blobService(a, blob));
};

export const cases: Record<string, PolicyCase> = {
  "data-storage-require-redundancy-and-tls": {
    compliant: [
      stack(account()),
      // allowBlobPublicAccess not set: false for new accounts; enableHttpsTrafficOnly not set: true since 2019-04-01.
      stack(account({ sku: { name: "standard_gzrs" }, minimumTlsVersion: "tls1_2" })),
    ],
    failing: [
      { ...stack(account({ sku: { name: "Standard_LRS" } })), expect: /Standard_LRS keeps every copy/ },
      { ...stack(account({ minimumTlsVersion: undefined })), expect: /TLS1_0 \(the service default\)/ },
      { ...stack(account({ allowBlobPublicAccess: true })), expect: /anonymous\) blob access is allowed/ },
      {
        ...stack(
          res("azure-native:storage/v20230101:StorageAccount", {
            kind: "StorageV2",
            sku: { name: "Standard_GRS" },
            minimumTlsVersion: "TLS1_2",
            enableHttpsTrafficOnly: false,
          }),
        ),
        expect: /plain HTTP is allowed/,
      },
    ],
  },
  "data-storage-disable-shared-key": {
    compliant: [stack(account())],
    failing: [
      {
        ...stack(account({ allowSharedKeyAccess: undefined })),
        expect: /the default when allowSharedKeyAccess is not set/,
      },
      { ...stack(account({ allowSharedKeyAccess: true })), expect: /shared key access is on:/ },
    ],
  },
  "data-storage-restrict-network-access": {
    compliant: [
      stack(account()),
      stack(
        account({
          publicNetworkAccess: undefined,
          networkRuleSet: { defaultAction: "deny", bypass: "AzureServices" },
        }),
      ),
    ],
    failing: [
      {
        ...stack(account({ publicNetworkAccess: undefined })),
        expect: /"Enabled" and networkRuleSet.defaultAction is "Allow"/,
      },
      {
        ...stack(account({ publicNetworkAccess: "Enabled", networkRuleSet: { defaultAction: "Allow" } })),
        expect: /answers requests from any network/,
      },
    ],
  },
  "data-storage-require-blob-soft-delete": {
    compliant: [withBlob(), stack(account({ kind: "FileStorage" }))],
    failing: [
      { ...stack(account({}, "noblob")), expect: /account noblob has no blob soft delete/ },
      {
        ...withBlob({}, { deleteRetentionPolicy: { enabled: false } }),
        expect: /deleted or overwritten blob is gone/,
      },
    ],
  },
  "data-storage-require-container-soft-delete": {
    compliant: [withBlob()],
    failing: [
      { ...stack(account({}, "nocontainers")), expect: /account nocontainers has no container soft delete/ },
      {
        ...withBlob({}, { containerDeleteRetentionPolicy: undefined }),
        expect: /deleted container and every blob/,
      },
    ],
  },
  "data-storage-require-blob-versioning": {
    compliant: [withBlob(), stack(account({ isHnsEnabled: true }))],
    failing: [
      { ...stack(account({}, "noversions")), expect: /account noversions has no blob versioning/ },
      { ...withBlob({}, { isVersioningEnabled: false }), expect: /overwritten blob cannot be brought back/ },
    ],
  },
  "data-keyvault-require-purge-protection": {
    compliant: [
      stack(vault()),
      stack(vault({ enableSoftDelete: undefined }, "azure-native:keyvault/v20230701:Vault")),
    ],
    failing: [
      { ...stack(vault({ enablePurgeProtection: undefined })), expect: /purge protection is off/ },
      { ...stack(vault({ enableSoftDelete: false })), expect: /soft delete is off/ },
    ],
  },
  "data-keyvault-require-rbac-authorization": {
    compliant: [stack(vault())],
    failing: [
      { ...stack(vault({ enableRbacAuthorization: undefined })), expect: /not set, which is false/ },
      {
        ...stack(vault({ enableRbacAuthorization: false, accessPolicies: [] })),
        expect: /uses access policies/,
      },
    ],
  },
  "data-keyvault-restrict-public-access": {
    compliant: [
      stack(vault()),
      stack(vault({ publicNetworkAccess: "Enabled", networkAcls: { defaultAction: "deny" } })),
    ],
    failing: [
      { ...stack(vault({ publicNetworkAccess: undefined })), expect: /networkAcls.defaultAction is "Allow"/ },
      {
        ...stack(vault({ publicNetworkAccess: "enabled", networkAcls: { defaultAction: "Allow" } })),
        expect: /any network/,
      },
    ],
  },
  "data-keyvault-require-soft-delete-retention": {
    compliant: [stack(vault()), stack(vault({ softDeleteRetentionInDays: 90 }))],
    failing: [
      {
        ...stack(vault({ softDeleteRetentionInDays: 7 })),
        expect: /kept 7 days \(softDeleteRetentionInDays\), under 90/,
      },
      {
        ...stack(vault({ softDeleteRetentionInDays: 60 })),
        settings: { minimumDays: 90 },
        expect: /kept 60 days/,
      },
    ],
  },
  "data-postgresql-require-ha-and-geo": {
    compliant: [
      stack(server()),
      (() => {
        const p = server({ backup: { geoRedundantBackup: "Disabled" } });
        return stack(p, replicaOf(p));
      })(),
      // No location: the provider's default region applies; eastus2 blocks new zone-redundant HA, so same-zone is the best.
      {
        resources: [server({ location: undefined, highAvailability: { mode: "samezone" } })],
        context: { defaultLocation: "eastus2" },
      },
    ],
    failing: [
      {
        ...stack(server({ highAvailability: undefined }, "noha")),
        expect: /server noha has no zone-redundant HA/,
      },
      {
        ...stack(server({ backup: { geoRedundantBackup: "Disabled" } }, "nogeo")),
        expect: /server nogeo has neither geo-redundant backup nor a replica/,
      },
      {
        resources: [server({ location: undefined, highAvailability: { mode: "SameZone" } }, "samezone")],
        context: { defaultLocation: "uksouth" },
        expect: /server samezone has no zone-redundant HA \(mode "SameZone"\)/,
      },
    ],
  },
  "data-postgresql-tier1-require-geo-replica": {
    compliant: [
      (() => {
        const p = server({ tags: { tier: "1" } });
        return stack(p, replicaOf(p));
      })(),
      stack(server()),
    ],
    failing: [
      {
        ...stack(server({ tags: { tier: "tier-1" } }, "crit")),
        expect: /tier-1 server crit has no read replica/,
      },
      (() => {
        const p = server({ tags: { criticality: "critical" } }, "big");
        return {
          ...stack(p, replicaOf(p, { sku: { name: "Standard_D2ds_v4" } })),
          expect: /replica .* of another size/,
        };
      })(),
    ],
  },
  "data-postgresql-restrict-public-access": {
    compliant: [
      stack(server()),
      stack(
        server({
          network: {
            delegatedSubnetResourceId:
              "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/pg",
          },
        }),
      ),
    ],
    failing: [
      { ...stack(server({ network: undefined })), expect: /public network access is "Enabled"/ },
      {
        ...stack(server({ network: { publicNetworkAccess: "enabled" } })),
        expect: /listens on the Internet/,
      },
    ],
  },
  "data-postgresql-require-entra-auth": {
    compliant: [
      stack(server()),
      stack(server({ authConfig: { activeDirectoryAuth: "enabled", passwordAuth: "disabled" } })),
    ],
    failing: [
      { ...stack(server({ authConfig: undefined })), expect: /Microsoft Entra authentication is "Disabled"/ },
      {
        ...stack(server({ authConfig: { activeDirectoryAuth: "Enabled", passwordAuth: "Enabled" } })),
        expect: /password authentication is "Enabled"/,
      },
    ],
  },
  "data-postgresql-require-secure-transport": {
    compliant: [
      stack(pgConfig("require_secure_transport", "on"), pgConfig("ssl_min_protocol_version", "TLSv1.3")),
    ],
    failing: [
      {
        ...stack(pgConfig("require_secure_transport", "OFF")),
        expect: /require_secure_transport is "OFF" on server state-uks/,
      },
      {
        ...stack(pgConfig("ssl_min_protocol_version", "TLSv1.1")),
        expect: /TLS versions before 1.2 are allowed/,
      },
    ],
  },
  "data-postgresql-require-custom-maintenance": {
    compliant: [stack(server())],
    failing: [
      { ...stack(server({ maintenanceWindow: undefined })), expect: /no custom maintenance window/ },
      {
        ...stack(server({ maintenanceWindow: { customWindow: "Disabled" } })),
        expect: /Azure picks when patching/,
      },
    ],
  },
  "data-postgresql-require-backup-retention": {
    compliant: [
      stack(server()),
      stack(server({ backup: undefined })),
      (() => {
        const p = server();
        return stack(p, replicaOf(p));
      })(),
    ],
    failing: [
      {
        ...stack(server({ backup: undefined })),
        settings: { minimumDays: 14 },
        expect: /kept 7 days \(the default\), under 14/,
      },
      {
        ...stack(server({ backup: { backupRetentionDays: 10 } })),
        settings: { minimumDays: 30 },
        expect: /kept 10 days, under 30/,
      },
    ],
  },
  "data-postgresql-require-storage-autogrow": {
    compliant: [stack(server()), stack(server({ storage: { storageSizeGB: 128, autoGrow: "enabled" } }))],
    failing: [
      { ...stack(server({ storage: { storageSizeGB: 128 } })), expect: /storage autogrow is "Disabled"/ },
      { ...stack(server({ storage: { autoGrow: "Disabled" } })), expect: /becomes read-only/ },
    ],
  },
  "data-cosmosdb-disable-local-auth": {
    compliant: [stack(cosmos()), stack(cosmos({}, "azure-native:documentdb:DatabaseAccount"))],
    failing: [
      { ...stack(cosmos({ disableLocalAuth: undefined })), expect: /local authentication is on/ },
      {
        ...stack(cosmos({ disableLocalAuth: false }, "azure-native:documentdb:DatabaseAccount")),
        expect: /account key/,
      },
    ],
  },
  "data-cosmosdb-restrict-public-access": {
    compliant: [
      stack(cosmos()),
      stack(cosmos({ publicNetworkAccess: "Enabled", ipRules: [{ ipAddressOrRange: "203.0.113.0/24" }] })),
    ],
    failing: [
      {
        ...stack(cosmos({ publicNetworkAccess: undefined })),
        expect: /public network access is "Enabled" with no ipRules/,
      },
      { ...stack(cosmos({ publicNetworkAccess: "Enabled", ipRules: [] })), expect: /any network/ },
    ],
  },
  "data-cosmosdb-require-multiple-regions": {
    compliant: [stack(cosmos())],
    failing: [
      {
        ...stack(cosmos({ locations: [{ locationName: "East US 2", failoverPriority: 0 }] })),
        expect: /one region \(eastus2\)/,
      },
      {
        ...stack(
          cosmos(
            { locations: [{ locationName: "eastus2" }, { locationName: "East US 2" }] },
            "azure-native:documentdb/v20240515:DatabaseAccount",
          ),
        ),
        expect: /regional outage takes its data offline/,
      },
    ],
  },
  "data-cosmosdb-require-zone-redundancy": {
    compliant: [
      stack(cosmos()),
      // North Central US has no availability zones: nothing to ask there.
      stack(
        cosmos({
          locations: [{ locationName: "eastus2", isZoneRedundant: true }, { locationName: "northcentralus" }],
        }),
      ),
    ],
    failing: [
      {
        ...stack(
          cosmos({
            locations: [{ locationName: "eastus2" }, { locationName: "centralus", isZoneRedundant: true }],
          }),
        ),
        expect: /not zone redundant in eastus2 \(/,
      },
      {
        ...stack(
          cosmos({
            locations: [
              { locationName: "East US 2", isZoneRedundant: false },
              { locationName: "Central US" },
            ],
          }),
        ),
        expect: /eastus2, centralus/,
      },
    ],
  },
  "data-cosmosdb-require-continuous-backup": {
    compliant: [stack(cosmos()), stack(cosmos({ backupPolicy: { type: "continuous" } }))],
    failing: [
      { ...stack(cosmos({ backupPolicy: undefined })), expect: /backup is "Periodic"/ },
      {
        ...stack(cosmos({ backupPolicy: { type: "Periodic", periodicModeProperties: {} } })),
        expect: /support request/,
      },
    ],
  },
  "data-cosmosdb-require-automatic-failover": {
    compliant: [
      stack(cosmos()),
      stack(cosmos({ enableAutomaticFailover: undefined, enableMultipleWriteLocations: true })),
      stack(cosmos({ enableAutomaticFailover: undefined, locations: [{ locationName: "eastus2" }] })),
    ],
    failing: [
      {
        ...stack(cosmos({ enableAutomaticFailover: undefined })),
        expect: /enableAutomaticFailover is not true/,
      },
      { ...stack(cosmos({ enableAutomaticFailover: false })), expect: /fails over by hand/ },
    ],
  },
};
