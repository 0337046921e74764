import { CheckedResource, ofType } from "../model";

/** Recovery Services resource types that put Azure Backup data (not Site Recovery metadata) in a vault. */
export const backupTypes = [
  "azure-native:recoveryservices:ProtectionPolicy",
  "azure-native:recoveryservices:ProtectedItem",
];

/**
 * Keys of the vaults that hold Azure Backup data: the URNs backup policies and items depend on, and
 * `name:<vaultName>` (lower-case), built once per stack.
 */
export function backupVaultKeys(resources: readonly CheckedResource[]): Set<string> {
  const keys = new Set<string>();
  for (const r of ofType(resources, ...backupTypes)) {
    for (const urn of r.dependencies) keys.add(urn);
    if (typeof r.props.vaultName === "string") keys.add(`name:${r.props.vaultName.toLowerCase()}`);
  }
  return keys;
}

/** Whether the vault is among `keys` (from backupVaultKeys). */
export function holdsBackups(keys: Set<string>, vault: CheckedResource): boolean {
  const name = vault.props.vaultName ?? vault.props.name;
  return keys.has(vault.urn) || (typeof name === "string" && keys.has(`name:${name.toLowerCase()}`));
}
