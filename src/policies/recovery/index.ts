import type { ResilienceCheck } from "../model";
import { recoveryProtectionpolicyRequireRetention } from "./protectionpolicy-require-retention";
import { recoveryReplicaDiskRequirePremium } from "./replica-disk-require-premium";
import { recoveryReplicatedVmRequireBackup } from "./replicated-vm-require-backup";
import { recoveryReplicationpolicyEnableAppConsistency } from "./replicationpolicy-enable-app-consistency";
import { recoveryReplicationpolicyRequireRetention } from "./replicationpolicy-require-retention";
import { recoveryTier1VmRequireReplication } from "./tier1-vm-require-replication";
import { recoveryVaultEnableCrossRegionRestore } from "./vault-enable-cross-region-restore";
import { recoveryVaultEnableImmutability } from "./vault-enable-immutability";
import { recoveryVaultEnableSoftDelete } from "./vault-enable-soft-delete";
import { recoveryVaultNotInSourceRegion } from "./vault-not-in-source-region";
import { recoveryVaultRequireZoneRedundancy } from "./vault-require-zone-redundancy";
import { recoveryVaultRestrictPublicAccess } from "./vault-restrict-public-access";

/** The recovery checks, in the order the pack lists them. */
export const recoveryChecks: readonly ResilienceCheck[] = [
  recoveryTier1VmRequireReplication,
  recoveryReplicaDiskRequirePremium,
  recoveryVaultNotInSourceRegion,
  recoveryProtectionpolicyRequireRetention,
  recoveryReplicationpolicyEnableAppConsistency,
  recoveryReplicationpolicyRequireRetention,
  recoveryVaultEnableCrossRegionRestore,
  recoveryVaultEnableImmutability,
  recoveryVaultEnableSoftDelete,
  recoveryVaultRequireZoneRedundancy,
  recoveryVaultRestrictPublicAccess,
  recoveryReplicatedVmRequireBackup,
];
