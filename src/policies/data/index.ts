import type { ResilienceCheck } from "../model";
import { dataKeyvaultRequirePurgeProtection } from "./keyvault-require-purge-protection";
import { dataPostgresqlRequireEntraAuth } from "./postgresql-require-entra-auth";
import { dataPostgresqlRequireHaAndGeo } from "./postgresql-require-ha-and-geo";
import { dataPostgresqlRestrictPublicAccess } from "./postgresql-restrict-public-access";
import { dataPostgresqlTier1RequireGeoReplica } from "./postgresql-tier1-require-geo-replica";
import { dataStorageRequireRedundancyAndTls } from "./storage-require-redundancy-and-tls";

/** The data checks, in the order the pack lists them. */
export const dataChecks: readonly ResilienceCheck[] = [
  dataPostgresqlRequireHaAndGeo,
  dataPostgresqlTier1RequireGeoReplica,
  dataPostgresqlRestrictPublicAccess,
  dataPostgresqlRequireEntraAuth,
  dataKeyvaultRequirePurgeProtection,
  dataStorageRequireRedundancyAndTls,
];
