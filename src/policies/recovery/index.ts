import type { ResilienceCheck } from "../model";
import { recoveryReplicaDiskRequirePremium } from "./replica-disk-require-premium";
import { recoveryTier1VmRequireReplication } from "./tier1-vm-require-replication";
import { recoveryVaultNotInSourceRegion } from "./vault-not-in-source-region";

/** The recovery checks, in the order the pack lists them. */
export const recoveryChecks: readonly ResilienceCheck[] = [
  recoveryTier1VmRequireReplication,
  recoveryReplicaDiskRequirePremium,
  recoveryVaultNotInSourceRegion,
];
