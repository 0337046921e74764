import type { ResilienceCheck } from "../model";
import { dataCosmosdbDisableLocalAuth } from "./cosmosdb-disable-local-auth";
import { dataCosmosdbRequireAutomaticFailover } from "./cosmosdb-require-automatic-failover";
import { dataCosmosdbRequireContinuousBackup } from "./cosmosdb-require-continuous-backup";
import { dataCosmosdbRequireMultipleRegions } from "./cosmosdb-require-multiple-regions";
import { dataCosmosdbRequireZoneRedundancy } from "./cosmosdb-require-zone-redundancy";
import { dataCosmosdbRestrictPublicAccess } from "./cosmosdb-restrict-public-access";
import { dataKeyvaultRequirePurgeProtection } from "./keyvault-require-purge-protection";
import { dataKeyvaultRequireRbacAuthorization } from "./keyvault-require-rbac-authorization";
import { dataKeyvaultRequireSoftDeleteRetention } from "./keyvault-require-soft-delete-retention";
import { dataKeyvaultRestrictPublicAccess } from "./keyvault-restrict-public-access";
import { dataPostgresqlRequireBackupRetention } from "./postgresql-require-backup-retention";
import { dataPostgresqlRequireCustomMaintenance } from "./postgresql-require-custom-maintenance";
import { dataPostgresqlRequireEntraAuth } from "./postgresql-require-entra-auth";
import { dataPostgresqlRequireHaAndGeo } from "./postgresql-require-ha-and-geo";
import { dataPostgresqlRequireSecureTransport } from "./postgresql-require-secure-transport";
import { dataPostgresqlRequireStorageAutogrow } from "./postgresql-require-storage-autogrow";
import { dataPostgresqlRestrictPublicAccess } from "./postgresql-restrict-public-access";
import { dataPostgresqlTier1RequireGeoReplica } from "./postgresql-tier1-require-geo-replica";
import { dataStorageDisableSharedKey } from "./storage-disable-shared-key";
import { dataStorageRequireBlobSoftDelete } from "./storage-require-blob-soft-delete";
import { dataStorageRequireBlobVersioning } from "./storage-require-blob-versioning";
import { dataStorageRequireContainerSoftDelete } from "./storage-require-container-soft-delete";
import { dataStorageRequireRedundancyAndTls } from "./storage-require-redundancy-and-tls";
import { dataStorageRestrictNetworkAccess } from "./storage-restrict-network-access";

/** The data checks, in the order the pack lists them. */
export const dataChecks: readonly ResilienceCheck[] = [
  dataPostgresqlRequireHaAndGeo,
  dataPostgresqlTier1RequireGeoReplica,
  dataPostgresqlRestrictPublicAccess,
  dataPostgresqlRequireEntraAuth,
  dataKeyvaultRequirePurgeProtection,
  dataStorageRequireRedundancyAndTls,
  dataCosmosdbDisableLocalAuth,
  dataCosmosdbRequireAutomaticFailover,
  dataCosmosdbRequireContinuousBackup,
  dataCosmosdbRequireMultipleRegions,
  dataCosmosdbRequireZoneRedundancy,
  dataCosmosdbRestrictPublicAccess,
  dataKeyvaultRequireRbacAuthorization,
  dataKeyvaultRequireSoftDeleteRetention,
  dataKeyvaultRestrictPublicAccess,
  dataPostgresqlRequireBackupRetention,
  dataPostgresqlRequireCustomMaintenance,
  dataPostgresqlRequireSecureTransport,
  dataPostgresqlRequireStorageAutogrow,
  dataStorageDisableSharedKey,
  dataStorageRequireBlobSoftDelete,
  dataStorageRequireBlobVersioning,
  dataStorageRequireContainerSoftDelete,
  dataStorageRestrictNetworkAccess,
];
