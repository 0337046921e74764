import type { ResilienceCheck } from "../model";
import { computeAksDisableLocalAccounts } from "./aks-disable-local-accounts";
import { computeAksEnableAutoUpgrade } from "./aks-enable-auto-upgrade";
import { computeAksEnableAzurePolicy } from "./aks-enable-azure-policy";
import { computeAksRequireStandardTier } from "./aks-require-standard-tier";
import { computeAksRequireZones } from "./aks-require-zones";
import { computeAksRestrictApiServer } from "./aks-restrict-api-server";
import { computeAksSystemPoolMinNodes } from "./aks-system-pool-min-nodes";
import { computeDiskRequireCustomerManagedKey } from "./disk-require-customer-managed-key";
import { computeDiskRequireZoneRedundancy } from "./disk-require-zone-redundancy";
import { computeDiskRestrictNetworkAccess } from "./disk-restrict-network-access";
import { computeVmDenyPublicIp } from "./vm-deny-public-ip";
import { computeVmEnableBootDiagnostics } from "./vm-enable-boot-diagnostics";
import { computeVmEnableEncryptionAtHost } from "./vm-enable-encryption-at-host";
import { computeVmRequireManagedDisks } from "./vm-require-managed-disks";
import { computeVmRequireZones } from "./vm-require-zones";
import { computeVmssAvoidSimultaneousUpgrade } from "./vmss-avoid-simultaneous-upgrade";
import { computeVmssDisableStrictZoneBalance } from "./vmss-disable-strict-zone-balance";
import { computeVmssEnableAutomaticRepairs } from "./vmss-enable-automatic-repairs";
import { computeVmssPreferFlexibleOrchestration } from "./vmss-prefer-flexible-orchestration";
import { computeVmssRequireZones } from "./vmss-require-zones";

/** The compute checks, in the order the pack lists them. */
export const computeChecks: readonly ResilienceCheck[] = [
  computeAksDisableLocalAccounts,
  computeAksEnableAutoUpgrade,
  computeAksEnableAzurePolicy,
  computeAksRequireStandardTier,
  computeAksRequireZones,
  computeAksRestrictApiServer,
  computeAksSystemPoolMinNodes,
  computeDiskRequireCustomerManagedKey,
  computeDiskRequireZoneRedundancy,
  computeDiskRestrictNetworkAccess,
  computeVmDenyPublicIp,
  computeVmEnableBootDiagnostics,
  computeVmEnableEncryptionAtHost,
  computeVmRequireManagedDisks,
  computeVmRequireZones,
  computeVmssAvoidSimultaneousUpgrade,
  computeVmssDisableStrictZoneBalance,
  computeVmssEnableAutomaticRepairs,
  computeVmssPreferFlexibleOrchestration,
  computeVmssRequireZones,
];
