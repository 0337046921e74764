import { CheckedResource, ofType } from "../model";

/** Microsoft's sources the model checks share. */
export const modelSources = {
  /** APRL recommendations for Microsoft.CognitiveServices/accounts. */
  aprl: "https://azure.github.io/Azure-Proactive-Resiliency-Library-v2/azure-resources/CognitiveServices/accounts/",
  bcdr: "https://learn.microsoft.com/azure/ai-services/openai/how-to/business-continuity-disaster-recovery",
  modelVersions: "https://learn.microsoft.com/azure/ai-foundry/openai/concepts/model-versions",
  deploymentTypes: "https://learn.microsoft.com/azure/ai-foundry/foundry-models/concepts/deployment-types",
};

/**
 * Finds the account of a deployment or RAI policy, with lookups built once per stack: by dependency, then by the
 * `accountName` it gives (an account's ARM id, `name`, `accountName` or Pulumi name).
 */
export function accountFinder(resources: readonly CheckedResource[]) {
  const accounts = ofType(resources, "azure-native:cognitiveservices:Account");
  const byUrn = new Map(accounts.map((a) => [a.urn, a]));
  const byRef = new Map<string, CheckedResource>();
  const add = (key: unknown, account: CheckedResource, lower = false) => {
    if (typeof key !== "string" || key === "") return;
    const k = lower ? key.toLowerCase() : key;
    if (!byRef.has(k)) byRef.set(k, account);
  };
  for (const a of accounts) add(a.props.id, a, true);
  for (const a of accounts) {
    add(a.props.name, a);
    add(a.props.accountName, a);
    add(a.name, a);
  }
  return (child: CheckedResource): CheckedResource | undefined => {
    for (const urn of child.dependencies) {
      const found = byUrn.get(urn);
      if (found) return found;
    }
    const ref = child.props.accountName;
    if (typeof ref !== "string") return undefined;
    return byRef.get(ref.toLowerCase()) ?? byRef.get(ref);
  };
}
