import { CheckedResource, ofType } from "../model";

/**
 * Keys by which resources of a stack name the Automation accounts they belong to: the URNs they depend on and
 * `name:<automationAccountName>` (lower-case), built once per stack.
 */
export function accountReferences(resources: readonly CheckedResource[], type: string): Set<string> {
  const keys = new Set<string>();
  for (const r of ofType(resources, type)) {
    for (const urn of r.dependencies) keys.add(urn);
    if (typeof r.props.automationAccountName === "string")
      keys.add(`name:${r.props.automationAccountName.toLowerCase()}`);
  }
  return keys;
}

/** Whether `keys` (from accountReferences) name the account. */
export function namesAccount(keys: Set<string>, account: CheckedResource): boolean {
  const name = account.props.automationAccountName ?? account.props.name;
  return keys.has(account.urn) || (typeof name === "string" && keys.has(`name:${name.toLowerCase()}`));
}
